import Foundation

/// A distribution a column is expected to follow, with its CDF and quantiles: the analytic law
/// of the column's generator, or a user's (or `loom profile`'s) declared expectation.
///
/// `clamp` and `rounding` model what the generator does after drawing: values are clamped into
/// a range and, for integer columns, rounded to the nearest whole number, so the CDF compared
/// with the data is the CDF of the stored values, not of the raw draw.
public struct TargetDistribution: Sendable, Equatable, Codable {
    /// The underlying law.
    public enum Law: Sendable, Equatable, Codable {
        case uniform(min: Double, max: Double)
        /// Whole numbers `min...max`, each equally likely.
        case uniformInteger(min: Double, max: Double)
        case normal(mean: Double, sd: Double)
        case lognormal(mu: Double, sigma: Double)
        case exponential(rate: Double)
        case poisson(lambda: Double)
        /// Failures before the first success.
        case geometric(p: Double)
        /// Ranks `1...n`, P(k) ∝ k^-s.
        case zipf(n: Double, s: Double)
        /// Piecewise-linear CDF through `(value, probability)` points sorted by value.
        case quantiles([QuantilePoint])
        /// Always `value` (an atom; a component of a mixture).
        case constant(Double)
        /// Weighted laws, `weights` summing to 1: the CDF is the weighted sum of theirs.
        indirect case mixture(weights: [Double], laws: [Law])

        /// Whether the law only takes whole-number values.
        public var isDiscrete: Bool {
            switch self {
            case .uniformInteger, .poisson, .geometric, .zipf: true
            case .constant(let v): v == v.rounded()
            case .mixture(_, let laws): laws.allSatisfy(\.isDiscrete)
            default: false
            }
        }
    }

    /// One point of an empirical quantile table.
    public struct QuantilePoint: Sendable, Equatable, Codable {
        public var p: Double
        public var value: Double
        public init(p: Double, value: Double) {
            self.p = p
            self.value = value
        }
    }

    /// How drawn values become stored values.
    public enum Rounding: Sendable, Equatable, Codable {
        case none
        /// A continuous draw rounded to the nearest whole number.
        case nearestInteger
        /// A continuous draw rounded to the nearest multiple of the step (a decimal column's
        /// scale, a `round:` setting, a decimal uniform's grid).
        case grid(Double)
        /// A continuous draw floored to the whole number below (dates and timestamps from a
        /// quantile table, in days and seconds).
        case floorInteger
    }

    public var law: Law
    public var clampMin: Double?
    public var clampMax: Double?
    public var rounding: Rounding

    public init(_ law: Law, clamp: ClosedRange<Double>? = nil, rounding: Rounding = .none) {
        self.law = law
        clampMin = clamp?.lowerBound
        clampMax = clamp?.upperBound
        self.rounding = rounding
    }

    /// Whether the law only takes whole-number values.
    public var isDiscrete: Bool { law.isDiscrete }

    /// Half the distance between neighbouring stored values of a law on a lattice (whole
    /// numbers, a decimal grid), nil for continuous values. Comparing counts half-way between
    /// lattice points judges a discrete column on its support: no value sits on the edge.
    public var halfStep: Double? {
        if isDiscrete { return 0.5 }
        switch rounding {
        case .none: return nil
        case .nearestInteger, .floorInteger: return 0.5
        case .grid(let step): return step / 2
        }
    }

    /// P(X ≤ x) for the stored values.
    public func cdf(_ x: Double) -> Double {
        if let lo = clampMin, x < lo { return 0 }
        if let hi = clampMax, x >= hi { return 1 }
        let y: Double
        if isDiscrete {
            y = x.rounded(.down)
        } else {
            switch rounding {
            case .none: y = x
            case .nearestInteger: y = x.rounded(.down) + 0.5
            case .grid(let step): y = ((x / step) + 1e-9).rounded(.down) * step + step / 2
            case .floorInteger: y = x.rounded(.down) + 1
            }
        }
        return Swift.min(1, Swift.max(0, rawCDF(y)))
    }

    /// The smallest stored value `x` with `cdf(x) ≥ p`, by bisection over the support.
    public func quantile(_ p: Double) -> Double {
        var (lo, hi) = support
        if let c = clampMin { lo = Swift.max(lo, c) }
        if let c = clampMax { hi = Swift.min(hi, c) }
        guard hi > lo else { return lo }
        if cdf(lo) >= p { return lo }
        for _ in 0..<200 {
            let mid = lo + (hi - lo) / 2
            if mid == lo || mid == hi { break }
            if cdf(mid) >= p { hi = mid } else { lo = mid }
        }
        if isDiscrete || rounding == .nearestInteger || rounding == .floorInteger { return hi.rounded(.down) }
        if case .grid(let step) = rounding { return ((hi / step) + 1e-9).rounded(.down) * step }
        return hi
    }

