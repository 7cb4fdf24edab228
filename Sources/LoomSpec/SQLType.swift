/// A PostgreSQL column type Loom can generate values for.
public enum SQLType: Sendable, Hashable, CustomStringConvertible {
    case smallint, integer, bigint
    case real, double
    /// `numeric(precision, scale)`; precision nil means unconstrained.
    case numeric(precision: Int?, scale: Int)
    case text
    case varchar(Int?)
    /// `char(n)`: blank-padded by PostgreSQL.
    case char(Int)
    case boolean
    case date
    case timestamp
    case timestamptz
    case uuid
    /// A span of time (days and microseconds; Loom generates no months).
    case interval
    /// Time of day without a zone.
    case time
    /// Time of day with a zone (Loom writes UTC, `+00`).
    case timetz
    /// An IPv4 or IPv6 host address with an optional netmask.
    case inet
    /// An IPv4 or IPv6 network (host bits zero).
    case cidr
    /// A 6-byte MAC address.
    case macaddr
    /// An amount of currency: 64-bit cents, two digits after the point.
    case money
    /// Binary strings.
    case bytea
    /// `bit(n)`: exactly n bits.
    case bit(Int)
    /// `varbit(n)`: up to n bits; nil for no limit.
    case varbit(Int?)
    /// An enum declared in the spec's `enums:`, by name.
    case enumeration(String)
    /// A one-dimensional array of `element` (`integer[]`, `text[]`).
    indirect case array(SQLType)
    /// JSON documents, stored as written.
    case json
    /// JSON documents, stored decomposed.
    case jsonb
    /// A range of `element`: `int4range` (integer), `int8range` (bigint), `numrange`
    /// (numeric, two digits after the point), `daterange`, `tsrange`, `tstzrange`.
    indirect case range(SQLType)
    /// A text-search document: sorted lexemes with their positions.
    case tsvector

    /// Parses a type name as written in a spec (`int`, `numeric(12,2)`, `timestamptz`, ...).
    public init?(parsing raw: String) {
        guard case .success(let t) = Self.parse(raw) else { return nil }
        self = t
    }

    /// Most digits after the point Loom generates: decimals are 64-bit integers scaled by a
    /// power of ten.
    public static let maxScale = 18
    /// Longest `varchar(n)` or `char(n)` PostgreSQL allows.
    public static let maxLength = 10_485_760

    /// What is wrong with a type as written in a spec.
    public struct Problem: Error, Sendable, Hashable {
        /// One sentence naming the problem and its fix; nil for a name Loom does not know.
        public var message: String?
    }

