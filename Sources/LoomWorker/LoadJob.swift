import Foundation
import LoomGen
import LoomPostgres
import LoomSpec

/// `loom load` in one process: prepares the schema and the job in the ledger, loads every
/// pending shard over N connections (each shard exactly once, retrying transient failures with
/// backoff), then creates keys and foreign keys, sets tables LOGGED and runs ANALYZE.
///
/// Running it again with the same spec and sizing resumes an unfinished job and does nothing
/// for a finished one.
public final class LoadJob: @unchecked Sendable {
    public let spec: Spec
    public let options: LoadOptions
    public let conninfo: String
    /// Receives short progress and retry messages for the user.
    public var report: @Sendable (String) -> Void = { _ in }
    /// Receives a snapshot every `progressInterval` seconds while shards load.
    public var onProgress: (@Sendable (LoadProgress) -> Void)?
    public var progressInterval: Double = 1

    private let lock = NSLock()
    private var failure: Error?
    private var queue: [ShardPlan.Shard] = []
    private var next = 0
    private var stats: [String: LoadSummary.Table] = [:]
    private var rowsSent: Int64 = 0
    private var shardsDone = 0
    private var firstStart: [String: Double] = [:]
    private var lastEnd: [String: Double] = [:]
    private let started = Date()

    public init(spec: Spec, options: LoadOptions, conninfo: String) {
        self.spec = spec
        self.options = options
        self.conninfo = conninfo
    }

    public var jobID: String { options.jobID(spec) }

    private var target: String { ConnectionTarget.redacted(conninfo) }

    /// One connection attempt (callers retry): a failure waiting may cure is thrown as a
    /// transient `PostgresError`, any other (authentication, a missing database) as a
    /// `LoadError`, which fails the load at once.
    private func connectOnce() throws -> PostgresConnection {
        do {
            return try PostgresConnection(conninfo)
        } catch {
            guard error.isTransient, isStartupOrUnreachable(error) else { throw LoadError(error.description) }
            throw error
        }
    }

    /// Connection errors worth waiting out: refused or reset while the server restarts.
    /// Authentication failures and missing databases fail at once.
    private func isStartupOrUnreachable(_ e: PostgresError) -> Bool {
        let m = e.message.lowercased()
        let permanent = ["password authentication failed", "no password supplied", "authentication failed", "does not exist",
                         "no pg_hba.conf entry", "could not translate host name", "invalid connection option", "invalid uri", "invalid integer value"]
        if permanent.contains(where: m.contains) { return false }
        return true
    }

    private func format(_ d: Double) -> String { String(format: "%.1f", d) }