    /// A range holding all but a negligible share of the law's mass.
    var support: (Double, Double) { Self.support(law) }

    static func support(_ law: Law) -> (Double, Double) {
        switch law {
        case .uniform(let a, let b), .uniformInteger(let a, let b): return (a - 1, b + 1)
        case .normal(let m, let s): return (m - 40 * s - 1, m + 40 * s + 1)
        case .lognormal(let mu, let sigma): return (0, exp(Swift.min(mu + 40 * sigma, 700)))
        case .exponential(let r): return (0, 60 / r)
        case .poisson(let l): return (0, l + 60 * l.squareRoot() + 60)
        case .geometric(let p): return (0, p >= 1 ? 1 : 60 / -log1p(-p) + 1)
        case .zipf(let n, _): return (0, n + 1)
        case .quantiles(let q): return ((q.first?.value ?? 0) - 1, (q.last?.value ?? 0) + 1)
        case .constant(let v): return (v - 1, v + 1)
        case .mixture(_, let laws):
            let each = laws.map(support)
            return (each.map(\.0).min() ?? 0, each.map(\.1).max() ?? 0)
        }
    }

    private func rawCDF(_ x: Double) -> Double { Self.rawCDF(law, x) }

    static func rawCDF(_ law: Law, _ x: Double) -> Double {
        switch law {
        case .uniform(let a, let b):
            return b > a ? (x - a) / (b - a) : (x >= a ? 1 : 0)
        case .uniformInteger(let a, let b):
            return (x.rounded(.down) - a + 1) / (b - a + 1)
        case .normal(let m, let s):
            return s > 0 ? Self.phi((x - m) / s) : (x >= m ? 1 : 0)
        case .lognormal(let mu, let sigma):
            return x <= 0 ? 0 : Self.phi((log(x) - mu) / sigma)
        case .exponential(let r):
            return x < 0 ? 0 : -expm1(-r * x)
        case .poisson(let l):
            return Self.poissonCDF(x, lambda: l)
        case .geometric(let p):
            return x < 0 ? 0 : -expm1((x.rounded(.down) + 1) * log1p(-p))
        case .zipf(let n, let s):
            guard x >= 1 else { return 0 }
            return Self.harmonic(Swift.min(x.rounded(.down), n), s) / Self.harmonic(n, s)
        case .quantiles(let q):
            guard let first = q.first, let last = q.last else { return 0 }
            if x < first.value { return 0 }
            if x >= last.value { return 1 }
            var i = 1
            while i < q.count && q[i].value <= x { i += 1 }
            let a = q[i - 1], b = q[i]
            return b.value > a.value ? a.p + (b.p - a.p) * (x - a.value) / (b.value - a.value) : b.p
        case .constant(let v):
            return x >= v ? 1 : 0
        case .mixture(let weights, let laws):
            var sum = 0.0
            for (w, l) in zip(weights, laws) { sum += w * rawCDF(l, x) }
            return sum
        }
    }

    static func phi(_ z: Double) -> Double { 0.5 * erfc(-z / 2.squareRoot()) }

    /// P(X ≤ k) for a Poisson law: an exact sum below λ = 1000, a continuity-corrected normal
    /// approximation above.
    static func poissonCDF(_ x: Double, lambda: Double) -> Double {
        guard x >= 0 else { return 0 }
        let k = x.rounded(.down)
        if lambda > 1000 { return phi((k + 0.5 - lambda) / lambda.squareRoot()) }
        var term = exp(-lambda), sum = term
        var i = 1.0
        while i <= k {
            term *= lambda / i
            sum += term
            if sum >= 1 || (i > lambda && term < 1e-17) { break }
            i += 1
        }
        return sum
    }

    /// Generalised harmonic number H(k, s) = Σ_{i=1..k} i^-s: exact up to 1 000 terms, then
    /// the midpoint-rule integral of the tail.
    static func harmonic(_ k: Double, _ s: Double) -> Double {
        let exact = Swift.min(k, 1_000)
        var sum = 0.0
        var i = 1.0
        while i <= exact {
            sum += pow(i, -s)
            i += 1
        }
        guard k > exact else { return sum }
        let a = exact + 0.5, b = k + 0.5
        if abs(s - 1) < 1e-12 { return sum + log(b / a) }
        return sum + (pow(b, 1 - s) - pow(a, 1 - s)) / (1 - s)
    }
}
