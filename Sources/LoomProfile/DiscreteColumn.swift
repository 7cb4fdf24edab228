/// A column cut into a few labelled bins, as the conditional model sees it: categories (the
/// kept ones, each its own bin, rarer values together in one unlabelled bin) or a number, date or
/// timestamp cut at quantiles of its values. Every label is a `by:` case key for the column.
struct DiscreteColumn {
    var name: String
    /// Whether the bins are ranges of a number (not categories).
    var numeric: Bool
    /// The bin of each row. NULL has a bin of its own (case key `null`) when the column has NULLs.
    var codes: [Int32]
    /// The case key of each bin, nil for the bin of rare categories (no case is written for it).
    var labels: [String?]
    /// The bin of values the column's generator never draws (categories dropped by the privacy
    /// filter): a `default:` is not learned from them, since no generated row falls there.
    var dropped: Int32?

    /// The case key that matches NULL.
    static let nullLabel = "null"

    /// Gives rows without a bin (NULL, coded -1) the bin `null` after the others.
    mutating func binNulls() {
        guard codes.contains(-1) else { return }
        let null = Int32(labels.count)
        for i in codes.indices where codes[i] < 0 { codes[i] = null }
        labels.append(Self.nullLabel)
    }

    var bins: Int { labels.count }

    /// At most this many categories take cases; rarer ones share the default. Categories with
    /// fewer rows than a case needs share it anyway, so the bound only keeps specs readable.
    static let maxCategories = 200

    /// Categories: the `kept` values, most frequent first, up to `maxCategories`; kept values past
    /// those share one bin, values not kept another (`dropped`).
    static func categorical(_ name: String, raw: [String?], kept: [String]) -> DiscreteColumn {
        let top = Array(kept.prefix(maxCategories))
        var index: [String: Int32] = [:]
        for (i, v) in kept.enumerated() { index[v] = Int32(min(i, top.count)) }
        let other = Int32(top.count), dropped = other + 1
        let codes = raw.map { v -> Int32 in v.map { index[$0] ?? dropped } ?? -1 }
        var column = DiscreteColumn(name: name, numeric: false, codes: codes, labels: top.map { $0 } + [nil, nil], dropped: dropped)
        column.binNulls()
        return column
    }

    /// A number cut at `edges` (increasing); bin i holds edges[i-1] ≤ x < edges[i]. `format`
    /// writes an edge as the column's literal (a whole number, a date, a timestamp).
    static func ranges(_ name: String, values: [Double?], edges: [Double], format: (Double) -> String) -> DiscreteColumn? {
        guard !edges.isEmpty else { return nil }
        let codes = values.map { v -> Int32 in
            guard let v else { return -1 }
            var lo = 0, hi = edges.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if v >= edges[mid] { lo = mid + 1 } else { hi = mid }
            }
            return Int32(lo)
        }
        var labels: [String?] = []
        for i in 0...edges.count {
            let lo = i == 0 ? "" : format(edges[i - 1]), hi = i == edges.count ? "" : format(edges[i])
            labels.append("\(lo)..\(hi)")
        }
        var column = DiscreteColumn(name: name, numeric: true, codes: codes, labels: labels, dropped: nil)
        column.binNulls()
        return column
    }

    /// Cut points at the quartiles of a private quantile table, rounded by `round`, distinct.
    static func quartileEdges(_ quantiles: [(p: Double, value: Double)], round: (Double) -> Double) -> [Double] {
        guard quantiles.count >= 2 else { return [] }
        var edges: [Double] = []
        for p in [0.25, 0.5, 0.75] {
            guard let j = quantiles.firstIndex(where: { $0.p >= p }), j > 0 else { continue }
            let a = quantiles[j - 1], b = quantiles[j]
            let t = b.p > a.p ? (p - a.p) / (b.p - a.p) : 0
            let x = round(a.value + t * (b.value - a.value))
            if x > (edges.last ?? -.infinity), x > quantiles.first!.value, x <= quantiles.last!.value { edges.append(x) }
        }
        return edges
    }
}
