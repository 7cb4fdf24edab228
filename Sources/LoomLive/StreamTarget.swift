import LoomGen
import LoomPostgres
import LoomSpec

/// The database side of starting a stream: the spec's tables made when missing, and the rows
/// already in them (where the stream's keys continue).
public struct StreamTarget {
    let connection: PostgresConnection
    let schema: String

    public init(connection: PostgresConnection, schema: String) {
        self.connection = connection
        self.schema = schema
    }

    /// Creates the spec's tables that do not exist yet (with their keys and the foreign keys
    /// between them) and returns their names.
    public func createMissingTables(_ spec: Spec) throws -> [String] {
        let catalog = TableCatalog(connection, schema: schema)
        var missing: [String] = []
        for t in spec.loadOrder where try !catalog.exists(t.name) { missing.append(t.name) }
        guard !missing.isEmpty else { return [] }
        try connection.transaction {
            try connection.execute("CREATE SCHEMA IF NOT EXISTS \(SchemaDDL.quote(schema))")
            for sql in SchemaDDL.createTypes(spec, schema: schema) { try connection.execute(sql) }
            let creates = SchemaDDL.createTables(spec, schema: schema)
            for (t, sql) in zip(spec.loadOrder, creates) where missing.contains(t.name) { try connection.execute(sql) }
            for c in SchemaDDL.constraintList(spec, schema: schema, tables: missing) { try connection.execute(c.sql) }
        }
        return missing
    }

    /// `count(*)` of each table.
    public func rowCounts(_ tables: [String]) throws -> [String: UInt64] {
        var out: [String: UInt64] = [:]
        for t in tables {
            let r = try connection.execute("SELECT count(*) FROM \(SchemaDDL.qualified(t, schema: schema))")
            out[t] = UInt64(r.value(0, 0) ?? "0") ?? 0
        }
        return out
    }

    /// A stream's identity: the dataset, the schema and the streamed tables, and the share of
    /// the root rows when several streamers share it (each keeps its own watermark).
    public static func streamID(dataset: String, schema: String, tables: [String], shard: TableExport.ShardSelector = .whole) -> String {
        "\(dataset)@\(schema):\(tables.sorted().joined(separator: ","))" + (shard.count > 1 ? "#\(shard.index)/\(shard.count)" : "")
    }
}
