import Foundation
import LoomGen
import LoomPostgres
import LoomSpec

/// A load job's life in the database, shared by `loom load` and the coordinator: prepare the
/// ledger and the job (creating tables under the --if-exists rules, or resuming), and finish it
/// (keys, unique indexes, foreign keys, LOGGED, ANALYZE). Every step can run again after a
/// crash at any point.
public struct JobStore: Sendable {
    public let spec: Spec
    public let options: LoadOptions
    public let report: @Sendable (String) -> Void

    public init(spec: Spec, options: LoadOptions, report: @escaping @Sendable (String) -> Void) {
        self.spec = spec
        self.options = options
        self.report = report
    }

    /// The job (created if new), whether it existed, and the shards its ledger holds.
    /// With `withSketches`, the records carry their drift sketches (the coordinator's).
    public func prepare(connection: PostgresConnection, withSketches: Bool = false) throws -> (
        job: Ledger.Job, existed: Bool, committed: [String: [Int: Ledger.ShardRecord]]
    ) {
        let id = options.jobID(spec)
        let plan = try DatasetPlan(spec: spec, scale: options.scale, rowOverrides: options.rowOverrides)
        var found: Ledger.Job? = nil
        var existed = false
        var committed: [String: [Int: Ledger.ShardRecord]] = [:]
        let ledger = Ledger(connection)
        try ledger.prepare()
        found = try ledger.job(id)
        if let done = found, done.state == .done {
            let catalog = TableCatalog(connection, schema: options.schema)
            let missing = try done.tables.filter { try !catalog.exists($0) }
            if done.tables.isEmpty || (!missing.isEmpty && options.replace) {
                try connection.execute("DELETE FROM loom.jobs WHERE id = $1", [id])
                found = nil
            } else if !missing.isEmpty {
                throw LoadError(
                    "job \(id) finished earlier but table\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) no longer exist\(missing.count == 1 ? "s" : ""); re-run with --replace to load again"
                )
            }
        }
        existed = found != nil
        if found == nil { found = try createJob(id: id, connection: connection, plan: plan) }
        committed = found?.state == .done ? [:] : try ledger.committedShards(id, withSketches: withSketches)
        guard let job = found else { throw LoadError("job \(id) vanished from the ledger") }
        if existed, job.state != .done, !committed.isEmpty {
            committed = try reloadCrashedUnloggedTables(job, committed: committed, connection: connection)
        }
        return (job, existed, committed)
    }

    /// A server crash empties UNLOGGED tables while the ledger still lists their shards: such a
    /// table (fewer rows than its committed shards hold) is truncated and its shards forgotten,
    /// so the job loads it again instead of finishing with rows missing.
    func reloadCrashedUnloggedTables(
        _ job: Ledger.Job, committed: [String: [Int: Ledger.ShardRecord]],
        connection: PostgresConnection
    ) throws -> [String: [Int: Ledger.ShardRecord]] {
        var emptied: [String] = []
        for t in job.tables {
            guard let shards = committed[t], !shards.isEmpty else { continue }
            let qualified = SchemaDDL.qualified(t, schema: options.schema)
            let persistence = try connection.execute("SELECT relpersistence FROM pg_class WHERE oid = to_regclass($1)", [qualified]).value(
                0, 0)
            guard persistence == "u" else { continue }
            let count = Int64(try connection.execute("SELECT count(*) FROM \(qualified)").value(0, 0) ?? "") ?? 0
            let ledgerRows = shards.values.reduce(0) { $0 + $1.rows }
            guard count < ledgerRows else { continue }
            report(
                "table \(qualified) is UNLOGGED and lost rows in a server crash (\(count) of the \(ledgerRows) committed rows are left); loading it again"
            )
            emptied.append(t)
        }
        guard !emptied.isEmpty else { return committed }
        try connection.transaction {
            try connection.execute(
                "TRUNCATE " + emptied.map { SchemaDDL.qualified($0, schema: options.schema) }.joined(separator: ", ") + " CASCADE")
            for t in emptied {
                try connection.execute("DELETE FROM loom.shards WHERE job = $1 AND table_name = $2", [job.id, t])
            }
            if job.state == .finishing { try Ledger(connection).setState(job.id, .loading) }
        }
        var out = committed
        for t in emptied { out[t] = [:] }
        return out
    }

