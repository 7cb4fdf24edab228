/// How many parent rows have each number of children: `{ histogram: { 0: 12, 1: 40, 57: 7 } }`.
///
/// As a `per_parent` count it spreads the parents over the counts in exactly these shares (a
/// fixed scramble of the parent rows gives each its count), so a table's size is the parents
/// times the histogram's mean, not a random sum; as a reference's `pick:` it gives each parent
/// row that many children of the referencing table (scaled to the table's rows).
public struct CountHistogram: Sendable, Hashable {
    /// Children per parent, increasing, each at least 0.
    public var counts: [Int64]
    /// Parents with each count (relative weights, positive).
    public var parents: [Double]

    public init(counts: [Int64], parents: [Double]) {
        self.counts = counts
        self.parents = parents
    }

    /// Mean children per parent.
    public var mean: Double {
        let total = parents.reduce(0, +)
        guard total > 0 else { return 0 }
        return zip(counts, parents).reduce(0) { $0 + Double($1.0) * $1.1 } / total
    }

    /// Reads `{ COUNT: PARENTS, … }`.
    static func parse(_ node: YAMLNode, reader: YAMLReader) throws(SpecError) -> CountHistogram {
        guard case .mapping(let m) = node, !m.isEmpty else {
            throw reader.error("histogram needs a mapping of children: parents, e.g. { histogram: { 1: 40, 2: 25, 30: 10 } }", node)
        }
        var pairs: [(Int64, Double)] = []
        var seen = Set<Int64>()
        for (k, v) in m {
            let count = try reader.int(k, "histogram count")
            guard count >= 0 else { throw reader.error("histogram counts must not be negative, found \(count)", k) }
            guard seen.insert(count).inserted else { throw reader.error("histogram count \(count) appears twice", k) }
            let parents = try reader.double(v, "parents with \(count) children")
            guard parents > 0, parents.isFinite else {
                throw reader.error("parents of a histogram count must be positive, found \(parents)", v)
            }
            pairs.append((count, parents))
        }
        pairs.sort { $0.0 < $1.0 }
        return CountHistogram(counts: pairs.map(\.0), parents: pairs.map(\.1))
    }
}
