import Foundation
import LoomStats

/// Chooses a column's marginal law: the best of normal, lognormal, exponential, uniform and
/// (for whole numbers) Poisson by the Kolmogorov–Smirnov distance to the data, when that
/// distance is small enough to call a fit; otherwise an empirical quantile table.
public enum MarginalFitter {
    /// A fitted parametric law.
    public enum Law: Equatable, Sendable {
        case normal(mean: Double, sd: Double)
        case lognormal(mu: Double, sigma: Double)
        case exponential(rate: Double)
        case uniform(min: Double, max: Double)
        case poisson(lambda: Double)

        public var name: String {
            switch self {
            case .normal: "normal"
            case .lognormal: "lognormal"
            case .exponential: "exponential"
            case .uniform: "uniform"
            case .poisson: "poisson"
            }
        }

        /// The law as LoomStats models stored values (rounded for whole-number columns).
        func target(integer: Bool) -> TargetDistribution {
            let rounding: TargetDistribution.Rounding = integer ? .nearestInteger : .none
            switch self {
            case .normal(let m, let s): return TargetDistribution(.normal(mean: m, sd: s), rounding: rounding)
            case .lognormal(let mu, let s): return TargetDistribution(.lognormal(mu: mu, sigma: s), rounding: rounding)
            case .exponential(let r): return TargetDistribution(.exponential(rate: r), rounding: rounding)
            case .uniform(let a, let b):
                return integer ? TargetDistribution(.uniformInteger(min: a, max: b)) : TargetDistribution(.uniform(min: a, max: b))
            case .poisson(let l): return TargetDistribution(.poisson(lambda: l))
            }
        }
    }

    /// The outcome: the chosen law (nil: use a quantile table) and every candidate's distance.
    public struct Fit: Sendable {
        public var law: Law?
        public var ks: Double?
        public var candidates: [(name: String, ks: Double)]
        /// The largest KS distance accepted as a fit for this sample size.
        public var threshold: Double
    }

    /// The largest KS distance that counts as a good fit for `n` values: the 5% critical value
    /// of the one-sample test, and never more than 0.05.
    public static func threshold(n: Int) -> Double {
        min(0.05, 1.36 / Double(max(n, 1)).squareRoot())
    }

    /// Fits the sorted, non-empty `values`; `integer` when the column holds whole numbers.
    public static func fit(sorted values: [Double], integer: Bool) -> Fit {
        let n = Double(values.count)
        let threshold = threshold(n: values.count)
        guard values.count >= 2, let lo = values.first, let hi = values.last, hi > lo else {
            return Fit(law: nil, ks: nil, candidates: [], threshold: threshold)
        }
        let mean = values.reduce(0, +) / n
        let sd = (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
        var laws: [Law] = [.uniform(min: lo, max: hi)]
        if sd > 0 { laws.append(.normal(mean: mean, sd: sd)) }
        if lo > 0 {
            let logs = values.map { log($0) }
            let mu = logs.reduce(0, +) / n
            let s = (logs.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / (n - 1)).squareRoot()
            if s > 0 { laws.append(.lognormal(mu: mu, sigma: s)) }
        }
        if lo >= 0, mean > 0 { laws.append(.exponential(rate: 1 / mean)) }
        if integer, lo >= 0, mean > 0 { laws.append(.poisson(lambda: mean)) }
        var candidates: [(String, Double)] = []
        var best: (Law, Double)? = nil
        for law in laws {
            let d = ks(values, law.target(integer: integer))
            candidates.append((law.name, d))
            if best == nil || d < best!.1 { best = (law, d) }
        }
        guard let best, best.1 <= threshold else {
            return Fit(law: nil, ks: best?.1, candidates: candidates, threshold: threshold)
        }
        return Fit(law: best.0, ks: best.1, candidates: candidates, threshold: threshold)
    }

    /// One-sample KS distance between sorted data and a law, exact for ties and discrete laws:
    /// at every distinct value both sides of the jump are compared.
    public static func ks(_ sorted: [Double], _ target: TargetDistribution) -> Double {
        let n = Double(sorted.count)
        var d = 0.0, i = 0
        while i < sorted.count {
            let v = sorted[i]
            var j = i
            while j < sorted.count && sorted[j] == v { j += 1 }
            let below = Double(i) / n, atOrBelow = Double(j) / n
            d = max(d, abs(target.cdf(v) - atOrBelow), abs(target.cdf(v.nextDown) - below))
            i = j
        }
        return d
    }

    /// KS distance between sorted data and a piecewise-linear quantile table.
    public static func ks(_ sorted: [Double], quantiles: [(p: Double, value: Double)], integer: Bool) -> Double {
        ks(
            sorted,
            TargetDistribution(.quantiles(quantiles.map { .init(p: $0.p, value: $0.value) }), rounding: integer ? .nearestInteger : .none))
    }
}
