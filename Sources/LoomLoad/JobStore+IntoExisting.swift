import LoomPostgres
import LoomSpec

extension JobStore {
    /// Records a job that loads into tables as they are: each of the spec's tables must exist and
    /// take the spec's columns; nothing is created, dropped or truncated.
    func createJobIntoExisting(id: String, connection: PostgresConnection) throws -> Ledger.Job {
        var problems: [String] = []
        for t in spec.loadOrder {
            let q = SchemaDDL.qualified(t.name, schema: options.schema)
            guard let existing = try ExistingTable.read(t.name, schema: options.schema, connection: connection) else {
                problems.append(
                    "table \(q) does not exist; --into-existing loads into the tables your schema has (run its migrations first)")
                continue
            }
            if let mismatch = existing.mismatch(t) { problems.append("table \(q): \(mismatch)") }
        }
        guard problems.isEmpty else {
            throw LoadError("the spec does not fit the existing tables:\n  " + problems.joined(separator: "\n  "))
        }
        try Ledger(connection).insertJob(
            id: id, dataset: spec.dataset, spec: spec.text, seed: spec.seed, scale: options.scale ?? spec.scale,
            options: options.summary, tables: spec.loadOrder.map(\.name), schema: options.schema)
        report("created job \(id): \(spec.tables.count) existing table\(spec.tables.count == 1 ? "" : "s")")
        guard let job = try Ledger(connection).job(id) else { throw LoadError("job \(id) was not recorded") }
        return job
    }

    /// The end of a load into existing tables: every serial and identity sequence set past the
    /// largest key in its table, then ANALYZE. Keys and foreign keys were there all along.
    func finishIntoExisting(job: Ledger.Job, connection: PostgresConnection) throws {
        for t in job.tables {
            guard let existing = try ExistingTable.read(t, schema: options.schema, connection: connection) else {
                throw LoadError("table \(SchemaDDL.qualified(t, schema: options.schema)) vanished during the load")
            }
            for (column, sequence) in existing.sequences {
                let c = SchemaDDL.quote(column)
                try connection.execute(
                    """
                    SELECT setval($1, m) FROM (SELECT max(\(c))::bigint AS m FROM \(existing.qualifiedName)) s
                    WHERE m >= (SELECT seqmin FROM pg_sequence WHERE seqrelid = $1::regclass)
                    """,
                    [sequence])
                report("sequence \(sequence) set past the largest \(t).\(column)")
            }
        }
        report("analyzing")
        for t in job.tables { try connection.execute("ANALYZE \(SchemaDDL.qualified(t, schema: options.schema))") }
        try Ledger(connection).setState(job.id, .done)
    }
}
