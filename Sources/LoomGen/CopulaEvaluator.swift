import Foundation
import LoomSpec

/// The inverse CDF of a column's law, fed with a standard normal `z` (uniform = Φ(z)).
enum Marginal {
    case normal(mean: Double, sd: Double)
    case lognormal(mu: Double, sigma: Double)
    case uniformFloat(lo: Double, width: Double)
    case uniformInt(lo: Int64, span: UInt64, decimalScale: Int?)
    case exponential(rate: Double)
    case geometric(p: Double)
    case time(lo: Int64, span: UInt64, unit: Int64, isDate: Bool)
    case pattern(TimePatternSampler)
    /// A `choice` of numbers: the values in increasing order with their cumulative shares, so
    /// the copula's order is the values' order.
    case discrete(values: [Value], cumulative: [Double])
    /// An empirical law (`quantiles`): the piecewise-linear inverse CDF at Φ(z).
    case quantiles(ps: [Double], values: [Double], kind: ValueKind)
    /// A mixture of continuous laws: its inverse CDF tabulated in z (`MixtureInverse`).
    case mixture([Double])

    /// The marginal of generator `g`, nil when it has none the copula can invert.
    static func of(_ g: GeneratorSpec) -> Marginal? {
        switch g {
        case .normal(let m, let s): .normal(mean: m, sd: s)
        case .lognormal(let mu, let s): .lognormal(mu: mu, sigma: s)
        case .uniformFloat(let lo, let hi): .uniformFloat(lo: lo, width: hi - lo)
        case .uniformInt(let lo, let hi): .uniformInt(lo: lo, span: UInt64(bitPattern: hi &- lo) &+ 1, decimalScale: nil)
        case .uniformDecimal(let lo, let hi, let s): .uniformInt(lo: lo, span: UInt64(bitPattern: hi &- lo) &+ 1, decimalScale: s)
        case .exponential(let r): .exponential(rate: r)
        case .geometric(let p): .geometric(p: p)
        case .dateRange(let lo, let hi): .time(lo: lo, span: UInt64(hi - lo + 1), unit: 1, isDate: true)
        case .timestampRange(let lo, let hi):
            .time(lo: lo, span: UInt64((hi - lo) / CivilTime.microsPerSecond + 1), unit: CivilTime.microsPerSecond, isDate: false)
        case .timePattern(let p): .pattern(TimePatternSampler(p))
        case .quantiles(let points, let kind): .quantiles(ps: points.map(\.p), values: points.map(\.value), kind: kind)
        case .choice(let literals, let weights) where GeneratorSpec.numericChoice(literals):
            Self.discrete(literals, weights)
        case .mixture(let parts): MixtureInverse.table(parts).map { .mixture($0) }
        default: nil
        }
    }

    static func discrete(_ literals: [Literal], _ weights: [Double]) -> Marginal {
        let pairs = zip(literals, weights).map { (ExpressionCompiler.value(of: $0.0).decimalPreserving($0.0), $0.1) }
            .sorted { ($0.0.asDouble ?? 0) < ($1.0.asDouble ?? 0) }
        let total = pairs.reduce(0) { $0 + $1.1 }
        var acc = 0.0
        return .discrete(
            values: pairs.map(\.0),
            cumulative: pairs.map {
                acc += $0.1 / total; return acc
            })
    }

    /// Φ(z), computed on the side that keeps precision.
    @inline(__always)
    static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z * 0.7071067811865476) }

    @inline(__always)
    func value(_ z: Double) -> Value {
        switch self {
        case .normal(let m, let s): return .float(m + s * z)
        case .lognormal(let mu, let s): return .float(exp(mu + s * z))
        case .uniformFloat(let lo, let w): return .float(lo + w * Self.cdf(z))
        case .uniformInt(let lo, let span, let scale):
            let k = span == 0 ? UInt64(Self.cdf(z) * 0x1p64 * (1 - 0x1p-53)) : min(span - 1, UInt64(Self.cdf(z) * Double(span)))
            let v = lo &+ Int64(bitPattern: k)
            if let scale { return .decimal(v, scale: scale) }
            return .int(v)
        case .exponential(let rate):
            // 1 - u = Φ(-z), without cancellation in the upper tail.
            return .float(-log(max(Self.cdf(-z), 0x1p-1074)) / rate)
        case .geometric(let p):
            if p >= 1 { return .int(0) }
            let v = (log(max(Self.cdf(-z), 0x1p-1074)) / log1p(-p)).rounded(.down)
            return .int(v >= 9.2e18 ? Int64.max : Int64(v))
        case .time(let lo, let span, let unit, let isDate):
            let k = min(span - 1, UInt64(Self.cdf(z) * Double(span)))
            let v = lo + Int64(k) * unit
            return isDate ? .date(v) : .timestamp(v)
        case .pattern(let sampler):
            return .timestamp(sampler.timestamp(min(Self.cdf(z), 1 - 0x1p-53)))
        case .discrete(let values, let cumulative):
            let u = Self.cdf(z)
            for (i, c) in cumulative.enumerated() where u < c { return values[i] }
            return values[values.count - 1]
        case .mixture(let table):
            return .float(MixtureInverse.value(z, table))
        case .quantiles(let ps, let values, let kind):
            let x = QuantileEvaluator.inverse(min(Self.cdf(z), 1 - 0x1p-53), ps: ps, values: values)
            switch kind {
            case .date: return .date(Int64(x.rounded(.down)))
            case .timestamp: return .timestamp(Int64(x.rounded(.down)) * CivilTime.microsPerSecond)
            default: return .float(x)
            }
        }
    }
}

/// A column of a `correlate:` group: its standard normal is row i of the Cholesky factor times
/// the independent standard normals of the group's columns (each drawn from that column's own
/// stream at this row), then mapped through the column's inverse CDF. The first column of a
/// group keeps exactly the values it has without correlation.
///
/// A column with `by:` has one marginal per case (and the default, last); the case of the row
/// picks which law the shared normal feeds.
final class CopulaEvaluator: ColumnEvaluator {
    let keys: [UInt64], weights: [Double], marginals: [Marginal?]
    let selector: ConditionalEvaluator?
    /// For redraws of `avoid_copies:` (a row salted away from the frame's own row): the column's
    /// law given the other copula columns, and its place among them.
    let redraw: CopulaRedraw?
    init(keys: [UInt64], weights: [Double], marginals: [Marginal?], selector: ConditionalEvaluator?, redraw: CopulaRedraw? = nil) {
        self.keys = keys; self.weights = weights; self.marginals = marginals; self.selector = selector; self.redraw = redraw
    }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let m = marginals[selector?.caseIndex(frame) ?? 0]
        guard let m else { return .null }
        if _slowPath(row != frame.unsalted), let redraw {
            return m.value(redraw.latent(keys.count - 1, base: frame.unsalted, salted: row))
        }
        var z = 0.0
        for j in keys.indices { z += weights[j] * Distributions.standardNormal(keys[j], row) }
        return m.value(z)
    }
}
