/// The kind of value a generator or expression produces, before it is stored as a column's SQL type.
public enum ValueKind: String, Sendable, Hashable, CustomStringConvertible {
    case bool, int, float, decimal, text, date, timestamp, interval, time, uuid, inet, macaddr, bytes, bits, array, json, range, null

    public var description: String {
        switch self {
        case .bool: "boolean"
        case .int: "integer"
        case .float: "float"
        case .decimal: "decimal"
        case .text: "text"
        case .date: "date"
        case .timestamp: "timestamp"
        case .interval: "interval"
        case .time: "time"
        case .inet: "inet"
        case .macaddr: "macaddr"
        case .bytes: "bytea"
        case .bits: "bit string"
        case .array: "array"
        case .json: "json"
        case .range: "range"
        case .uuid: "uuid"
        case .null: "null"
        }
    }

    public var isNumeric: Bool { self == .int || self == .float || self == .decimal }
}
