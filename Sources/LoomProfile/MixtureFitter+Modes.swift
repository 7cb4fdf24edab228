import Foundation

extension MixtureFitter {
    /// Whether the values themselves have two modes: a Gaussian kernel density estimate
    /// (Silverman's bandwidth, at least 1 for whole numbers) on 512 bins between the 0.5% and
    /// 99.5% quantiles, with two peaks separated by a valley lower than `depth` times the lower
    /// peak. A monotone or single-peaked column is never multi-modal here, however well a
    /// mixture's wiggles might follow it.
    static func hasTwoModes(_ sorted: [Double], integer: Bool, depth: Double = 0.8) -> Bool {
        let n = sorted.count
        guard n >= 20 else { return false }
        let lo = sorted[n / 200], hi = sorted[n - 1 - n / 200]
        guard hi > lo else { return false }
        let mean = sorted.reduce(0, +) / Double(n)
        let sd = (sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot()
        let iqr = sorted[3 * n / 4] - sorted[n / 4]
        let spread = iqr > 0 ? min(sd, iqr / 1.34) : sd
        var h = 0.9 * spread * pow(Double(n), -0.2)
        if integer { h = max(h, 1) }
        guard h > 0 else { return false }
        let bins = 512
        let width = (hi - lo) / Double(bins)
        var counts = [Double](repeating: 0, count: bins)
        for x in sorted where x >= lo && x <= hi { counts[min(bins - 1, Int((x - lo) / width))] += 1 }
        let reach = min(bins, Int((4 * h / width).rounded(.up)))
        var kernel = [Double](repeating: 0, count: reach + 1)
        for k in 0...reach {
            let z = Double(k) * width / h
            kernel[k] = exp(-0.5 * z * z)
        }
        var density = [Double](repeating: 0, count: bins)
        for i in 0..<bins where counts[i] > 0 {
            for j in max(0, i - reach)...min(bins - 1, i + reach) { density[j] += counts[i] * kernel[abs(i - j)] }
        }
        var peaks: [Int] = []
        for i in 1..<(bins - 1) where density[i] > density[i - 1] && density[i] >= density[i + 1] { peaks.append(i) }
        for (a, b) in zip(peaks, peaks.dropFirst()) {
            let valley = density[a...b].min() ?? 0
            if valley < depth * min(density[a], density[b]) { return true }
        }
        return false
    }
}
