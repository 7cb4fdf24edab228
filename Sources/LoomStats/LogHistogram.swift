import Foundation

/// A mergeable histogram with logarithmic bins (relative accuracy `alpha`, as in DDSketch):
/// positive and negative values in mirrored bins, zero apart. Quantiles, CDFs and the bins
/// needed for KS and PSI come from it; two shards' histograms merge by adding counts.
public struct LogHistogram: Sendable, Codable {
    public let alpha: Double
    private let gamma: Double
    private let logGamma: Double
    /// Counts of positive bins `posBase, posBase + 1, ...` (dense: adding is an index, not a hash).
    private var posBase: Int32 = 0
    private var pos: [Int64] = []
    private var negBase: Int32 = 0
    private var neg: [Int64] = []
    public private(set) var zeros: Int64 = 0
    public private(set) var count: Int64 = 0

    public init(alpha: Double = 0.01) {
        self.alpha = alpha
        gamma = (1 + alpha) / (1 - alpha)
        logGamma = log(gamma)
    }

    /// A histogram from its parts (`SketchCodec`): dense counts from `posBase` and `negBase`.
    init(alpha: Double, posBase: Int32, pos: [Int64], negBase: Int32, neg: [Int64], zeros: Int64, count: Int64) {
        self.init(alpha: alpha)
        self.posBase = posBase
        self.pos = pos
        self.negBase = negBase
        self.neg = neg
        self.zeros = zeros
        self.count = count
    }

    /// The dense counts and their first bins (`SketchCodec`).
    var parts: (posBase: Int32, pos: [Int64], negBase: Int32, neg: [Int64]) { (posBase, pos, negBase, neg) }

    /// Values with magnitude below this count as zero.
    static let tiny = 1e-12

    private func bin(_ magnitude: Double) -> Int32 { Int32((log(magnitude) / logGamma).rounded(.up)) }

    /// The representative value of positive bin `i` (within `alpha` of every value in it).
    private func value(_ i: Int32) -> Double { 2 * pow(gamma, Double(i)) / (gamma + 1) }

    /// Non-empty positive bins by index.
    public var positive: [Int32: Int64] { Self.sparse(pos, posBase) }
    /// Non-empty negative bins by index (of the magnitude).
    public var negative: [Int32: Int64] { Self.sparse(neg, negBase) }

    private static func sparse(_ counts: [Int64], _ base: Int32) -> [Int32: Int64] {
        var out: [Int32: Int64] = [:]
        for (i, c) in counts.enumerated() where c != 0 { out[base + Int32(i)] = c }
        return out
    }

    @inline(__always)
    private static func bump(_ counts: inout [Int64], _ base: inout Int32, _ index: Int32, by n: Int64) {
        if counts.isEmpty {
            base = index
            counts = [n]
            return
        }
        if index < base {
            counts.insert(contentsOf: repeatElement(0, count: Int(base - index)), at: 0)
            base = index
        }
        let offset = Int(index - base)
        if offset >= counts.count { counts.append(contentsOf: repeatElement(0, count: offset - counts.count + 1)) }
        counts[offset] += n
    }

    public mutating func add(_ x: Double) {
        guard x.isFinite else { return }
        count += 1
        if abs(x) < Self.tiny { zeros += 1 } else if x > 0 { Self.bump(&pos, &posBase, bin(x), by: 1) } else { Self.bump(&neg, &negBase, bin(-x), by: 1) }
    }

    /// Adds `other`'s counts; a histogram of another accuracy (bins that don't line up) is
    /// ignored, since sketches arrive from the network.
    public mutating func merge(_ other: LogHistogram) {
        guard alpha == other.alpha else { return }
        for (i, c) in other.pos.enumerated() where c != 0 { Self.bump(&pos, &posBase, other.posBase + Int32(i), by: c) }
        for (i, c) in other.neg.enumerated() where c != 0 { Self.bump(&neg, &negBase, other.negBase + Int32(i), by: c) }
        zeros += other.zeros
        count += other.count
    }

    /// (index, count) of non-empty bins in increasing order of value.
    private var ordered: [(negative: Bool, index: Int32, count: Int64)] {
        var out: [(Bool, Int32, Int64)] = []
        for (i, c) in neg.enumerated().reversed() where c != 0 { out.append((true, negBase + Int32(i), c)) }
        if zeros > 0 { out.append((false, Int32.min, zeros)) }
        for (i, c) in pos.enumerated() where c != 0 { out.append((false, posBase + Int32(i), c)) }
        return out
    }

    /// (upper edge, count) of every non-empty bin in increasing order.
    public var bins: [(upper: Double, count: Int64)] {
        ordered.map { b in
            if b.index == Int32.min && !b.negative { return (0, b.count) }
            return b.negative ? (-pow(gamma, Double(b.index - 1)), b.count) : (pow(gamma, Double(b.index)), b.count)
        }
    }

    /// The q-quantile (0...1), within relative accuracy `alpha`.
    public func quantile(_ q: Double) -> Double? {
        guard count > 0 else { return nil }
        let rank = Int64((q * Double(count - 1)).rounded(.down))
        var seen: Int64 = 0
        var last = 0.0
        for b in ordered {
            seen += b.count
            last = b.index == Int32.min && !b.negative ? 0 : (b.negative ? -value(b.index) : value(b.index))
            if seen > rank { return last }
        }
        return last
    }

    /// The largest bin boundary at or below `x`, with the exact number of values at or below
    /// it: the empirical CDF is exact at bin boundaries, so comparisons with a target CDF made
    /// there carry no binning error.
    public func boundary(atOrBelow x: Double) -> (edge: Double, count: Int64) {
        let negatives = neg.reduce(0, +)
        if x >= Self.tiny {
            var j = Int32((log(x) / logGamma).rounded(.down))
            if pow(gamma, Double(j)) > x { j -= 1 }
            var below: Int64 = 0
            for (i, c) in pos.enumerated() where posBase + Int32(i) <= j { below += c }
            return (pow(gamma, Double(j)), negatives + zeros + below)
        }
        if x <= -Self.tiny {
            var j = Int32((log(-x) / logGamma).rounded(.up))
            if pow(gamma, Double(j)) < -x { j += 1 }
            var below: Int64 = 0
            for (i, c) in neg.enumerated() where negBase + Int32(i) > j { below += c }
            return (-pow(gamma, Double(j)), below)
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

extension LogHistogram: Equatable {
    /// Equal when they hold the same counts in the same bins (however the arrays grew).
    public static func == (a: LogHistogram, b: LogHistogram) -> Bool {
        a.alpha == b.alpha && a.zeros == b.zeros && a.count == b.count && a.positive == b.positive && a.negative == b.negative
    }
}
