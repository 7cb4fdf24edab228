import Foundation
import LoomGen
import LoomPostgres
import LoomProtocol
import LoomSpec
import LoomStats
import LoomWire
import LoomLoad
import LoomValidate

/// `loom coordinator`: the I/O shell around `CoordinatorSession`. It binds the ROUTER socket,
/// keeps the job and every committed shard in PostgreSQL (the ledger), feeds the session what
/// workers send and the passing of time, and performs what the session decides: sends, event
/// publication, and the job's end (keys, ANALYZE). Killed at any moment, it carries on from the
/// ledger when started again with `resume`; workers keep the shards they are loading.
public final class Coordinator: @unchecked Sendable {
    public let spec: Spec
    public let options: LoadOptions
    public let conninfo: String
    public let bind: String
    public let leaseSeconds: Double
    public let resume: Bool
    /// Where rows go; with `.null` there is no database and the ledger is kept in memory.
    public var sink: Sink = .postgres
    /// CURVE: the server's secret key and the public keys of the workers allowed in.
    public var curve: (secretKey: String, allowedWorkers: Set<String>)?
    /// Where to publish `ClusterEvent`s (a ZeroMQ PUB endpoint), if anywhere.
    public var events: String?
    public var report: @Sendable (String) -> Void = { _ in }
    /// Seconds after a resumed start before the first lease goes out, so that workers still
    /// loading shards of the job can claim them (they hear from the new coordinator within a
    /// heartbeat or two).
    public var adoptionWindow: Double = 3

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
        /// Attempt outcomes of this run: `duplicate` counts shards done more than once.
        public var attempts = AttemptCounts()
        public var expiredLeases: Int { attempts.expired }
        public var seconds: Double = 0
    }

    private func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    public func run() throws -> Summary {
        let started = now()
        let jobID = options.jobID(spec)
        let descriptor = JobDescriptor(spec: spec, options: options, sink: sink).encoded()
        let welcome = WireMessage.Welcome(job: jobID, spec: spec.text, options: descriptor)
        let welcomeBytes = WireMessage.welcome(welcome).encoded().count
        guard welcomeBytes <= WireMessage.maxFrameBytes else {
            throw LoadError(
                "\(spec.file): the spec is too large to send to workers (\(welcomeBytes) bytes in the welcome message, limit "
                    + "\(WireMessage.maxFrameBytes)); shrink it, e.g. fewer or smaller avoid_copies filters (loom profile --no-avoid-copies)"
            )
        }
        let endpoint = try CoordinatorEndpoint(bind: bind, events: events, curve: curve, report: report)
        defer { endpoint.close() }
        boundEndpoint = endpoint.socket.lastEndpoint

        let connector = Connector(conninfo: conninfo, retry: options.retry, report: report)
        let store = JobStore(spec: spec, options: options, report: report)
        var prepared: (job: Ledger.Job, existed: Bool, committed: [String: [Int: Ledger.ShardRecord]])? = nil
        if sink.discards {
            prepared = (
                Ledger.Job(id: jobID, dataset: spec.dataset, state: .loading, tables: spec.loadOrder.map(\.name), options: ""), false, [:]
            )
        } else {
            try connector.withRetry("preparing job \(jobID)") { c in prepared = try store.prepare(connection: c, withSketches: true) }
        }
        guard let (job, existed, committed) = prepared else { throw LoadError("job preparation failed") }
        var summary = Summary(job: job.id)
        if existed, job.state != .done, !resume {
            throw LoadError("job \(job.id) is unfinished in this database; add --resume to carry on with it")
        }
        report("listening on \(endpoint.socket.lastEndpoint) for job \(job.id)")
        if job.state == .done {
            summary.alreadyLoaded = true
            endpoint.publish(.finished(job: job.id, ok: true, message: "already loaded"))
            endpoint.serveFinish(for: 1.5, known: [], quiet: 1.5)
            return summary
        }

        let plan = try DatasetPlan(spec: spec, scale: options.scale, rowOverrides: options.rowOverrides)
        let shardPlan = try ShardPlan(plan, shardRows: options.shardRows, tables: job.tables)
        let config = CoordinatorSession.Configuration(
            welcome: welcome, generatorVersion: GeneratorVersion.current, leaseSeconds: leaseSeconds, maxAttempts: 5,
            adoptionWindow: existed ? adoptionWindow : 0, verifyResults: !sink.discards)
        let session = CoordinatorSession(
            config, tables: shardPlan.tables.map { ($0.name, $0.shards.map(\.units)) },
            committed: { committed[$0.table]?[$0.index] != nil }, now: now())
        summary.shards = session.table.total
        let plannedRows = Dictionary(uniqueKeysWithValues: try job.tables.map { ($0, try plan.rows($0)) })
        let progress = JobProgress(job: job.id, tables: job.tables, plannedRows: plannedRows, sink: sink.rawValue, committed: committed)
        let driftPlan = Self.json(DriftPlan(thresholds: DriftTargets.thresholds(spec), tables: DriftTargets.make(plan, tables: job.tables)))
        let verifier = sink.discards ? nil : ResultVerifier(job: job.id, connector: connector, report: report)
        defer { verifier?.close() }
        let run = CoordinatorRun(
            endpoint: endpoint, session: session, progress: progress, summary: summary, verifier: verifier, driftPlan: driftPlan,
            started: started, report: report)
        let outcome = run.serve()
        summary = run.summary
        if case .failure(let error) = outcome {
            run.end(ok: false, message: error.description)
            throw error
        }
        if let verifier {
            let held = try verifier.committedCount()
            guard held == session.table.total else {
                let message =
                    "the ledger holds \(held) of the \(session.table.total) shards of job \(job.id); not finishing it (run again with --resume)"
                run.end(ok: false, message: message)
                throw LoadError(message)
            }
            report("all \(session.table.total) shards committed; creating keys and running ANALYZE")
            endpoint.release(session.peers)
            try connector.withRetry("finishing job \(job.id)") { c in try store.finish(job: job, connection: c) }
        }
        summary.seconds = now() - started
        run.end(ok: true, message: "\(summary.rows) rows in \(String(format: "%.1f", summary.seconds)) s")
        return summary
    }

    private static func json<T: Encodable>(_ value: T) -> String {
        String(decoding: (try? JSONEncoder().encode(value)) ?? Data(), as: UTF8.self)
    }
}
