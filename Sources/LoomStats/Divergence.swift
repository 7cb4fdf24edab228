import Foundation

/// How far observed data is from a target: KS distance and PSI for numeric columns, total
/// variation, chi-square and Jensen–Shannon for categories.
public enum Divergence {
    /// Largest gap between the histogram's empirical CDF and `cdf`, checked at every bin's
    /// upper edge (within-bin positions are not kept, so this is exact up to bin width).
    public static func ks(_ h: LogHistogram, cdf: (Double) -> Double) -> Double {
        guard h.count > 0 else { return 0 }
        var seen: Int64 = 0, worst = 0.0
        let n = Double(h.count)
        for b in h.bins {
            seen += b.count
            worst = max(worst, abs(Double(seen) / n - cdf(b.upper)))
        }
        return worst
    }

    /// Population stability index of observed vs expected shares over the same buckets.
    /// Empty buckets are floored at 1e-4, as is customary.
    public static func psi(observed: [Double], expected: [Double]) -> Double {
        zip(observed, expected).reduce(0) { acc, pair in
            let o = max(pair.0, 1e-4), e = max(pair.1, 1e-4)
            return acc + (o - e) * log(o / e)
        }
    }

    /// PSI of a histogram against a distribution, over `buckets` equal-probability buckets of
    /// the target (the usual deciles for 10).
    public static func psi(_ h: LogHistogram, quantile: (Double) -> Double, buckets: Int = 10) -> Double {
        guard h.count > 0 else { return 0 }
        let edges = (1..<buckets).map { quantile(Double($0) / Double(buckets)) }
        var counts = [Double](repeating: 0, count: buckets)
        for b in h.bins {
            let i = edges.firstIndex(where: { b.upper <= $0 }) ?? buckets - 1
            counts[i] += Double(b.count)
        }
        let n = Double(h.count)
        return psi(observed: counts.map { $0 / n }, expected: [Double](repeating: 1 / Double(buckets), count: buckets))
    }

    /// Half the L1 distance between two category distributions (0 same, 1 disjoint).
    public static func totalVariation(_ p: [String: Double], _ q: [String: Double]) -> Double {
        Set(p.keys).union(q.keys).reduce(0) { $0 + abs((p[$1] ?? 0) - (q[$1] ?? 0)) } / 2
    }

    /// Pearson's chi-square statistic of observed counts against expected shares.
    public static func chiSquare(observed: [String: Int64], expected: [String: Double]) -> Double {
        let n = Double(observed.values.reduce(0, +))
        guard n > 0 else { return 0 }
        return expected.reduce(0) { acc, kv in
            let e = kv.value * n
            guard e > 0 else { return acc }
            let o = Double(observed[kv.key] ?? 0)
            return acc + (o - e) * (o - e) / e
        }
    }

    /// Jensen–Shannon divergence in bits (0...1).
    public static func jensenShannon(_ p: [String: Double], _ q: [String: Double]) -> Double {
        var js = 0.0
        for k in Set(p.keys).union(q.keys) {
            let a = p[k] ?? 0, b = q[k] ?? 0, m = (a + b) / 2
            if a > 0 { js += 0.5 * a * log2(a / m) }
            if b > 0 { js += 0.5 * b * log2(b / m) }
        }
        return js
    }
}