    /// Creates the tables (applying --if-exists) and the job row in one transaction.
    func createJob(id: String, connection: PostgresConnection, plan: DatasetPlan, racing: Bool = true) throws -> Ledger.Job {
        if options.intoExisting { return try createJobIntoExisting(id: id, connection: connection) }
        let catalog = TableCatalog(connection, schema: options.schema)
        let ledger = Ledger(connection)
        var tables: [String] = []
        var statements: [String] = SchemaDDL.createTypes(spec, schema: options.schema)
        let creates = Dictionary(
            uniqueKeysWithValues: zip(
                spec.loadOrder.map(\.name),
                SchemaDDL.createTables(spec, schema: options.schema, unlogged: options.unlogged)))
        for t in spec.loadOrder {
            let qualified = SchemaDDL.qualified(t.name, schema: options.schema)
            guard try catalog.exists(t.name) else {
                tables.append(t.name)
                statements.append(creates[t.name]!)
                continue
            }
            if let owner = try ledger.owner(of: t.name, schema: options.schema) {
                guard options.replace else {
                    throw LoadError(
                        "table \(qualified) was loaded by another Loom job (\(owner.id), dataset '\(owner.dataset)', \(owner.state.rawValue)); use --replace to drop and reload it, or load into another database or schema"
                    )
                }
                report("replacing \(qualified) from job \(owner.id)")
                statements.append("DROP TABLE \(qualified) CASCADE")
                statements.append(Ledger.forgetTableSQL(job: owner.id, table: t.name))
                statements.append(creates[t.name]!)
                tables.append(t.name)
                continue
            }
            switch options.ifExists {
            case .fail:
                throw LoadError("table \(qualified) already exists; use --if-exists truncate, append or skip")
            case .skip:
                report("skipping existing table \(qualified)")
                continue
            case .truncate, .append:
                if let mismatch = try catalog.shapeMismatch(t) {
                    throw LoadError("table \(qualified) exists with another shape: \(mismatch)")
                }
                if options.ifExists == .truncate { statements.append("TRUNCATE \(qualified)") }
                tables.append(t.name)
            }
        }
        do {
            try connection.transaction {
                if options.schema != "public",
                    try connection.execute("SELECT to_regnamespace($1) IS NULL", [SchemaDDL.quote(options.schema)]).value(0, 0) == "t"
                {
                    try connection.execute("CREATE SCHEMA IF NOT EXISTS \(SchemaDDL.quote(options.schema))")
                }
                for s in statements { try connection.execute(s) }
                try ledger.insertJob(
                    id: id, dataset: spec.dataset, spec: spec.text, seed: spec.seed,
                    scale: options.scale ?? spec.scale, options: options.summary, tables: tables, schema: options.schema)
            }
        } catch let e as PostgresError where e.sqlState == "23505" || e.sqlState == "42P07" {
            if let job = try ledger.job(id) { return job }
            // Another load created these tables a moment ago: look again, now that they exist,
            // to say whose they are instead of PostgreSQL's catalog error.
            if racing { return try createJob(id: id, connection: connection, plan: plan, racing: false) }
            throw e
        }
        report("created job \(id): \(tables.count) table\(tables.count == 1 ? "" : "s")")
        guard let job = try ledger.job(id) else { throw LoadError("job \(id) was not recorded") }
        return job
    }

    /// Keys, unique indexes, foreign keys, LOGGED, ANALYZE — each skipped when already done, so
    /// a finish interrupted at any point can simply run again.
    public func finish(job: Ledger.Job, connection: PostgresConnection) throws {
        let ledger = Ledger(connection)
        try ledger.setState(job.id, .finishing)
        if options.intoExisting {
            try finishIntoExisting(job: job, connection: connection)
            return
        }
        let catalog = TableCatalog(connection, schema: options.schema)
        if options.skipConstraints { report("leaving out keys and foreign keys (--skip-constraints)") }
        for c in SchemaDDL.constraintList(spec, schema: options.schema, tables: job.tables) where !options.skipConstraints {
            guard try !catalog.hasConstraint(c.name, on: c.table) else { continue }
            report("creating \(c.name)")
            do {
                try connection.execute(c.sql)
            } catch {
                if ["42P07", "42710", "42P16"].contains(error.sqlState ?? "") { continue }
                // A loader killed while creating this key leaves its backend to finish the
                // statement and commit; ours then fails on the catalog's unique names (23505
                // on pg_class_relname_nsp_index) instead of 42P07. The key exists: go on.
                if error.kind == .query, try catalog.hasConstraint(c.name, on: c.table) { continue }
                if error.kind == .query { throw LoadError("creating \(c.name) on \(c.table) failed", underlying: error) }
                throw error
            }
        }
        for t in job.tables {
            let q = SchemaDDL.qualified(t, schema: options.schema)
            if try catalog.isUnlogged(t) {
                report("setting \(q) LOGGED")
                try connection.execute("ALTER TABLE \(q) SET LOGGED")
            }
        }
        report("analyzing")
        for t in job.tables { try connection.execute("ANALYZE \(SchemaDDL.qualified(t, schema: options.schema))") }
        try ledger.setState(job.id, .done)
    }
}
