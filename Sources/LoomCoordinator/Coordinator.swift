import Foundation
import LoomGen
import LoomPostgres
import LoomSpec
import LoomStats
import LoomProtocol
import LoomWire
import LoomLoad
import LoomValidate

/// `loom coordinator`: plans a job into shards, keeps the job and every committed shard in
/// PostgreSQL (the ledger), leases shards to workers over a ZeroMQ ROUTER socket, re-leases
/// the shards of workers that go silent, fails the job on a poison shard, and finishes the job
/// (keys, ANALYZE) once every shard is committed. Killed at any moment, it carries on from the
/// ledger when started again with `resume`.
public final class Coordinator: @unchecked Sendable {
    public let spec: Spec
    public let options: LoadOptions
    public let conninfo: String
    public let bind: String
    public let leaseSeconds: Double
    public let resume: Bool
    /// Generate without loading: no database, shards kept in memory.
    public var nullSink = false
    /// CURVE: the server's secret key and the public keys of the workers allowed in.
    public var curve: (secretKey: String, allowedWorkers: Set<String>)?
    /// Where to publish `ClusterEvent`s (a ZeroMQ PUB endpoint), if anywhere.
    public var events: String?
    public var report: @Sendable (String) -> Void = { _ in }

    /// The endpoint actually bound, once `run` has bound it.
    public private(set) var boundEndpoint: String?

    public init(spec: Spec, options: LoadOptions, conninfo: String, bind: String, leaseSeconds: Double = 20, resume: Bool = false) {
        self.spec = spec
        self.options = options
        self.conninfo = conninfo
        self.bind = bind
        self.leaseSeconds = leaseSeconds
        self.resume = resume
    }

    /// What the coordinator did.
    public struct Summary: Sendable {
        public var job: String
        public var alreadyLoaded = false
        public var shards = 0
        public var shardsThisRun = 0
        public var rows: Int64 = 0
        public var workers = 0
        public var expiredLeases = 0
        public var seconds: Double = 0
    }

