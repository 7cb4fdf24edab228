import Foundation

/// How a PostgreSQL column type is profiled and which spec type it becomes.
enum ColumnType: Equatable {
    case integer, float
    case decimal(scale: Int)
    case text, bool, date, timestamp, uuid
    /// Binary strings: their lengths are learned, their bytes are random.
    case bytes
    /// Types whose values are not learned (only their NULL share): written with this generator.
    case generic(String)

    /// `(spec type, kind)` for a `format_type` spelling, nil for types Loom cannot generate
    /// (geometric types, enums, composite and extension types, …).
    static func map(_ pg: String) -> (spec: String, kind: ColumnType)? {
        switch pg {
        case "smallint", "integer", "bigint": return (pg, .integer)
        case "real", "double precision": return (pg, .float)
        case "numeric": return ("double precision", .float)
        case "text": return ("text", .text)
        case "character varying": return ("varchar", .text)
        case "boolean": return ("boolean", .bool)
        case "date": return ("date", .date)
        case "timestamp without time zone": return ("timestamp", .timestamp)
        case "timestamp with time zone": return ("timestamptz", .timestamp)
        case "uuid": return ("uuid", .uuid)
        case "bytea": return ("bytea", .bytes)
        case "inet", "cidr": return (pg, .generic("ipv4"))
        case "macaddr": return (pg, .generic("mac"))
        case "time without time zone": return ("time", .generic("{ time: { from: \"00:00\", to: \"23:59:59\" } }"))
        case "time with time zone": return ("timetz", .generic("{ time: { from: \"00:00\", to: \"23:59:59\" } }"))
        default: break
        }
        func args(_ prefix: String) -> [Int]? {
            guard pg.hasPrefix(prefix + "("), pg.hasSuffix(")") else { return nil }
            let inner = pg.dropFirst(prefix.count + 1).dropLast()
            let parts = inner.split(separator: ",").compactMap { Int($0) }
            return parts.isEmpty ? nil : parts
        }
        if let a = args("numeric") {
            let scale = a.count == 2 ? a[1] : 0
            // Precision above 18 does not fit Loom's exact decimals: store as double precision.
            return a[0] <= 18 ? ("numeric(\(a[0]),\(scale))", .decimal(scale: scale)) : ("double precision", .float)
        }
        if let a = args("character varying") { return ("varchar(\(a[0]))", .text) }
        if let a = args("character") { return ("char(\(a[0]))", .text) }
        if pg.hasPrefix("timestamp("), pg.hasSuffix("without time zone") { return ("timestamp", .timestamp) }
        if pg.hasPrefix("timestamp("), pg.hasSuffix("with time zone") { return ("timestamptz", .timestamp) }
        // json, arrays, ranges, intervals, money, bit strings, citext: `loom init`'s generator
        // for the type; only their NULL share is learned.
        if let t = InitType.plain(pg) { return (t.spelling, .generic(GeneratorChooser.typeGenerator(t.sql))) }
        return nil
    }

    /// Whether `avoid_copies:` can compare the column: its values are read as generation makes
    /// them (not bytes or generic values, which are read only as lengths or presence).
    var fingerprinted: Bool {
        switch self {
        case .bytes, .generic: false
        default: true
        }
    }

    var isNumeric: Bool {
        switch self {
        case .integer, .float, .decimal, .date, .timestamp: true
        default: false
        }
    }

    /// The SQL expression that reads a column as Loom measures it: numbers as float8, dates as
    /// days and timestamps as seconds since 1970-01-01, text cut to `maxText` characters.
    func measure(_ quoted: String, maxText: Int) -> String {
        switch self {
        case .integer, .float, .decimal: "\(quoted)::float8::text"
        case .date: "(\(quoted) - DATE '1970-01-01')::text"
        case .timestamp: "extract(epoch FROM \(quoted))::float8::text"
        case .text: "left(\(quoted)::text, \(maxText))"
        case .bool, .uuid: "\(quoted)::text"
        case .bytes: "octet_length(\(quoted))::text"
        case .generic: "CASE WHEN \(quoted) IS NULL THEN NULL ELSE '' END"
        }
    }
}

extension ColumnType {
    /// Half the step of the column's values: how far a stored value may be from the exact
    /// result of arithmetic on other columns (0 for integers and floats).
    var roundingTolerance: Double {
        if case .decimal(let scale) = self { return 0.5 * pow(10, -Double(scale)) }
        return 0
    }
}
