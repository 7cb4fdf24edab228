import Foundation

/// The privacy safeguards applied to everything a profile stores: categories seen fewer than
/// `minCount` times are dropped, every stored number of a quantile table (and every bound) is
/// the mean of at least `minCount` records (a range's ends are moved out from two such means,
/// `tailBounds`), and with `epsilon` set, counts and histograms get
/// Laplace noise first.
public struct PrivacyFilter {
    /// The least number of records behind any stored category or number (k).
    public var minCount: Int
    /// Differential-privacy noise source, when `--epsilon` is given.
    public var noise: LaplaceNoise?

    public init(minCount: Int = 10, epsilon: Double? = nil, seed: UInt64 = 0) {
        self.minCount = max(1, minCount)
        noise = epsilon.map { LaplaceNoise(epsilon: $0, seed: seed) }
    }

    /// Category shares after the safeguards.
    public struct Categories: Equatable {
        /// Kept values with their (noised) counts, most frequent first.
        public var kept: [(value: String, count: Double)]
        /// Number of distinct values dropped for being rare.
        public var droppedValues: Int
        /// Records whose value was dropped.
        public var droppedRecords: Int

        public static func == (a: Categories, b: Categories) -> Bool {
            a.kept.map(\.value) == b.kept.map(\.value) && a.kept.map(\.count) == b.kept.map(\.count)
                && a.droppedValues == b.droppedValues && a.droppedRecords == b.droppedRecords
        }
    }

    /// Drops values seen fewer than k times (judged on the noised count when ε is set).
    /// Values are visited in a fixed order so that noise is reproducible.
    public func categories(_ counts: [String: Int]) -> Categories {
        var kept: [(String, Double)] = []
        var droppedValues = 0, droppedRecords = 0
        for (value, count) in counts.sorted(by: { $0.key < $1.key }) {
            let released = noise.map { $0.noisy(Double(count)) } ?? Double(count)
            if released < Double(minCount) || count == 0 {
                droppedValues += 1
                droppedRecords += count
            } else {
                kept.append((value, released))
            }
        }
        kept.sort { $0.1 != $1.1 ? $0.1 > $1.1 : $0.0 < $1.0 }
        return Categories(kept: kept, droppedValues: droppedValues, droppedRecords: droppedRecords)
    }

    /// The mean of the `minCount` records around rank `r` of `sorted` (clipped to the ends), so
    /// no stored number is a single record's value.
    func windowMean(_ sorted: [Double], rank r: Double) -> Double {
        let n = sorted.count
        let k = min(minCount, n)
        var start = Int((r - Double(k - 1) / 2).rounded())
        start = max(0, min(n - k, start))
        var sum = 0.0
        for i in start..<(start + k) { sum += sorted[i] }
        return sum / Double(k)
    }

    /// Safe bounds for a column: the means of the k smallest and of the k largest values.
    public func bounds(_ sorted: [Double]) -> ClosedRange<Double>? {
        guard let first = sorted.first else { return nil }
        if sorted.count < minCount { return first...first }
        let lo = windowMean(sorted, rank: 0), hi = windowMean(sorted, rank: Double(sorted.count - 1))
        return lo...max(lo, hi)
    }

    /// Bounds for generated values: the means of the k smallest and of the k largest values, each
    /// moved out to the end of the range by the slope to the next k values. A window's mean stands
    /// for its middle rank, not for the extreme; taken as the end, it shrinks the range by half a
    /// window on each side. The move uses only means of k records, and never crosses zero when
    /// the values do not.
    public func tailBounds(_ sorted: [Double]) -> ClosedRange<Double>? {
        guard let range = bounds(sorted) else { return nil }
        let n = sorted.count, k = minCount
        guard n >= 2 * k, k > 1 else { return range }
        let half = Double(k - 1) / 2
        let lowNext = windowMean(sorted, rank: Double(k) + half), highNext = windowMean(sorted, rank: Double(n - 1 - k) - half)
        var lo = range.lowerBound - (lowNext - range.lowerBound) / Double(k) * half
        var hi = range.upperBound + (range.upperBound - highNext) / Double(k) * half
        if sorted.first! >= 0 { lo = max(lo, 0) }
        if sorted.last! <= 0 { hi = min(hi, 0) }
        return lo...max(lo, hi)
    }

    /// A quantile table of at most `maxPoints` points (p from 0 to 1) over bins of at least k
    /// records, each value a mean of k records around its rank. With ε, the table comes from a
    /// noisy equal-width histogram between the safe bounds instead.
    public func quantiles(_ sorted: [Double], maxPoints: Int = 101) -> [(p: Double, value: Double)] {
        let n = sorted.count
        guard n > 0, let range = tailBounds(sorted) else { return [] }
        if range.lowerBound == range.upperBound { return [(0, range.lowerBound), (1, range.upperBound)] }
        if let noise { return noisyQuantiles(sorted, range: range, bins: max(2, min(maxPoints - 1, 64)), noise: noise) }
        let bins = max(1, min(maxPoints - 1, n / minCount))
        var out: [(p: Double, value: Double)] = []
        for i in 0...bins {
            let p = Double(i) / Double(bins)
            var v = windowMean(sorted, rank: p * Double(n - 1))
            if let last = out.last { v = max(v, last.value) }
            out.append((p, v))
        }
        // The ends are the range's ends (moved out from the extreme windows' means).
        out[0].value = min(out[0].value, range.lowerBound)
        out[out.count - 1].value = max(out[out.count - 1].value, range.upperBound)
        // Inside a run of equal values only its first and last points matter.
        return out.enumerated().filter { i, q in
            i == 0 || i == out.count - 1 || q.value != out[i - 1].value || q.value != out[i + 1].value
        }.map(\.element)
    }

    private func noisyQuantiles(_ sorted: [Double], range: ClosedRange<Double>, bins: Int, noise: LaplaceNoise) -> [(
        p: Double, value: Double
    )] {
        let lo = range.lowerBound, width = (range.upperBound - lo) / Double(bins)
        var counts = [Double](repeating: 0, count: bins)
        for x in sorted {
            let i = min(bins - 1, max(0, Int(((x - lo) / width).rounded(.down))))
            counts[i] += 1
        }
        counts = counts.map(noise.noisy)
        let total = counts.reduce(0, +)
        guard total > 0 else { return [(0, lo), (1, range.upperBound)] }
        var out: [(p: Double, value: Double)] = [(0, lo)]
        var cum = 0.0
        for i in 0..<bins {
            cum += counts[i]
            let p = i == bins - 1 ? 1 : cum / total
            // Empty bins add no probability: keep p strictly increasing by merging them.
            if p > out.last!.p {
                out.append((p, lo + Double(i + 1) * width))
            } else {
                out[out.count - 1].value = lo + Double(i + 1) * width
            }
        }
        if out.last!.p < 1 { out.append((1, range.upperBound)) }
        return out
    }
}
