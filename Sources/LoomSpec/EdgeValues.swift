/// The boundary values a column can take without breaking what the spec says of it: the ends of
/// its generator's range (or of its type where the generator has none), NaN and infinities for
/// unbounded floats, empty and full-length strings and hard Unicode for free text, leap days and
/// far dates for dates and timestamps.
///
/// Keys, unique columns, references, expressions and generators of a closed set of values
/// (`choice`, `constant`, `pattern`, …, which a CHECK may rely on) take none.
public enum EdgeValues {
    /// One edge value and what it is, for `loom check`.
    public struct Case: Sendable, Hashable {
        public var value: Literal
        public var label: String
    }

    /// The column's edge values, or nil when it takes none (`whyNot` says why).
    public static func cases(for c: ColumnSpec) -> [Case]? {
        guard whyNot(c) == nil, case .generator(let g) = c.source else { return nil }
        let support = bounds(g, clamp: c.clamp)
        let out: [Case]
        switch c.type {
        case .smallint: out = integers(support, type: (-32768, 32767))
        case .integer: out = integers(support, type: (-2_147_483_648, 2_147_483_647))
        case .bigint: out = integers(support, type: (Int64.min, Int64.max))
        case .real: out = floats(support, smallest: Double(Float.leastNonzeroMagnitude))
        case .double: out = floats(support, smallest: Double.leastNonzeroMagnitude)
        case .numeric(let p, let s): out = decimals(support, precision: p ?? 18, scale: s)
        case .text: out = texts(length: nil)
        case .varchar(let n): out = texts(length: n)
        case .char(let n): out = texts(length: n)
        case .date: out = dates(support)
        case .timestamp, .timestamptz: out = timestamps(support)
        default: return nil
        }
        return out.isEmpty ? nil : out
    }

    /// Why the column takes no edge values, or nil when it does.
    public static func whyNot(_ c: ColumnSpec) -> String? {
        if c.primaryKey || c.unique { return "it is a key or unique, and an edge value would repeat" }
        guard case .generator(let g) = c.source else {
            return "it is a reference or an expression; give edge values to the columns it is made from"
        }
        switch g {
        case .choice, .constant, .pattern, .sequence, .uuid, .email, .username, .histogram, .conditional, .bernoulli:
            return "its values come from a closed set (\(g.name)) that the data or a CHECK may rely on"
        default: break
        }
        switch c.type {
        case .smallint, .integer, .bigint, .real, .double, .numeric, .text, .varchar, .char, .date, .timestamp, .timestamptz:
            return nil
        default:
            return "edge values exist for numbers, text, dates and timestamps, not \(c.type)"
        }
    }

    /// The smallest and largest value the generator makes (nil: unbounded on that side), within
    /// `clamp`; dates in days, timestamps in microseconds.
    static func bounds(_ g: GeneratorSpec, clamp: ClosedRange<Double>?) -> (lo: Double?, hi: Double?) {
        var lo: Double?, hi: Double?
        switch g {
        case .uniformInt(let a, let b): (lo, hi) = (Double(a), Double(b))
        case .uniformFloat(let a, let b): (lo, hi) = (a, b)
        case .uniformDecimal(let a, let b, let s): (lo, hi) = (Double(a) / pow10(s), Double(b) / pow10(s))
        case .lognormal, .exponential, .poisson, .geometric: lo = 0
        case .zipf(let n, _): (lo, hi) = (1, Double(n))
        case .quantiles(let points, let kind):
            let scale = kind == .timestamp ? 1e6 : 1
            (lo, hi) = (points.first.map { $0.value * scale }, points.last.map { $0.value * scale })
        case .dateRange(let a, let b), .timestampRange(let a, let b): (lo, hi) = (Double(a), Double(b))
        case .mixture(let components):
            // Unbounded on a side when any component is.
            let each = components.map { bounds($0.generator, clamp: nil) }
            lo = each.contains { $0.lo == nil } ? nil : each.compactMap { $0.lo }.min()
            hi = each.contains { $0.hi == nil } ? nil : each.compactMap { $0.hi }.max()
        case .constant(.int(let v)): (lo, hi) = (Double(v), Double(v))
        case .constant(.float(let v)): (lo, hi) = (v, v)
        case .constant(.decimal(let u, let s)): (lo, hi) = (Double(u) / pow10(s), Double(u) / pow10(s))
        default: break
        }
        if let clamp {
            lo = max(lo ?? clamp.lowerBound, clamp.lowerBound)
            hi = min(hi ?? clamp.upperBound, clamp.upperBound)
        }
        return (lo, hi)
    }

    static func pow10(_ s: Int) -> Double {
        var x = 1.0
        for _ in 0..<s { x *= 10 }
        return x
    }
}
