import LoomSpec

/// What the database already holds for the tables of a spec: existence, shape, constraints.
public struct TableCatalog {
    public let connection: PostgresConnection
    public let schema: String

    public init(_ connection: PostgresConnection, schema: String = "public") {
        self.connection = connection
        self.schema = schema
    }

    public func exists(_ table: String) throws -> Bool {
        try connection.execute("SELECT to_regclass($1) IS NOT NULL", [SchemaDDL.qualified(table, schema: schema)]).value(0, 0) == "t"
    }

    /// Columns as (name, formatted type) in order.
    public func columns(_ table: String) throws -> [(name: String, type: String)] {
        let r = try connection.execute(
            """
            SELECT attname, format_type(atttypid, atttypmod) FROM pg_attribute
            WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum
            """, [SchemaDDL.qualified(table, schema: schema)])
        return r.rows.map { ($0[0]!, $0[1]!) }
    }

    /// PostgreSQL's `format_type` spelling of a spec type.
    public static func formatted(_ type: SQLType) -> String {
        switch type {
        case .varchar(let n?): "character varying(\(n))"
        case .varchar(nil): "character varying"
        case .char(let n): "character(\(n))"
        case .timestamp: "timestamp without time zone"
        case .timestamptz: "timestamp with time zone"
        case .time: "time without time zone"
        case .timetz: "time with time zone"
        case .varbit(let n?): "bit varying(\(n))"
        case .varbit(nil): "bit varying"
        case .array(let element): formatted(element) + "[]"
        default: type.description
        }
    }

    /// Nil when the existing table has the spec's columns and types, else what differs.
    public func shapeMismatch(_ table: TableSpec) throws -> String? {
        let have = try columns(table.name)
        let want = table.columns.map { ($0.name, Self.formatted($0.type)) }
        if have.map(\.name) != want.map(\.0) {
            return "columns are (\(have.map(\.name).joined(separator: ", "))) but the spec has (\(want.map(\.0).joined(separator: ", ")))"
        }
        for (h, w) in zip(have, want) where h.type != w.1 {
            return "column \(h.name) is \(h.type) but the spec says \(w.1)"
        }
        return nil
    }

    /// Whether a constraint or index called `name` exists on `table`.
    public func hasConstraint(_ name: String, on table: String) throws -> Bool {
        let q = SchemaDDL.qualified(table, schema: schema)
        let r = try connection.execute(
            """
            SELECT EXISTS (SELECT 1 FROM pg_constraint WHERE conrelid = to_regclass($1) AND conname = $2)
                OR EXISTS (SELECT 1 FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                           WHERE i.indrelid = to_regclass($1) AND c.relname = $2)
            """, [q, name])
        return r.value(0, 0) == "t"
    }

    public func isUnlogged(_ table: String) throws -> Bool {
        try connection.execute(
            "SELECT relpersistence = 'u' FROM pg_class WHERE oid = to_regclass($1)",
            [SchemaDDL.qualified(table, schema: schema)]
        ).value(0, 0) == "t"
    }
}
