/// A piecewise-linear inverse CDF over `(p, value)` points with an index over [0, 1): bucket b
/// of `buckets` holds the first point whose p is above b / buckets, so a lookup starts there and
/// steps over the few points of its bucket instead of searching the whole table. Gives exactly
/// `QuantileEvaluator.inverse`.
struct QuantileTable: Sendable {
    let ps: [Double]
    let values: [Double]
    let first: [Int32]
    let buckets: Double

    init(ps: [Double], values: [Double]) {
        self.ps = ps
        self.values = values
        let n = max(64, 4 * ps.count)
        var first: [Int32] = []
        first.reserveCapacity(n + 1)
        var i = 0
        for b in 0...n {
            let u = Double(b) / Double(n)
            while i < ps.count - 1 && ps[i] <= u { i += 1 }
            first.append(Int32(i))
        }
        self.first = first
        buckets = Double(n)
    }

    /// The value at probability `u` in [0, 1).
    @inline(__always)
    func value(_ u: Double) -> Double {
        var i = Int(first[min(Int(u * buckets), first.count - 1)])
        let last = ps.count - 1
        while i < last && ps[i] <= u { i += 1 }
        let j = max(i, 1)
        let p0 = ps[j - 1], p1 = ps[j]
        guard p1 > p0 else { return values[j] }
        return values[j - 1] + (values[j] - values[j - 1]) * (u - p0) / (p1 - p0)
    }
}
