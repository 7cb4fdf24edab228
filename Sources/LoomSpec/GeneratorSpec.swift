/// How a column's values are drawn. Parameters are validated when the spec loads.
public enum GeneratorSpec: Sendable, Hashable {
    case sequence(start: Int64, step: Int64)
    case constant(Literal)
    case uniformInt(min: Int64, max: Int64)
    case uniformFloat(min: Double, max: Double)
    /// Uniform over the grid `min, min + 10^-scale, ..., max`, stored as unscaled integers.
    case uniformDecimal(min: Int64, max: Int64, scale: Int)
    case normal(mean: Double, sd: Double)
    case lognormal(mu: Double, sigma: Double)
    case exponential(rate: Double)
    case poisson(lambda: Double)
    /// Number of failures before the first success, support 0, 1, 2, ...
    case geometric(p: Double)
    /// Ranks 1...n with P(k) proportional to k^-s.
    case zipf(n: Int64, s: Double)
    case bernoulli(p: Double)
    case choice(values: [Literal], weights: [Double])
    /// Days since the epoch, both ends included.
    case dateRange(from: Int64, to: Int64)
    /// Microseconds since the epoch, both ends included (whole seconds).
    case timestampRange(from: Int64, to: Int64)
    /// Intervals in microseconds, both ends included (whole seconds when both ends are).
    case intervalRange(min: Int64, max: Int64)
    /// Times of day in microseconds since midnight, both ends included (whole seconds when both ends are).
    case timeRange(from: Int64, to: Int64)
    case uuid
    /// Addresses drawn inside `network`, each with prefix length `prefix` (the address width
    /// for hosts).
    case ipAddress(network: IPNetwork, prefix: Int)
    /// Locally administered unicast MAC addresses.
    case mac
    /// Random bytes, as many per row as the integer generator `length` draws.
    indirect case bytes(length: GeneratorSpec)
    /// Bit strings as many bits long as `length` draws, each bit 1 with probability `ones`.
    indirect case bits(length: GeneratorSpec, ones: Double)
    /// Arrays of `length` elements (drawn per row), element k drawn from `of` at a row index
    /// derived from (row, k).
    indirect case array(of: GeneratorSpec, length: GeneratorSpec)
    /// JSON objects built key by key.
    case json(JSONObjectSpec)
    /// Ranges `[lower, lower + length)` (empty when the length is not positive).
    indirect case range(lower: GeneratorSpec, length: GeneratorSpec)
    case pattern(Pattern)
    /// A value from a shipped dictionary. `like` names a column of the same table whose
    /// pick this column shares (a city's country), `field` selects a field of the entry.
    case dictionary(name: String, field: Int, like: String?)
    case email(from: [String], domains: [String])
    case username(from: [String])
    case words(min: Int, max: Int)
    case sentence(min: Int, max: Int)
    case streetAddress
    /// In a `sequence` table: the state of the row's step.
    case walkState
    /// In a `sequence` table: the row's step within its walk (0, 1, 2, ...).
    case walkStep
    /// In a `sequence` table: seconds from the walk's start to the row's step.
    case walkElapsed
    /// As a `per_parent` count: how often the walk of sibling `sequence` table `table` for the
    /// same parent row visits `state` (purchases → orders).
    case walkVisits(table: String, state: String)
    /// In a table counted by `walkVisits`: seconds from the walk's start to the visit the row
    /// stands for (its k-th row ↔ the k-th visit).
    case walkVisitElapsed(table: String, state: String)
    /// A street address written the way `locale` writes it (`de`, `fr`, `ja`; `en` is `streetAddress`).
    case localStreetAddress(locale: String)
    /// A timestamp shaped by hour, weekday and month weights and a trend.
    case timePattern(TimePattern)
    /// Review text whose tone follows the rating column `rating` (1–5); a short title or a body.
    case review(rating: String, title: Bool)
    /// Another generator chosen by the value of a column (`by:`).
    indirect case conditional(Conditional)
    /// An empirical law: a piecewise-linear inverse CDF through `(p, value)` points sorted by
    /// p from 0 to 1, sampled by one uniform draw. `kind` is `.float`, or `.date` (values in
    /// days) or `.timestamp` (values in seconds) for time columns.
    case quantiles([Expectation.QuantilePoint], kind: ValueKind)
    /// A `per_parent` count spread over the parent rows in fixed shares.
    case histogram(CountHistogram)
    /// Weighted numeric laws: one draw picks the component, independent draws make its value.
    indirect case mixture([MixtureComponent])
    /// The lexemes of a document (a text column of the row, or drawn text) as a `tsvector`.
    case tsvector(TsvectorSource)

