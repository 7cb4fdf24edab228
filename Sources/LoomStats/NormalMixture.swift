import Foundation

/// A mixture of normal laws, fitted by expectation–maximisation from a deterministic start:
/// the sorted values cut into k slices of equal count, each slice's mean and standard
/// deviation a component's, the weights equal. The same values always give the same fit.
public struct NormalMixture: Sendable, Equatable {
    /// One weighted normal law.
    public struct Component: Sendable, Equatable {
        public var weight: Double
        public var mean: Double
        public var sd: Double
        public init(weight: Double, mean: Double, sd: Double) {
            self.weight = weight
            self.mean = mean
            self.sd = sd
        }
    }

    /// Components in increasing order of their means, weights summing to 1.
    public var components: [Component]

    public init(components: [Component]) { self.components = components }

    /// Free parameters: a mean and a standard deviation per component, and k − 1 weights.
    public var parameterCount: Int { 3 * components.count - 1 }

    static let logRoot2Pi = 0.5 * log(2 * Double.pi)

    /// log of the mixture's density at `x` (two passes, no allocation).
    public func logDensity(_ x: Double) -> Double {
        var best = -Double.infinity
        for c in components {
            let z = (x - c.mean) / c.sd
            best = max(best, log(c.weight) - log(c.sd) - Self.logRoot2Pi - 0.5 * z * z)
        }
        guard best > -.infinity else { return best }
        var sum = 0.0
        for c in components {
            let z = (x - c.mean) / c.sd
            sum += exp(log(c.weight) - log(c.sd) - Self.logRoot2Pi - 0.5 * z * z - best)
        }
        return best + log(sum)
    }

    /// The sum of `logDensity` over `values`.
    public func logLikelihood(_ values: [Double]) -> Double {
        values.reduce(0) { $0 + logDensity($1) }
    }

    /// P(X ≤ x).
    public func cdf(_ x: Double) -> Double {
        components.reduce(0) { $0 + $1.weight * 0.5 * erfc(-(x - $1.mean) / ($1.sd * 2.squareRoot())) }
    }

    /// Whether the density has two peaks with a clear valley between them (lower than
    /// `depth` times the lower peak), looked for on a grid of `points` over `range`. With
    /// `ofExp`, the components are laws of ln(x) and the density looked at is that of x
    /// (`range` in x): a lognormal mixture is judged by the modes of the values themselves.
    public func isMultimodal(over range: ClosedRange<Double>, points: Int = 1000, depth: Double = 0.8, ofExp: Bool = false) -> Bool {
        guard range.upperBound > range.lowerBound, points >= 3, !ofExp || range.lowerBound > 0 else { return false }
        let step = (range.upperBound - range.lowerBound) / Double(points - 1)
        let d = (0..<points).map { i -> Double in
            let x = range.lowerBound + Double(i) * step
            return ofExp ? exp(logDensity(log(x)) - log(x)) : exp(logDensity(x))
        }
        var peaks: [Int] = []
        for i in 1..<(points - 1) where d[i] > d[i - 1] && d[i] >= d[i + 1] { peaks.append(i) }
        for (a, b) in zip(peaks, peaks.dropFirst()) {
            let valley = d[a...b].min() ?? 0
            if valley < depth * min(d[a], d[b]) { return true }
        }
        return false
    }

    /// Fits `k` components to `sorted` (increasing, at least 2k values) by EM, from components
    /// at its k equal-count slices; at most `iterations` rounds, stopping when the mean
    /// log-likelihood gains less than `tolerance`. No standard deviation falls below `minSD`
    /// (whole-number data would otherwise let a component collapse onto one value). Nil when
    /// the data are too few or constant.
    public static func fit(
        sorted: [Double], components k: Int, minSD: Double = 0, iterations: Int = 200, tolerance: Double = 1e-7
    ) -> NormalMixture? {
        let n = sorted.count
        guard k >= 1, n >= 2 * k, let lo = sorted.first, let hi = sorted.last, hi > lo else { return nil }
        let floor = max(minSD, (hi - lo) * 1e-6)
        // Sums are taken around the median, so large values keep their variance's precision.
        let centre = sorted[n / 2]
        var comps: [Component] = (0..<k).map { j in
            let slice = sorted[(j * n / k)..<((j + 1) * n / k)]
            let m = slice.reduce(0) { $0 + ($1 - centre) } / Double(slice.count)
            let v = slice.reduce(0) { $0 + ($1 - centre - m) * ($1 - centre - m) } / Double(slice.count)
            return Component(weight: 1 / Double(k), mean: m, sd: max(v.squareRoot(), floor))
        }
        var previous = -Double.infinity
        var r = [Double](repeating: 0, count: k)
        for _ in 0..<iterations {
            var sw = [Double](repeating: 0, count: k), sx = sw, sxx = sw
            var total = 0.0
            let logW = comps.map { log($0.weight) - log($0.sd) - logRoot2Pi }
            for value in sorted {
                let x = value - centre
                var best = -Double.infinity
                for j in 0..<k {
                    let z = (x - comps[j].mean) / comps[j].sd
                    r[j] = logW[j] - 0.5 * z * z
                    best = max(best, r[j])
                }
                var sum = 0.0
                for j in 0..<k {
                    r[j] = exp(r[j] - best)
                    sum += r[j]
                }
                total += best + log(sum)
                for j in 0..<k {
                    let w = r[j] / sum
                    sw[j] += w
                    sx[j] += w * x
                    sxx[j] += w * x * x
                }
            }
            for j in 0..<k {
                guard sw[j] > 1e-9 else { return nil }  // an empty component: k is too many
                let m = sx[j] / sw[j]
                let v = max(0, sxx[j] / sw[j] - m * m)
                comps[j] = Component(weight: sw[j] / Double(n), mean: m, sd: max(v.squareRoot(), floor))
            }
            if total - previous < tolerance * Double(n) { break }
            previous = total
        }
        for j in 0..<k { comps[j].mean += centre }
        return NormalMixture(components: comps.sorted { $0.mean < $1.mean })
    }
}
