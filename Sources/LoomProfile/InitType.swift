import LoomSpec

/// The spec type `loom init` writes for a catalog column: the `format_type` spelling made into
/// one the spec accepts (`character varying(40)` → `varchar(40)`), enums by name with their
/// labels, domains as their base type with their checks, or why the type cannot be generated.
public struct InitType: Sendable, Equatable {
    /// The type as the spec writes it.
    public var spelling: String
    public var sql: SQLType
    /// The enum to declare in `enums:` (name and labels) when the column is an enum.
    public var enumeration: (name: String, labels: [String])?
    /// CHECK constraints of the column's domain.
    public var domainChecks: [String] = []

    public static func == (a: InitType, b: InitType) -> Bool {
        a.spelling == b.spelling && a.sql == b.sql && a.enumeration?.name == b.enumeration?.name
            && a.enumeration?.labels == b.enumeration?.labels && a.domainChecks == b.domainChecks
    }

    /// The spec type of `column`, or nil when Loom cannot generate its values.
    public static func resolve(_ column: SchemaCatalog.Column) -> InitType? {
        switch column.kind {
        case .base, .range:
            return plain(column.type)
        case .enumeration(let name, let labels):
            guard !labels.isEmpty else { return nil }
            if case .success = SQLType.parse(name) {
                // An enum named like a built-in type: its labels written as text.
                return InitType(spelling: "text", sql: .text, enumeration: nil, domainChecks: [])
            }
            return InitType(spelling: name, sql: .enumeration(name), enumeration: (name, labels))
        case .domain(_, let base, let checks):
            guard var t = plain(base) else { return nil }
            t.domainChecks = checks
            return t
        case .arrayOfOther, .other:
            return nil
        }
    }

    /// A base type by its `format_type` spelling.
    static func plain(_ pg: String) -> InitType? {
        guard let spelling = spelling(pg), case .success(let sql) = SQLType.parse(spelling) else { return nil }
        return InitType(spelling: spelling, sql: sql, enumeration: nil)
    }

    /// The spec's spelling of a `format_type` name, nil for names it has no type for.
    static func spelling(_ pg: String) -> String? {
        if pg.hasSuffix("[]") {
            guard let element = spelling(String(pg.dropLast(2))), !element.hasSuffix("[]") else { return nil }
            return element + "[]"
        }
        let aliases = [
            "citext": "text", "bpchar": "text", "character varying": "varchar", "bit varying": "varbit",
            "time without time zone": "time", "time with time zone": "timetz",
            "timestamp without time zone": "timestamp", "timestamp with time zone": "timestamptz",
            "numeric": "numeric(18,2)", "character": "char(1)",
        ]
        if let a = aliases[pg] { return a }
        if pg.hasPrefix("interval") { return "interval" }
        if pg.hasPrefix("timestamp("), pg.hasSuffix("without time zone") { return "timestamp" }
        if pg.hasPrefix("timestamp("), pg.hasSuffix("with time zone") { return "timestamptz" }
        if pg.hasPrefix("time("), pg.hasSuffix("without time zone") { return "time" }
        if pg.hasPrefix("time("), pg.hasSuffix("with time zone") { return "timetz" }
        if pg.hasPrefix("character varying(") { return "varchar" + pg.dropFirst("character varying".count) }
        if pg.hasPrefix("character(") { return "char" + pg.dropFirst("character".count) }
        if pg.hasPrefix("bit varying(") { return "varbit" + pg.dropFirst("bit varying".count) }
        if pg.hasPrefix("numeric("), let (p, s) = numericArguments(pg), s > SQLType.maxScale {
            // Fewer digits after the point, as many before it: the database pads the rest.
            return "numeric(\(p - (s - SQLType.maxScale)),\(SQLType.maxScale))"
        }
        return pg
    }

    /// The precision and scale of `numeric(p,s)`.
    static func numericArguments(_ pg: String) -> (Int, Int)? {
        let parts = pg.dropFirst("numeric(".count).dropLast().split(separator: ",").compactMap { Int($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }
}