    /// Short name used in messages.
    public var name: String {
        switch self {
        case .sequence: "sequence"
        case .constant: "constant"
        case .uniformInt, .uniformFloat, .uniformDecimal: "uniform"
        case .normal: "normal"
        case .lognormal: "lognormal"
        case .exponential: "exponential"
        case .poisson: "poisson"
        case .geometric: "geometric"
        case .zipf: "zipf"
        case .bernoulli: "bernoulli"
        case .choice: "choice"
        case .dateRange: "date"
        case .timestampRange: "timestamp"
        case .uuid: "uuid"
        case .intervalRange: "interval"
        case .timeRange: "time"
        case .ipAddress(let n, _): n.v6 ? "ipv6" : "ipv4"
        case .mac: "mac"
        case .bytes: "bytes"
        case .bits: "bits"
        case .array: "array"
        case .json: "json"
        case .range: "range"
        case .pattern: "pattern"
        case .dictionary: "dict"
        case .email: "email"
        case .username: "username"
        case .words: "words"
        case .sentence: "sentence"
        case .walkState: "state"
        case .walkStep: "step"
        case .walkElapsed: "elapsed"
        case .walkVisits: "visits"
        case .walkVisitElapsed: "visit_elapsed"
        case .streetAddress, .localStreetAddress: "street_address"
        case .timePattern: "timestamp"
        case .review: "review"
        case .conditional(let c): c.generators.first?.name ?? "conditional"
        case .quantiles: "quantiles"
        case .histogram: "histogram"
        case .mixture: "mixture"
        case .tsvector: "tsvector"
        }
    }

    /// The kind of value the generator produces before conversion to the column type.
    public var kind: ValueKind {
        switch self {
        case .sequence, .uniformInt, .poisson, .geometric, .zipf, .histogram: .int
        case .constant(let l): l.kind
        case .uniformFloat, .normal, .lognormal, .exponential: .float
        case .uniformDecimal: .decimal
        case .bernoulli: .bool
        case .choice(let values, _): values.first?.kind ?? .text
        case .dateRange: .date
        case .timestampRange, .timePattern: .timestamp
        case .uuid: .uuid
        case .intervalRange: .interval
        case .timeRange: .time
        case .ipAddress: .inet
        case .mac: .macaddr
        case .bytes: .bytes
        case .bits: .bits
        case .array: .array
        case .json: .json
        case .range: .range
        case .pattern, .dictionary, .email, .username, .words, .sentence, .streetAddress, .localStreetAddress, .review, .walkState: .text
        case .walkStep, .walkVisits: .int
        case .walkElapsed, .walkVisitElapsed: .float
        case .conditional(let c): c.generators.first?.kind ?? .null
        case .quantiles(_, let kind): kind
        case .mixture(let components): MixtureComponent.kind(components)
        case .tsvector: .text
        }
    }

