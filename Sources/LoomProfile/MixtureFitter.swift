import Foundation
import LoomStats

/// Fits Gaussian and lognormal mixtures of 2 to 4 components to a numeric column that no single
/// law fits, and keeps one only when the column is clearly multi-modal: the fitted density has
/// two peaks with a valley between them, its Bayesian information criterion (BIC) beats every
/// single law's and the quantile table's by `margin`, its KS distance to the data passes the
/// single-law threshold, the values themselves show two modes (`hasTwoModes`), and every
/// component stands for at least `minCount` rows (a mixture's parameters are aggregates of its
/// components' rows, like a quantile point's k records).
public enum MixtureFitter {
    /// Normal components, or normal components of ln(x) (lognormal).
    public enum Family: String, Sendable {
        case normal
        case lognormal
    }

    /// A chosen mixture and the evidence for it.
    public struct Fit: Sendable {
        public var family: Family
        /// Components of x (normal) or of ln(x) (lognormal).
        public var mixture: NormalMixture
        public var ks: Double
        public var bic: Double
        /// The best BIC among single laws and the quantile table.
        public var rivalBIC: Double

        /// The spec text of the generator: `{ mixture: [ { weight: …, normal: { … } }, … ] }`.
        public var generator: String {
            let parts = mixture.components.map { c in
                let law =
                    family == .normal
                    ? "normal: { mean: \(Fmt.num(c.mean, digits: 6)), sd: \(Fmt.num(c.sd, digits: 6)) }"
                    : "lognormal: { mu: \(Fmt.num(c.mean, digits: 6)), sigma: \(Fmt.num(c.sd, digits: 6)) }"
                return "{ weight: \(Fmt.num(c.weight, digits: 4)), \(law) }"
            }
            return "{ mixture: [ \(parts.joined(separator: ", ")) ] }"
        }

        /// The law as LoomStats models stored values.
        public func target(integer: Bool) -> TargetDistribution {
            MixtureFitter.target(family, mixture, integer: integer)
        }
    }

    /// BIC points by which a mixture must beat its rivals (strong evidence on Kass and Raftery's scale).
    public static let margin = 10.0
    /// Values the EM runs on at most (an even spread over the sorted values); the BIC and KS
    /// use every value.
    static let fitSample = 4000
    /// Fewest values worth a mixture.
    static let minValues = 200

    /// The best mixture of `sorted` (increasing, NULLs left out), or nil to keep the quantile table
    /// `table` (the profile's points, p from 0 to 1). `integer`: whole-number values.
    public static func fit(sorted: [Double], integer: Bool, minCount: Int, table: [(p: Double, value: Double)]) -> Fit? {
        let n = sorted.count
        guard n >= minValues, let lo = sorted.first, let hi = sorted.last, hi > lo,
            hasTwoModes(sorted, integer: integer)
        else { return nil }
        let sample = spread(sorted)
        let positive = lo > 0
        let logs = positive ? sorted.map { log($0) } : []
        let logSample = positive ? sample.map { log($0) } : []
        let sumLogs = logs.reduce(0, +)
        let ln = log(Double(n))
        func bic(_ logL: Double, _ params: Int) -> Double { -2 * logL + Double(params) * ln }

        // Single laws: one normal, one lognormal, exponential, uniform.
        var single = Double.infinity
        if let one = NormalMixture.fit(sorted: sorted, components: 1) { single = min(single, bic(one.logLikelihood(sorted), 2)) }
        if positive, let one = NormalMixture.fit(sorted: logs, components: 1) {
            single = min(single, bic(one.logLikelihood(logs) - sumLogs, 2))
        }
        let mean = sorted.reduce(0, +) / Double(n)
        if lo >= 0, mean > 0 {
            single = min(single, bic(Double(n) * (log(1 / mean) - 1), 1))
        }
        single = min(single, bic(-Double(n) * log(hi - lo), 2))

        let minSD = integer ? 0.5 : 0
        var best: Fit? = nil
        for family in [Family.normal, .lognormal] where family == .normal || positive {
            let data = family == .normal ? sorted : logs
            let fitOn = family == .normal ? sample : logSample
            for k in 2...4 {
                guard
                    let m = NormalMixture.fit(
                        sorted: fitOn, components: k, minSD: family == .normal ? minSD : minSD / max(hi, 1))
                else { continue }
                guard m.components.allSatisfy({ $0.weight * Double(n) >= Double(max(minCount, 1)) }) else { continue }
                // Modes of the values themselves, between their 0.5% and 99.5% quantiles.
                let range = sorted[n / 200]...sorted[n - 1 - n / 200]
                guard m.isMultimodal(over: range, ofExp: family == .lognormal) else { continue }
                let logL = m.logLikelihood(data) - (family == .lognormal ? sumLogs : 0)
                let score = bic(logL, m.parameterCount)
                if best == nil || score < best!.bic {
                    best = Fit(family: family, mixture: m, ks: 1, bic: score, rivalBIC: single)
                }
            }
        }
        guard var fit = best, fit.bic + margin < single else { return nil }
        if let tableBIC = tableBIC(sorted, table: table, fit: fit) {
            guard tableBIC.mixture + margin < tableBIC.table else { return nil }
            fit.rivalBIC = min(fit.rivalBIC, tableBIC.table - tableBIC.mixture + fit.bic)
        }
        fit.ks = MarginalFitter.ks(sorted, fit.target(integer: integer))
        guard fit.ks <= MarginalFitter.threshold(n: n) else { return nil }
        return fit
    }

    /// The BIC of the quantile table (a density flat between its points, one parameter per
    /// point) and of the mixture, over the values inside the table's range; nil when the table
    /// has an atom (a density without a bound).
    static func tableBIC(_ sorted: [Double], table: [(p: Double, value: Double)], fit: Fit) -> (table: Double, mixture: Double)? {
        guard table.count >= 2 else { return nil }
        for (a, b) in zip(table, table.dropFirst()) where b.value <= a.value && b.p > a.p { return nil }
        let first = table[0].value, last = table[table.count - 1].value
        var tableLogL = 0.0, mixLogL = 0.0, inside = 0
        var seg = 1
        for x in sorted where x >= first && x <= last {
            while seg < table.count - 1 && table[seg].value < x { seg += 1 }
            let a = table[seg - 1], b = table[seg]
            guard b.value > a.value, b.p > a.p else { continue }
            tableLogL += log((b.p - a.p) / (b.value - a.value))
            mixLogL += fit.family == .normal ? fit.mixture.logDensity(x) : fit.mixture.logDensity(log(x)) - log(x)
            inside += 1
        }
        guard inside > 0 else { return nil }
        let ln = log(Double(inside))
        return (-2 * tableLogL + Double(table.count) * ln, -2 * mixLogL + Double(fit.mixture.parameterCount) * ln)
    }

    /// At most `fitSample` values spread evenly over the sorted values (every quantile kept).
    static func spread(_ sorted: [Double]) -> [Double] {
        guard sorted.count > fitSample else { return sorted }
        return (0..<fitSample).map { sorted[$0 * sorted.count / fitSample] }
    }

    static func target(_ family: Family, _ m: NormalMixture, integer: Bool) -> TargetDistribution {
        let laws: [TargetDistribution.Law] = m.components.map {
            family == .normal ? .normal(mean: $0.mean, sd: $0.sd) : .lognormal(mu: $0.mean, sigma: $0.sd)
        }
        return TargetDistribution(
            .mixture(weights: m.components.map(\.weight), laws: laws), rounding: integer ? .nearestInteger : .none)
    }
}
