/// Counts of a categorical column's values, up to `cap` distinct values; the rest are counted
/// together as "other". Mergeable.
public struct CategoryCounts: Sendable, Equatable, Codable {
    public let cap: Int
    public private(set) var counts: [String: Int64] = [:]
    public private(set) var other: Int64 = 0
    public private(set) var nulls: Int64 = 0

    public init(cap: Int = 1000) { self.cap = cap }

    /// Counts computed elsewhere (by a GROUP BY, say).
    public init(cap: Int = 1000, counts: [String: Int64], other: Int64 = 0, nulls: Int64 = 0) {
        self.cap = cap
        self.counts = counts
        self.other = other
        self.nulls = nulls
    }

    public var total: Int64 { counts.values.reduce(0, +) + other }

    public mutating func add(_ value: String, count n: Int64 = 1) {
        if counts[value] != nil || counts.count < cap { counts[value, default: 0] += n } else { other += n }
    }

    public mutating func addNull() { nulls += 1 }

    public mutating func merge(_ o: CategoryCounts) {
        for (k, v) in o.counts {
            if counts[k] != nil || counts.count < cap { counts[k, default: 0] += v } else { other += v }
        }
        other += o.other
        nulls += o.nulls
    }

    /// Shares of each value among non-null rows.
    public var frequencies: [String: Double] {
        let t = Double(total)
        guard t > 0 else { return [:] }
        return counts.mapValues { Double($0) / t }
    }
}