    private func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    public func run() throws -> Summary {
        let started = now()
        let jobID = options.jobID(spec)
        let descriptor = JobDescriptor(spec: spec, options: options, sink: nullSink ? "null" : "postgres").encoded()
        let welcomeBytes = WireMessage.welcome(.init(job: jobID, spec: spec.text, options: descriptor)).encoded().count
        guard welcomeBytes <= WireMessage.maxFrameBytes else {
            throw LoadError("\(spec.file): the spec is too large to send to workers (\(welcomeBytes) bytes in the welcome message, limit \(WireMessage.maxFrameBytes)); shrink it, e.g. fewer or smaller avoid_copies filters (loom profile --no-avoid-copies)")
        }
        let connector = Connector(conninfo: conninfo, retry: options.retry, report: report)
        let store = JobStore(spec: spec, options: options, report: report)
        var prepared: (job: Ledger.Job, existed: Bool, committed: [String: [Int: Ledger.ShardRecord]])? = nil
        if nullSink {
            prepared = (Ledger.Job(id: jobID, dataset: spec.dataset, state: .loading, tables: spec.loadOrder.map(\.name), options: ""), false, [:])
        } else {
            try connector.withRetry("preparing job \(jobID)") { c in prepared = try store.prepare(connection: c, withSketches: true) }
        }
        guard let (job, existed, committed) = prepared else { throw LoadError("job preparation failed") }
        var summary = Summary(job: job.id)
        if existed, job.state != .done, !resume {
            throw LoadError("job \(job.id) is unfinished in this database; add --resume to carry on with it")
        }

        let context = ZeroMQContext()
        var zap: ZapHandler? = nil
        let socket = try wire { try ZeroMQSocket(context, .router) }
        if let curve {
            zap = try wire { try ZapHandler(context, allowed: curve.allowedWorkers) }
            zap?.onRefused = { [report] key in report("refused a worker whose CURVE key \(key) is not on the allow-list") }
            try wire { try socket.makeCurveServer(secretKey: curve.secretKey) }
        }
        defer { zap?.stop() }
        try wire { try socket.bind(bind) }
        var publisher: ZeroMQSocket? = nil
        if let events {
            publisher = try wire { try ZeroMQSocket(context, .pub) }
            try wire { try publisher!.bind(events) }
        }
        func publish(_ e: ClusterEvent) { try? publisher?.send([e.encoded()]) }
        boundEndpoint = socket.lastEndpoint
        report("listening on \(socket.lastEndpoint) for job \(job.id)")

        if job.state == .done {
            summary.alreadyLoaded = true
            publish(.finished(job: job.id, ok: true, message: "already loaded"))
            try serveFinish(socket, for: 1.5)
            return summary
        }

        let plan = try DatasetPlan(spec: spec, scale: options.scale, rowOverrides: options.rowOverrides)
        let shardPlan = try ShardPlan(plan, shardRows: options.shardRows, tables: job.tables)
        var units: [LeaseTable.ShardID: ShardPlan.Shard] = [:]
        var ids: [LeaseTable.ShardID] = []
        var done = Set<LeaseTable.ShardID>()
        for s in shardPlan.shards {
            let id = LeaseTable.ShardID(table: s.table, index: s.index)
            units[id] = s
            ids.append(id)
            if committed[s.table]?[s.index] != nil { done.insert(id) }
        }
        var table = LeaseTable(shards: ids, committed: done, configuration: .init(leaseDuration: leaseSeconds, maxAttempts: 5))
        summary.shards = ids.count
        var workers = Set<Data>()
        var lastReport = now()
        var lastStatus = 0.0
        let plannedRows = Dictionary(uniqueKeysWithValues: try job.tables.map { ($0, try plan.rows($0)) })
        var progress = JobProgress(job: job.id, tables: job.tables, plannedRows: plannedRows, sink: nullSink ? "null" : "postgres", committed: committed)
        let driftPlanJSON = Self.json(DriftPlan(thresholds: DriftTargets.thresholds(spec), tables: DriftTargets.make(plan, tables: job.tables)))
        var lastDrift = 0.0
        func publishDrift() { publish(.drift(job: job.id, plan: driftPlanJSON, sketches: Self.json(progress.sketchList))) }
        func status() -> ClusterEvent {
            .status(progress.status(leases: table, expiredLeases: summary.expiredLeases, connected: workers.count, seconds: now() - started, now: now()))
        }

        while !table.isFinished {
            if now() - lastStatus >= 1 {
                lastStatus = now()
                publish(status())
            }
            if now() - lastDrift >= 2 {
                lastDrift = now()
                publishDrift()
            }
            if let (worker, e) = table.poisoned.map({ ($0.shard, $0.error) }) {
                publish(.finished(job: job.id, ok: false, message: "\(worker) failed on every attempt: \(e)"))
                try? serveFinish(socket, for: 0.5, known: workers)
                throw LoadError("\(worker) failed on every attempt: \(e)")
            }
            if try wire({ try socket.poll(milliseconds: 100) }) {
                let frames = try wire { try socket.receive() }
                guard frames.count == 2 else { report("dropped a message with \(frames.count) frames"); continue }
                let peer = frames[0], name = String(decoding: peer, as: UTF8.self)
                let message: WireMessage
                do {
                    message = try WireMessage.decode(frames[1])
                } catch {
                    report("dropped a message from \(name): \(error)")
                    continue
                }
                func send(_ m: WireMessage) throws { try wire { try socket.send([peer, m.encoded()]) } }
                progress.heard(from: name, now: now())
                switch message {
                case .hello(let h):
                    if h.generatorVersion != GeneratorVersion.current {
                        try send(.refuse(reason: "worker generator version \(h.generatorVersion) differs from the coordinator's \(GeneratorVersion.current); run the same loom build everywhere"))
                        report("refused \(name): generator version \(h.generatorVersion)")
                    } else if !h.specHash.isEmpty, h.specHash != job.id {
                        try send(.refuse(reason: "worker is set up for job \(h.specHash) but this coordinator runs \(job.id)"))
                        report("refused \(name): job \(h.specHash)")
                    } else {
                        if workers.insert(peer).inserted { report("worker \(name) joined (\(h.slots) slots, host \(h.host))") }
                        progress.joined(name, host: h.host, slots: h.slots, now: now())
                        table.release(worker: name)
                        try send(.welcome(.init(job: job.id, spec: spec.text, options: descriptor)))
                    }
                case .ready(let credit):
                    guard workers.contains(peer) else { continue }
                    for lease in table.request(worker: name, count: credit, now: now()) {
                        let s = units[lease.shard]!
                        try send(.lease(.init(shard: lease.shard, attempt: lease.attempt, firstUnit: s.units.lowerBound,
                                              endUnit: s.units.upperBound, leaseSeconds: leaseSeconds)))
                    }
                case .heartbeat:
                    table.heartbeat(worker: name, now: now())
                case .done(let d):
                    if table.complete(d.shard) == .accepted {
                        summary.shardsThisRun += 1
                        summary.rows += d.skipped ? 0 : d.rows
                        progress.committed(d, by: name)
                        publish(.shard(job: job.id, table: d.shard.table, index: d.shard.index, rows: d.rows, bytes: d.bytes, worker: name,
                                       sketch: d.sketch, seconds: d.seconds))
                    }
                case .bye:
                    let released = table.release(worker: name)
                    workers.remove(peer)
                    report("worker \(name) left after draining\(released.isEmpty ? "" : "; \(released.count) shard(s) leased to it are free again")")
                case .failed(let f):
                    let outcome = table.fail(f.shard, attempt: f.attempt, worker: name, error: f.error)
                    progress.failed()
                    report("\(f.shard) attempt \(f.attempt) failed on \(name): \(f.error) → \(outcome)")
                default:
                    report("dropped an unexpected '\(message.typeName)' from \(name)")
                }
            }
            for e in table.expire(now: now()) {
                summary.expiredLeases += 1
                report("lease of \(e.shard) expired: \(e.worker) went silent")
            }
            if now() - lastReport >= 2 {
                lastReport = now()
                let c = table.counts
                report("progress: \(c.committed)/\(ids.count) shards committed, \(c.leased) leased, \(workers.count) workers")
            }
        }
        if !nullSink {
            report("all \(ids.count) shards committed; creating keys and running ANALYZE")
            try connector.withRetry("finishing job \(job.id)") { c in try store.finish(job: job, connection: c) }
        }
        summary.workers = workers.count
        summary.seconds = now() - started
        publish(status())
        publishDrift()
        publish(.finished(job: job.id, ok: true, message: "\(summary.rows) rows in \(String(format: "%.1f", summary.seconds)) s"))
        try serveFinish(socket, for: 1.0, known: workers)
        return summary
    }

    /// Tells every known worker, and any that speaks up for `seconds`, that the job is over.
    private func serveFinish(_ socket: ZeroMQSocket, for seconds: Double, known: Set<Data> = []) throws {
        for peer in known { try? socket.send([peer, WireMessage.finish.encoded()]) }
        let end = now() + seconds
        while now() < end {
            guard (try? socket.poll(milliseconds: 50)) == true, let frames = try? socket.receive(), frames.count == 2 else { continue }
            try? socket.send([frames[0], WireMessage.finish.encoded()])
        }
    }

    private static func json<T: Encodable>(_ value: T) -> String {
        String(decoding: (try? JSONEncoder().encode(value)) ?? Data(), as: UTF8.self)
    }

    private func wire<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let e as ZeroMQError { throw LoadError("ZeroMQ: \(e)") }
    }
}
