/// A constant written in a spec, already interpreted for the column it belongs to.
public enum Literal: Sendable, Hashable, CustomStringConvertible {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    /// `unscaled / 10^scale`.
    case decimal(unscaled: Int64, scale: Int)
    case text(String)
    /// Days since 1970-01-01.
    case date(Int64)
    /// Microseconds since 1970-01-01 00:00:00 UTC.
    case timestamp(Int64)
    case uuid(String)
    /// Microseconds.
    case interval(Int64)
    /// Microseconds since midnight.
    case time(Int64)
    case inet(IPNetwork)
    /// 48 bits.
    case macaddr(UInt64)

    public var kind: ValueKind {
        switch self {
        case .null: .null
        case .bool: .bool
        case .int: .int
        case .float: .float
        case .decimal: .decimal
        case .text: .text
        case .date: .date
        case .timestamp: .timestamp
        case .uuid: .uuid
        case .interval: .interval
        case .time: .time
        case .inet: .inet
        case .macaddr: .macaddr
        }
    }

    public var description: String {
        switch self {
        case .null: "null"
        case .bool(let b): b ? "true" : "false"
        case .int(let i): "\(i)"
        case .float(let f): "\(f)"
        case .decimal(let u, let s): "\(u)e-\(s)"
        case .text(let t): t
        case .date(let d): "date(\(d))"
        case .timestamp(let t): "timestamp(\(t))"
        case .uuid(let u): u
        case .interval(let i): "interval(\(i))"
        case .time(let t): "time(\(t))"
        case .inet(let n): n.description
        case .macaddr(let m): "macaddr(\(m))"
        }
    }

    /// Interprets a YAML scalar for a column of `type`; nil when it doesn't fit.
    public static func parse(_ raw: String, for type: SQLType) -> Literal? {
        let s = raw.trimming(" ")
        if s == "null" || s == "~" { return .null }
        switch type.kind {
        case .int:
            guard let v = Int64(s.replacingUnderscores()), type.integerRange?.contains(v) ?? true else { return nil }
            return .int(v)
        case .float:
            guard let v = Double(s.replacingUnderscores()), v.isFinite else { return nil }
            return .float(v)
        case .decimal:
            guard let d = parseDecimal(s.replacingUnderscores(), scale: type.decimalScale ?? 0) else { return nil }
            if case .decimal(let u, _) = d, let limit = type.decimalLimit, u.magnitude > limit { return nil }
            return d
        case .bool:
            switch s.lowercased() {
            case "true", "yes", "on", "t": return .bool(true)
            case "false", "no", "off", "f": return .bool(false)
            default: return nil
            }
        case .date:
            return CivilTime.parseDate(s).map { .date($0) }
        case .timestamp:
            return CivilTime.parseTimestamp(s).map { .timestamp($0) }
        case .uuid:
            let hex = s.filter { $0 != "-" }
            guard hex.count == 32, hex.allSatisfy(\.isHexDigit) else { return nil }
            return .uuid(s.lowercased())
        case .text:
            return .text(raw)
        case .interval:
            return CivilTime.parseInterval(s).map { .interval($0) }
        case .time:
            return CivilTime.parseTimeOfDay(s).map { .time($0) }
        case .inet:
            return IPNetwork(parsing: s).map { .inet($0) }
        case .macaddr:
            return parseMAC(s).map { .macaddr($0) }
        case .bits:
            return s.allSatisfy({ $0 == "0" || $0 == "1" }) ? .text(s) : nil
        case .bytes, .array, .json, .range, .null:
            return nil
        }
    }

    /// Parses `08:00:2b:01:02:03` (or with `-`) into 48 bits.
    public static func parseMAC(_ s: String) -> UInt64? {
        let parts = s.split(whereSeparator: { $0 == ":" || $0 == "-" })
        guard parts.count == 6 else { return nil }
        var v: UInt64 = 0
        for p in parts {
            guard p.count == 2, let b = UInt64(p, radix: 16) else { return nil }
            v = v << 8 | b
        }
        return v
    }

    /// Parses `-12.345` as a decimal with `scale` digits, rounding half away from zero.
    public static func parseDecimal(_ s: String, scale: Int) -> Literal? {
        guard let d = Double(s), d.isFinite else { return nil }
        var p = 1.0
        for _ in 0..<scale { p *= 10 }
        let scaled = (d * p).rounded(.toNearestOrAwayFromZero)
        guard abs(scaled) < 9.2e18 else { return nil }
        return .decimal(unscaled: Int64(scaled), scale: scale)
    }
}

extension String {
    /// YAML 1.1 allows `1_000_000`; so do specs.
    func replacingUnderscores() -> String {
        guard contains("_"), first?.isNumber == true || first == "-" || first == "+" else { return self }
        return filter { $0 != "_" }
    }
}
