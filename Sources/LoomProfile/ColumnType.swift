import Foundation

/// How a PostgreSQL column type is profiled and which spec type it becomes.
enum ColumnType: Equatable {
    case integer, float, decimal(scale: Int), text, bool, date, timestamp, uuid

    /// `(spec type, kind)` for a `format_type` spelling, nil for types Loom cannot generate
    /// (json, jsonb, bytea, arrays, intervals, geometric, network types, enums, …).
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
        return nil
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