    public func run() throws -> LoadSummary {
        let id = jobID
        var summary = LoadSummary(jobID: id)
        summary.connections = options.connections
        let plan = try DatasetPlan(spec: spec, scale: options.scale, rowOverrides: options.rowOverrides)
        // The ledger and the job, retried like the shards: a server restarting now must not
        // fail the load. A job whose creation committed unseen is found on the next attempt.
        var found: Ledger.Job? = nil
        var existed = false
        var committed: [String: [Int: Ledger.ShardRecord]] = [:]
        try withRetry("preparing job \(id)") { connection in
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
                    throw LoadError("job \(id) finished earlier but table\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")) no longer exist\(missing.count == 1 ? "s" : ""); re-run with --replace to load again")
                }
            }
            existed = found != nil
            if found == nil { found = try createJob(id: id, connection: connection, plan: plan) }
            committed = found?.state == .done ? [:] : try ledger.committedShards(id)
        }
        guard let job = found else { throw LoadError("job \(id) vanished from the ledger") }
        if job.state == .done {
            summary.alreadyLoaded = true
            summary.tables = try job.tables.map { LoadSummary.Table(name: $0, plannedRows: try plan.rows($0)) }
            return summary
        }
        if existed {
            summary.resumed = true
            report("resuming job \(id)")
        }
        let shardPlan = try ShardPlan(plan, shardRows: options.shardRows, tables: job.tables)
        for t in job.tables {
            stats[t] = LoadSummary.Table(name: t, plannedRows: try plan.rows(t))
        }
        queue = shardPlan.shards.filter { committed[$0.table]?[$0.index] == nil }
        for (t, shards) in committed { stats[t]?.shardsSkipped = shards.count }

        if job.state == .loading, !queue.isEmpty {
            let workers = max(1, min(options.connections, queue.count))
            let group = DispatchGroup()
            for w in 0..<workers {
                group.enter()
                let thread = Thread { [self] in
                    defer { group.leave() }
                    work(worker: w)
                }
                thread.stackSize = 4 << 20
                thread.start()
            }
            let total = LoadProgress(rows: 0, plannedRows: job.tables.reduce(0) { $0 + ((try? plan.rows($1)) ?? 0) },
                                     shards: 0, plannedShards: shardPlan.shards.count, seconds: 0)
            let alreadyRows = committed.values.flatMap(\.values).reduce(Int64(0)) { $0 + $1.rows }
            while group.wait(timeout: .now() + progressInterval) == .timedOut {
                guard let onProgress else { continue }
                lock.lock()
                var p = total
                p.rows = UInt64(max(0, rowsSent + alreadyRows))
                p.shards = shardsDone + (shardPlan.shards.count - queue.count)
                lock.unlock()
                p.seconds = Date().timeIntervalSince(started)
                onProgress(p)
            }
            if let failure { throw failure }
        }
        summary.loadSeconds = Date().timeIntervalSince(started)
        let finishStart = Date()
        try withRetry("finishing the load") { conn in try finish(job: job, connection: conn, plan: plan) }
        summary.finishSeconds = Date().timeIntervalSince(finishStart)
        summary.tables = job.tables.compactMap { name in
            guard var t = stats[name] else { return nil }
            if let s = firstStart[name], let e = lastEnd[name] { t.seconds = e - s }
            return t
        }
        return summary
    }

    /// Creates the tables (applying --if-exists) and the job row in one transaction.
    private func createJob(id: String, connection: PostgresConnection, plan: DatasetPlan) throws -> Ledger.Job {
        let catalog = TableCatalog(connection, schema: options.schema)
        let ledger = Ledger(connection)
        var tables: [String] = []
        var statements: [String] = []
        let creates = Dictionary(uniqueKeysWithValues: zip(spec.loadOrder.map(\.name),
                                                          SchemaDDL.createTables(spec, schema: options.schema, unlogged: options.unlogged)))
        for t in spec.loadOrder {
            let qualified = SchemaDDL.qualified(t.name, schema: options.schema)
            guard try catalog.exists(t.name) else {
                tables.append(t.name)
                statements.append(creates[t.name]!)
                continue
            }
            if let owner = try ledger.owner(of: t.name) {
                guard options.replace else {
                    throw LoadError("table \(qualified) was loaded by another Loom job (\(owner.id), dataset '\(owner.dataset)', \(owner.state.rawValue)); use --replace to drop and reload it, or load into another database or schema")
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
                if options.schema != "public" { try connection.execute("CREATE SCHEMA IF NOT EXISTS \(SchemaDDL.quote(options.schema))") }
                for s in statements { try connection.execute(s) }
                try ledger.insertJob(id: id, dataset: spec.dataset, spec: spec.text, seed: spec.seed,
                                     scale: options.scale ?? spec.scale, options: options.summary, tables: tables)
            }
        } catch let e as PostgresError where e.sqlState == "23505" || e.sqlState == "42P07" {
            if let job = try ledger.job(id) { return job }
            throw e
        }
        report("created job \(id): \(tables.count) table\(tables.count == 1 ? "" : "s")")
        guard let job = try ledger.job(id) else { throw LoadError("job \(id) was not recorded") }
        return job
    }

    private func nextShard() -> ShardPlan.Shard? {
        lock.lock()
        defer { lock.unlock() }
        guard failure == nil, next < queue.count else { return nil }
        next += 1
        return queue[next - 1]
    }

    private func fail(_ error: Error) {
        lock.lock()
        if failure == nil { failure = error }
        lock.unlock()
    }

    private func work(worker: Int) {
        let plan: DatasetPlan
        do { plan = try DatasetPlan(spec: spec, scale: options.scale, rowOverrides: options.rowOverrides) } catch { fail(error); return }
        var connection: PostgresConnection? = nil
        let name = "\(ProcessInfo.processInfo.hostName):\(getpid()):\(worker)"
        while let shard = nextShard() {
            var attempt = 1
            while true {
                do {
                    if connection == nil || !connection!.isHealthy { connection = try connectOnce() }
                    let begin = Date().timeIntervalSince(started)
                    var loader = ShardLoader(connection: connection!, plan: plan, schema: options.schema, job: jobID, worker: name)
                    var sent: Int64 = 0
                    loader.onRows = { [self] n in
                        sent += n
                        lock.lock(); rowsSent += n; lock.unlock()
                    }
                    let outcome: ShardLoader.Outcome
                    do {
                        outcome = try loader.load(shard, attempt: attempt)
                    } catch {
                        lock.lock(); rowsSent -= sent; lock.unlock()
                        throw error
                    }
                    let end = Date().timeIntervalSince(started)
                    lock.lock()
                    switch outcome {
                    case .loaded(let r):
                        stats[shard.table]?.rows += r.rows
                        stats[shard.table]?.bytes += r.bytes
                        stats[shard.table]?.shardsLoaded += 1
                    case .skipped:
                        stats[shard.table]?.shardsSkipped += 1
                        rowsSent -= sent
                    }
                    shardsDone += 1
                    firstStart[shard.table] = min(firstStart[shard.table] ?? begin, begin)
                    lastEnd[shard.table] = max(lastEnd[shard.table] ?? end, end)
                    lock.unlock()
                    break
                } catch let failure as PostgresError where failure.isTransient {
                    let e = failure.context == nil ? failure.with(context: "loading \(shard.table) shard \(shard.index + 1)") : failure
                    connection?.close()
                    connection = nil
                    guard let d = options.retry.delay(after: attempt) else {
                        fail(LoadError("\(e); gave up after \(attempt) attempts. PostgreSQL at \(target) is unreachable or restarting; re-run the same command to resume"))
                        return
                    }
                    report("\(e.context!): \(e.message); retrying in \(format(d)) s (attempt \(attempt + 1) of \(options.retry.maxAttempts))")
                    Thread.sleep(forTimeInterval: d)
                    attempt += 1
                } catch {
                    fail(error)
                    return
                }
            }
        }
        connection?.close()
    }

    /// Runs `body` with a fresh connection, retrying transient failures.
    private func withRetry(_ what: String, _ body: (PostgresConnection) throws -> Void) throws {
        var attempt = 1
        while true {
            do {
                let c = try connectOnce()
                defer { c.close() }
                try body(c)
                return
            } catch let e as PostgresError where e.isTransient {
                guard let d = options.retry.delay(after: attempt) else {
                    throw LoadError("\(what): \(e); gave up after \(attempt) attempts; re-run the same command to resume")
                }
                report("\(what): \(e.message); retrying in \(format(d)) s")
                Thread.sleep(forTimeInterval: d)
                attempt += 1
            }
        }
    }

    /// Keys, unique indexes, foreign keys, LOGGED, ANALYZE — each skipped when already done, so
    /// a finish interrupted at any point can simply run again.
    private func finish(job: Ledger.Job, connection: PostgresConnection, plan: DatasetPlan) throws {
        let ledger = Ledger(connection)
        try ledger.setState(job.id, .finishing)
        let catalog = TableCatalog(connection, schema: options.schema)
        for c in SchemaDDL.constraintList(spec, schema: options.schema, tables: job.tables) {
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
                if error.kind == .query { throw LoadError("creating \(c.name) on \(c.table) failed: \(error.message)") }
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
