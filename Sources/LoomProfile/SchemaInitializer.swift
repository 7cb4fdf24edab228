import LoomPostgres

/// `loom init` end to end: reads the catalog of a schema, plans the spec and writes its text.
public enum SchemaInitializer {
    /// The spec text and the plan it was written from (for its warnings).
    public static func run(connection: PostgresConnection, options: InitOptions) throws -> (spec: String, plan: InitPlan) {
        let catalog = try SchemaCatalogReader(connection).read(schema: options.schema)
        guard !catalog.tables.isEmpty else { throw InitError("schema \(options.schema) has no tables") }
        let plan = try InitPlanner(catalog: catalog, options: options).plan()
        return (InitSpecWriter.write(plan, options: options), plan)
    }
}
