import Foundation
import LoomGen
import LoomPostgres
import LoomSpec
import LoomStats
import LoomValidate

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
    /// Where each phase of `queue` ends, the phase being handed out, and the shards finished:
    /// a phase starts once every shard before it has committed (`LoadPhases`).
    private var phaseEnds: [Int] = []
    private var phase = 0
    private var finished = 0
    private let gate = NSCondition()
    private var stats: [String: LoadSummary.Table] = [:]
    /// Drift targets per table, and the merged sketch of every committed shard.
    private var targets: [String: TableTargets] = [:]
    private var sketches: [String: TableSketch] = [:]
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

    private var connector: Connector { Connector(conninfo: conninfo, retry: options.retry, report: report) }

    private var target: String { ConnectionTarget.redacted(conninfo) }

    public func run() throws -> LoadSummary {
        let id = jobID
        var summary = LoadSummary(jobID: id)
        summary.connections = options.connections
        let plan = try DatasetPlan(spec: spec, scale: options.scale, rowOverrides: options.rowOverrides)
        let store = JobStore(spec: spec, options: options, report: report)
        var found: Ledger.Job? = nil
        var existed = false
        var committed: [String: [Int: Ledger.ShardRecord]] = [:]
        try connector.withRetry("preparing job \(id)") { connection in
            (found, existed, committed) = try store.prepare(connection: connection, withSketches: true)
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
        let driftPlan = DriftPlan(thresholds: DriftTargets.thresholds(spec), tables: DriftTargets.make(plan, tables: job.tables))
        if options.sketch { targets = Dictionary(driftPlan.tables.map { ($0.table, $0) }, uniquingKeysWith: { a, _ in a }) }
        for record in committed.values.flatMap(\.values) where options.sketch {
            guard let text = record.sketch, let sketch = SketchCodec.decode(text) else {
                continue
            }
            sketches[sketch.table, default: TableSketch(table: sketch.table)].merge(sketch)
        }
        let pending = shardPlan.shards.filter { committed[$0.table]?[$0.index] == nil }
        let phases = options.intoExisting ? LoadPhases(ordered: pending, spec: spec) : LoadPhases(unordered: pending)
        queue = phases.shards
        phaseEnds = phases.ends
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
            let total = LoadProgress(
                rows: 0, plannedRows: job.tables.reduce(0) { $0 + ((try? plan.rows($1)) ?? 0) },
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
        try connector.withRetry("finishing the load") { conn in try store.finish(job: job, connection: conn) }
        summary.finishSeconds = Date().timeIntervalSince(finishStart)
        if options.sketch { summary.drift = driftPlan.evaluate(sketches) }
        summary.tables = job.tables.compactMap { name in
            guard var t = stats[name] else { return nil }
            if let s = firstStart[name], let e = lastEnd[name] { t.seconds = e - s }
            return t
        }
        return summary
    }

    /// The next shard to load, waiting while the shards of the phase before are still loading;
    /// nil when every shard is handed out or the job failed.
    private func nextShard() -> ShardPlan.Shard? {
        gate.lock()
        defer { gate.unlock() }
        while true {
            lock.lock()
            let failed = failure != nil
            lock.unlock()
            guard !failed, next < queue.count else { return nil }
            if next < phaseEnds[phase] {
                next += 1
                return queue[next - 1]
            }
            if finished >= phaseEnds[phase] {
                phase += 1
                continue
            }
            gate.wait()
        }
    }

    /// A shard committed (or was found committed): the next phase may start.
    private func shardFinished() {
        gate.lock()
        finished += 1
        gate.broadcast()
        gate.unlock()
    }

    /// Whether `cancel()` was called.
    public var isCancelled: Bool {
        lock.lock()
        defer { lock.unlock() }
        return cancelled
    }
    private var cancelled = false

    /// Stops the job: no further shard starts, the shards loading finish (or roll back), and
    /// `run()` throws. What committed stays in the ledger; running the job again resumes it.
    public func cancel() {
        lock.lock()
        cancelled = true
        lock.unlock()
        fail(LoadError("job \(jobID) was stopped; run it again to resume"))
    }

    private func fail(_ error: Error) {
        lock.lock()
        if failure == nil { failure = error }
        lock.unlock()
        gate.lock()
        gate.broadcast()
        gate.unlock()
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
                    if connection == nil || !connection!.isHealthy { connection = try connector.connectOnce() }
                    let begin = Date().timeIntervalSince(started)
                    var loader = ShardLoader(connection: connection!, plan: plan, schema: options.schema, job: jobID, worker: name)
                    var sent: Int64 = 0
                    loader.onRows = { [self] n in
                        sent += n
                        lock.lock(); rowsSent += n; lock.unlock()
                    }
                    let outcome: ShardLoader.Outcome
                    var sketcher = targets[shard.table].map(TableSketcher.init)
                    do {
                        outcome = try loader.load(shard, attempt: attempt, sketcher: &sketcher)
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
                        if let sketch = sketcher?.sketch { sketches[shard.table, default: TableSketch(table: shard.table)].merge(sketch) }
                    case .skipped:
                        stats[shard.table]?.shardsSkipped += 1
                        rowsSent -= sent
                    }
                    shardsDone += 1
                    firstStart[shard.table] = min(firstStart[shard.table] ?? begin, begin)
                    lastEnd[shard.table] = max(lastEnd[shard.table] ?? end, end)
                    lock.unlock()
                    shardFinished()
                    break
                } catch let failure as PostgresError where failure.isTransient {
                    let e = failure.context == nil ? failure.with(context: "loading \(shard.table) shard \(shard.index)") : failure
                    connection?.close()
                    connection = nil
                    guard let d = options.retry.delay(after: attempt) else {
                        fail(
                            LoadError(
                                underlying: e,
                                advice:
                                    "gave up after \(attempt) attempts. PostgreSQL at \(target) is unreachable or restarting; re-run the same command to resume"
                            ))
                        return
                    }
                    report(
                        "\(e.context!): \(e.message); retrying in \(connector.format(d)) s (attempt \(attempt + 1) of \(options.retry.maxAttempts))"
                    )
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

}