    /// The type `raw` names, or what is wrong with it: PostgreSQL's ranges (numeric precision 1 to
    /// 1000, lengths 1 to 10485760) and Loom's (scales 0 to 18, at most the precision).
    public static func parse(_ raw: String) -> Result<SQLType, Problem> {
        let s = raw.lowercased().split(separator: " ").joined(separator: " ")
        if s.hasSuffix("[]") {
            let inner = String(s.dropLast(2)).trimming(" ")
            switch parse(inner) {
            case .success(.array): return .failure(Problem(message: "arrays of arrays are not supported; found '\(raw)'"))
            case .success(.tsvector): return .failure(Problem(message: "arrays of tsvector are not supported; found '\(raw)'"))
            case .success(let element): return .success(.array(element))
            case .failure(let p): return .failure(p)
            }
        }
        switch s {
        case "smallint", "int2": return .success(.smallint)
        case "int", "integer", "int4": return .success(.integer)
        case "bigint", "int8": return .success(.bigint)
        case "real", "float4": return .success(.real)
        case "double precision", "double", "float8", "float": return .success(.double)
        case "numeric", "decimal": return .success(.numeric(precision: nil, scale: 0))
        case "text", "string": return .success(.text)
        case "varchar", "character varying": return .success(.varchar(nil))
        case "boolean", "bool": return .success(.boolean)
        case "date": return .success(.date)
        case "timestamp", "timestamp without time zone": return .success(.timestamp)
        case "timestamptz", "timestamp with time zone": return .success(.timestamptz)
        case "uuid": return .success(.uuid)
        case "interval": return .success(.interval)
        case "time", "time without time zone": return .success(.time)
        case "timetz", "time with time zone": return .success(.timetz)
        case "inet": return .success(.inet)
        case "cidr": return .success(.cidr)
        case "macaddr": return .success(.macaddr)
        case "money": return .success(.money)
        case "bytea": return .success(.bytea)
        case "json": return .success(.json)
        case "jsonb": return .success(.jsonb)
        case "int4range": return .success(.range(.integer))
        case "int8range": return .success(.range(.bigint))
        case "numrange": return .success(.range(.numeric(precision: nil, scale: 2)))
        case "daterange": return .success(.range(.date))
        case "tsrange": return .success(.range(.timestamp))
        case "tstzrange": return .success(.range(.timestamptz))
        case "bit": return .success(.bit(1))
        case "varbit", "bit varying": return .success(.varbit(nil))
        case "tsvector": return .success(.tsvector)
        default: break
        }
        guard let open = s.firstIndex(of: "("), s.hasSuffix(")") else { return .failure(Problem(message: nil)) }
        let name = String(s[..<open]).trimming(" ")
        let parts = s[s.index(after: open)..<s.index(before: s.endIndex)].split(separator: ",", omittingEmptySubsequences: false)
        let args = parts.map { Int(String($0).trimming(" ")) }
        func fail(_ message: String) -> Result<SQLType, Problem> { .failure(Problem(message: message)) }
        switch name {
        case "numeric", "decimal":
            guard (1...2).contains(args.count), let p = args[0], let scale = args.count == 2 ? args[1] : 0 else {
                return fail("\(name)(…) takes a precision and an optional scale, e.g. numeric(12,2); found '\(raw)'")
            }
            guard (1...1000).contains(p) else {
                return fail("numeric precision must be 1 to 1000, PostgreSQL's range; found \(p) in '\(raw)'")
            }
            guard scale >= 0 else {
                return fail("numeric scale must not be negative (Loom generates scales 0 to \(maxScale)); found \(scale) in '\(raw)'")
            }
            guard scale <= p else {
                return fail("numeric scale must not exceed the precision; found scale \(scale) for precision \(p) in '\(raw)'")
            }
            guard scale <= maxScale else {
                return fail(
                    "numeric scale \(scale) in '\(raw)' is more digits after the point than Loom generates (at most \(maxScale)); use a scale of at most \(maxScale), or double precision"
                )
            }
            return .success(.numeric(precision: p, scale: scale))
        case "bit", "varbit", "bit varying":
            guard args.count == 1, let n = args[0] else { return fail("\(name)(n) takes one length, e.g. \(name)(8); found '\(raw)'") }
            guard (1...83_886_080).contains(n) else {
                return fail("\(name) length must be 1 to 83886080, PostgreSQL's range; found \(n) in '\(raw)'")
            }
            return .success(name == "bit" ? .bit(n) : .varbit(n))
        case "char", "character", "bpchar", "varchar", "character varying":
            guard args.count == 1, let n = args[0] else { return fail("\(name)(n) takes one length, e.g. \(name)(20); found '\(raw)'") }
            guard (1...maxLength).contains(n) else {
                return fail("\(name) length must be 1 to \(maxLength), PostgreSQL's range; found \(n) in '\(raw)'")
            }
            return .success(name.hasPrefix("var") || name == "character varying" ? .varchar(n) : .char(n))
        default:
            return .failure(Problem(message: nil))
        }
    }

    /// The type as PostgreSQL DDL spells it.
    public var description: String {
        switch self {
        case .smallint: "smallint"
        case .integer: "integer"
        case .bigint: "bigint"
        case .real: "real"
        case .double: "double precision"
        case .numeric(let p?, let s): "numeric(\(p),\(s))"
        case .numeric(nil, _): "numeric"
        case .text: "text"
        case .varchar(let n?): "varchar(\(n))"
        case .varchar(nil): "varchar"
        case .char(let n): "char(\(n))"
        case .boolean: "boolean"
        case .date: "date"
        case .timestamp: "timestamp"
        case .timestamptz: "timestamptz"
        case .uuid: "uuid"
        case .interval: "interval"
        case .time: "time"
        case .timetz: "timetz"
        case .inet: "inet"
        case .cidr: "cidr"
        case .macaddr: "macaddr"
        case .money: "money"
        case .bytea: "bytea"
        case .bit(let n): "bit(\(n))"
        case .varbit(let n?): "varbit(\(n))"
        case .varbit(nil): "varbit"
        case .enumeration(let name): name
        case .array(let element): "\(element)[]"
        case .json: "json"
        case .jsonb: "jsonb"
        case .range(.integer): "int4range"
        case .range(.bigint): "int8range"
        case .range(.date): "daterange"
        case .range(.timestamp): "tsrange"
        case .range(.timestamptz): "tstzrange"
        case .range: "numrange"
        case .tsvector: "tsvector"
        }
    }

