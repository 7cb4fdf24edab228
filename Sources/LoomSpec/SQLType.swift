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

    /// Parses a type name as written in a spec (`int`, `numeric(12,2)`, `timestamptz`, ...).
    public init?(parsing raw: String) {
        let s = raw.lowercased().split(separator: " ").joined(separator: " ")
        func args(_ prefix: String) -> [Int]? {
            guard s.hasPrefix(prefix + "("), s.hasSuffix(")") else { return nil }
            let inner = s.dropFirst(prefix.count + 1).dropLast()
            let parts = inner.split(separator: ",", omittingEmptySubsequences: false)
                .map { Int(String($0).trimming(" ")) }
            guard !parts.isEmpty, parts.allSatisfy({ $0 != nil }) else { return [] }
            return parts.map { $0! }
        }
        switch s {
        case "smallint", "int2": self = .smallint
        case "int", "integer", "int4": self = .integer
        case "bigint", "int8": self = .bigint
        case "real", "float4": self = .real
        case "double precision", "double", "float8", "float": self = .double
        case "numeric", "decimal": self = .numeric(precision: nil, scale: 0)
        case "text", "string": self = .text
        case "varchar", "character varying": self = .varchar(nil)
        case "boolean", "bool": self = .boolean
        case "date": self = .date
        case "timestamp", "timestamp without time zone": self = .timestamp
        case "timestamptz", "timestamp with time zone": self = .timestamptz
        case "uuid": self = .uuid
        default:
            for prefix in ["numeric", "decimal"] {
                if let a = args(prefix) {
                    guard (1...2).contains(a.count), a[0] >= 1, a[0] <= 1000 else { return nil }
                    let scale = a.count == 2 ? a[1] : 0
                    guard scale >= 0, scale <= a[0] else { return nil }
                    self = .numeric(precision: a[0], scale: scale)
                    return
                }
            }
            for prefix in ["char", "character", "bpchar"] {
                if let a = args(prefix) {
                    guard a.count == 1, a[0] >= 1, a[0] <= 10_485_760 else { return nil }
                    self = .char(a[0])
                    return
                }
            }
            for prefix in ["varchar", "character varying"] {
                if let a = args(prefix) {
                    guard a.count == 1, a[0] >= 1 else { return nil }
                    self = .varchar(a[0])
                    return
                }
            }
            return nil
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
        }
    }

    /// Digits after the decimal point for numeric types, nil otherwise.
    public var decimalScale: Int? {
        if case .numeric(_, let s) = self { return s }
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
