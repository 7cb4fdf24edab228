import Foundation

/// A mergeable histogram with logarithmic bins (relative accuracy `alpha`, as in DDSketch):
/// positive and negative values in mirrored bins, zero apart. Quantiles, CDFs and the bins
/// needed for KS and PSI come from it; two shards' histograms merge by adding counts.
public struct LogHistogram: Sendable, Equatable, Codable {
    public let alpha: Double
    private let gamma: Double
    private let logGamma: Double
    public private(set) var positive: [Int32: Int64] = [:]
    public private(set) var negative: [Int32: Int64] = [:]
    public private(set) var zeros: Int64 = 0
    public private(set) var count: Int64 = 0

    public init(alpha: Double = 0.01) {
        self.alpha = alpha
        gamma = (1 + alpha) / (1 - alpha)
        logGamma = log(gamma)
    }

    /// Values with magnitude below this count as zero.
    static let tiny = 1e-12

    private func bin(_ magnitude: Double) -> Int32 { Int32((log(magnitude) / logGamma).rounded(.up)) }

    /// The representative value of positive bin `i` (within `alpha` of every value in it).
    private func value(_ i: Int32) -> Double { 2 * pow(gamma, Double(i)) / (gamma + 1) }

    public mutating func add(_ x: Double) {
        guard x.isFinite else { return }
        count += 1
        if abs(x) < Self.tiny { zeros += 1 } else if x > 0 { positive[bin(x), default: 0] += 1 } else { negative[bin(-x), default: 0] += 1 }
    }

    /// Adds `other`'s counts; a histogram of another accuracy (bins that don't line up) is
    /// ignored, since sketches arrive from the network.
    public mutating func merge(_ other: LogHistogram) {
        guard alpha == other.alpha else { return }
        for (k, v) in other.positive { positive[k, default: 0] += v }
        for (k, v) in other.negative { negative[k, default: 0] += v }
        zeros += other.zeros
        count += other.count
    }

    /// (upper edge, count) of every non-empty bin in increasing order.
    public var bins: [(upper: Double, count: Int64)] {
        var out: [(Double, Int64)] = []
        for k in negative.keys.sorted(by: >) { out.append((-pow(gamma, Double(k - 1)), negative[k]!)) }
        if zeros > 0 { out.append((0, zeros)) }
        for k in positive.keys.sorted() { out.append((pow(gamma, Double(k)), positive[k]!)) }
        return out
    }

    /// The q-quantile (0...1), within relative accuracy `alpha`.
    public func quantile(_ q: Double) -> Double? {
        guard count > 0 else { return nil }
        let rank = Int64((q * Double(count - 1)).rounded(.down))
        var seen: Int64 = 0
        for k in negative.keys.sorted(by: >) {
            seen += negative[k]!
            if seen > rank { return -value(k) }
        }
        seen += zeros
        if seen > rank { return 0 }
        for k in positive.keys.sorted() {
            seen += positive[k]!
            if seen > rank { return value(k) }
        }
        return positive.keys.max().map(value)
    }

    /// The largest bin boundary at or below `x`, with the exact number of values at or below
    /// it: the empirical CDF is exact at bin boundaries, so comparisons with a target CDF made
    /// there carry no binning error.
    public func boundary(atOrBelow x: Double) -> (edge: Double, count: Int64) {
        let negatives = negative.values.reduce(0, +)
        if x >= Self.tiny {
            var j = Int32((log(x) / logGamma).rounded(.down))
            if pow(gamma, Double(j)) > x { j -= 1 }
            return (pow(gamma, Double(j)), negatives + zeros + positive.reduce(0) { $1.key <= j ? $0 + $1.value : $0 })
        }
        if x <= -Self.tiny {
            var j = Int32((log(-x) / logGamma).rounded(.up))
            if pow(gamma, Double(j)) < -x { j += 1 }
            return (-pow(gamma, Double(j)), negative.reduce(0) { $1.key > j ? $0 + $1.value : $0 })
        }
        return (0, negatives + zeros)
    }

    /// Two-sample Kolmogorov–Smirnov distance between histograms of the same accuracy,
    /// exact at every bin boundary either has.
    public func ks(_ other: LogHistogram) -> Double {
        guard count > 0, other.count > 0 else { return 0 }
        let a = bins, b = other.bins
        var i = 0, j = 0
        var ca: Int64 = 0, cb: Int64 = 0
        var worst = 0.0
        let na = Double(count), nb = Double(other.count)
        while i < a.count || j < b.count {
            let u = Swift.min(i < a.count ? a[i].upper : .infinity, j < b.count ? b[j].upper : .infinity)
            while i < a.count && a[i].upper <= u { ca += a[i].count; i += 1 }
            while j < b.count && b[j].upper <= u { cb += b[j].count; j += 1 }
            worst = Swift.max(worst, abs(Double(ca) / na - Double(cb) / nb))
        }
        return worst
    }
}