    /// The kind of value stored in a column of this type.
    public var kind: ValueKind {
        switch self {
        case .smallint, .integer, .bigint: .int
        case .real, .double: .float
        case .numeric: .decimal
        case .text, .varchar, .char: .text
        case .boolean: .bool
        case .date: .date
        case .timestamp, .timestamptz: .timestamp
        case .uuid: .uuid
        case .interval: .interval
        case .time, .timetz: .time
        case .inet, .cidr: .inet
        case .macaddr: .macaddr
        case .money: .decimal
        case .bytea: .bytes
        case .bit, .varbit: .bits
        case .enumeration: .text
        case .array: .array
        case .json, .jsonb: .json
        case .range: .range
        case .tsvector: .text
        }
    }

    /// A generator that makes values of this type, for messages; nil when any number or text does.
    public var generatorHint: String? {
        switch self {
        case .boolean: "{ bernoulli: 0.5 }"
        case .date: "{ date: { from: 2020-01-01, to: 2024-12-31 } }"
        case .timestamp, .timestamptz: "{ timestamp: { from: 2020-01-01, to: 2024-12-31 } }"
        case .uuid: "gen: uuid"
        case .interval: "{ interval: { min: 1 hour, max: 30 days } } or a number of seconds"
        case .time, .timetz: "{ time: { from: \"08:00\", to: \"18:00\" } }"
        case .inet: "gen: ipv4 or gen: ipv6, e.g. { ipv4: { network: 10.0.0.0/8 } }"
        case .cidr: "{ ipv4: { network: 10.0.0.0/8, prefix: 24 } } or { ipv6: { prefix: 48 } }"
        case .macaddr: "gen: mac"
        case .money: "a number generator such as { uniform: { min: 0, max: 500 } } (amounts in currency units)"
        case .range: "{ range: { lower: GEN, length: GEN } }"
        case .json, .jsonb: "{ json: { plan: { choice: [free, pro] }, seats: { uniform: { min: 1, max: 50 } } } }"
        case .array(let element): "{ array: { of: GEN, length: { uniform: { min: 0, max: 5 } } } } with GEN a generator of \(element)"
        case .enumeration(let name): "{ choice: [...] } of the labels of enum '\(name)'"
        case .bit, .varbit: "{ bits: { ones: 0.5 } }, or text of 0s and 1s such as { pattern: \"[01]{8}\" }"
        case .bytea: "{ bytes: { length: { uniform: { min: 8, max: 64 } } } }"
        case .tsvector: "{ tsvector: body } (the words of a text column) or { tsvector: { sentence: [5, 20] } }"
        default: nil
        }
    }

    /// Digits after the decimal point for numeric types, nil otherwise.
    public var decimalScale: Int? {
        if case .numeric(_, let s) = self { return s }
        if self == .money { return 2 }
        return nil
    }

    /// Whether a value of `kind` can be stored in this column (text accepts anything).
    public func accepts(_ kind: ValueKind) -> Bool {
        if kind == .null { return true }
        switch self.kind {
        case .text: return true
        case .int, .float, .decimal: return kind.isNumeric || kind == .bool && self.kind == .int
        case .bool: return kind == .bool
        case .date: return kind == .date
        case .timestamp: return kind == .timestamp || kind == .date
        case .uuid: return kind == .uuid
        case .bits: return kind == .bits || kind == .text
        case .interval: return kind == .interval || kind.isNumeric
        default: return kind == self.kind
        }
    }

    /// Largest unscaled magnitude a `numeric(p,s)` holds (p ≤ 18), nil when unconstrained.
    public var decimalLimit: UInt64? {
        guard case .numeric(let p?, _) = self, p <= 18 else { return nil }
        var v: UInt64 = 1
        for _ in 0..<p { v *= 10 }
        return v - 1
    }

    /// ` (range A...B)` for bounded numeric types, for messages.
    var rangeHint: String {
        if let r = integerRange { return " (range \(r.lowerBound)...\(r.upperBound))" }
        if case .numeric(let p?, let s) = self { return " (at most \(p - s) digits before the point)" }
        return ""
    }

    /// Range of integers the type holds.
    public var integerRange: ClosedRange<Int64>? {
        switch self {
        case .smallint: Int64(Int16.min)...Int64(Int16.max)
        case .integer: Int64(Int32.min)...Int64(Int32.max)
        case .bigint: Int64.min...Int64.max
        default: nil
        }
    }
}