    /// Number of distinct values the generator can map a row index onto, when it can be made
    /// unique through a permutation of the row index; nil when it can't.
    public var uniqueDomain: UInt64? {
        switch self {
        case .sequence: return UInt64.max
        case .uniformInt(let lo, let hi): return UInt64(bitPattern: hi &- lo) &+ 1 == 0 ? UInt64.max : UInt64(bitPattern: hi &- lo) &+ 1
        case .uniformDecimal(let lo, let hi, _): return UInt64(bitPattern: hi &- lo) &+ 1
        case .dateRange(let lo, let hi): return UInt64(hi - lo + 1)
        case .timestampRange(let lo, let hi): return UInt64((hi - lo) / CivilTime.microsPerSecond + 1)
        case .uuid: return UInt64.max
        case .intervalRange(let lo, let hi), .timeRange(let lo, let hi): return UInt64((hi - lo) / Self.clockUnit(lo, hi)) + 1
        case .ipAddress(let n, let prefix): return prefix - n.bits >= 62 ? UInt64(1) << 62 : UInt64(1) << UInt64(prefix - n.bits)
        case .mac: return UInt64(1) << 46
        case .pattern(let p): return p.domainSize
        case .email, .username: return UInt64.max
        case .choice(let v, _): return UInt64(v.count)
        default: return nil
        }
    }

    /// Whether the value follows the row's position (`sequence`, a walk's state, step or
    /// elapsed time) rather than a random draw, so drawing the row again cannot change it.
    public var followsRow: Bool {
        if case .sequence = self { return true }
        return needsSequence
    }

    /// Whether the generator only exists in `sequence` tables.
    public var needsSequence: Bool {
        switch self {
        case .walkState, .walkStep, .walkElapsed: true
        default: false
        }
    }

    /// Columns of the same row this generator reads.
    public var dependencies: [String] {
        switch self {
        case .dictionary(_, _, let like?): [like]
        case .email(let from, _): from
        case .username(let from): from
        case .review(let rating, _): [rating]
        case .tsvector(.column(let c)): [c]
        case .tsvector(.generator(let g)): g.dependencies
        case .conditional(let c):
            (c.parent ? [] : [c.by]) + c.generators.flatMap(\.dependencies).filter { $0 != c.by }
        default: []
        }
    }

    /// Columns of the parent row this generator reads (`by: parent.x`).
    public var parentDependencies: [String] {
        if case .conditional(let c) = self, c.parent { return [c.by] }
        return []
    }
}

extension GeneratorSpec {
    /// Grid of an interval or time range: whole seconds when both ends are, else microseconds.
    public static func clockUnit(_ lo: Int64, _ hi: Int64) -> Int64 {
        lo % CivilTime.microsPerSecond == 0 && hi % CivilTime.microsPerSecond == 0 ? CivilTime.microsPerSecond : 1
    }

    /// Whether a `correlate:` group can drive the generator (its inverse CDF is known).
    public var copulaCapable: Bool {
        switch self {
        case .normal, .lognormal, .uniformInt, .uniformFloat, .uniformDecimal, .exponential, .geometric,
            .dateRange, .timestampRange, .timePattern, .quantiles:
            true
        case .choice(let values, _): Self.numericChoice(values)
        case .conditional(let c): c.generators.allSatisfy(\.copulaCapable)
        case .mixture(let parts):
            parts.allSatisfy { p in
                switch p.generator {
                case .normal, .lognormal, .exponential, .uniformFloat: true
                default: false
                }
            }
        default: false
        }
    }

    /// A choice among numbers only (the copula orders them by value).
    public static func numericChoice(_ values: [Literal]) -> Bool {
        !values.isEmpty
            && values.allSatisfy { v in
                switch v {
                case .int, .float, .decimal: true
                default: false
                }
            }
    }
}

extension GeneratorSpec {
    /// Whether the generator itself can make NULL: a NULL constant or choice value, or a
    /// condition with a NULL case or no default.
    public var makesNull: Bool {
        switch self {
        case .constant(.null): return true
        case .choice(let values, _): return values.contains(.null)
        case .conditional(let c): return c.fallback.map(\.makesNull) ?? true || c.cases.contains { $0.generator.makesNull }
        default: return false
        }
    }
}
