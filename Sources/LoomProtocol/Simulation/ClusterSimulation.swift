/// A whole cluster on a fake clock and a fake network: one `CoordinatorSession`, N
/// `WorkerSession`s whose loads take simulated time and commit into a model of the ledger
/// (unique per shard), and chaos: delays, lost messages on cut links, workers killed and
/// started again under a new name, the coordinator killed and restarted with only the ledger.
/// Seeded: a seed replays the same run, and `trace` says what happened.
///
/// After each step it checks the protocol's promises and records every breach in `violations`:
/// a shard is worked on again only when its worker was cut off or killed while holding it; no
/// worker that is loading (and reachable) is dropped; results are never lost; the job finishes.
public struct ClusterSimulation {
    public struct Configuration: Sendable {
        public var tables: [(name: String, shards: Int)] = [("users", 12), ("orders", 20)]
        public var workers = 3
        public var slots = 2
        public var loadSeconds: ClosedRange<Double> = 0.2...14
        public var maxDelay = 0.3
        public var leaseSeconds = 8.0
        public var heartbeatInterval = 1.0
        public var coordinatorTimeout = 4.0
        public var adoptionWindow = 3.0
        /// Chaos happens in the first `chaosSeconds`; afterwards the job must finish within `settleSeconds`.
        public var chaosSeconds = 60.0
        public var settleSeconds = 240.0
        public var workerKills = 2
        public var coordinatorRestarts = 1
        public var cuts = 3
        public var maxCut = 12.0
        public var failureRate = 0.05
        /// The coordinator believes results only once the (simulated) ledger shows them.
        public var verifyResults = false
        public init() {}
    }

    enum Event {
        case deliver(FakeNetwork.Delivery)
        case loadFinished(worker: String, lease: WireMessage.Lease, fail: Bool)
        case tick
        case killWorker(Int)
        case startWorker(Int)
        case killCoordinator
        case startCoordinator
        case cut(Int, seconds: Double)
        case verified(WireMessage.Done, worker: String, incarnation: Int)
    }

    struct SimWorker {
        var name: String
        var session: WorkerSession
        var alive = true
        var loads: [ShardID: (lease: WireMessage.Lease, since: Double)] = [:]
        var incarnation: Int
    }

    public let seed: UInt64
    public let configuration: Configuration
    public private(set) var now = 0.0
    public private(set) var trace: [String] = []
    public private(set) var violations: [String] = []
    /// The ledger: who committed each shard, with which attempt.
    public private(set) var ledger: [ShardID: (worker: String, attempt: Int)] = [:]
    /// Loads whose result was "already committed": work done twice.
    public private(set) var skippedLoads = 0
    public private(set) var finishedAt: Double?
    /// Attempt outcomes summed over every coordinator incarnation.
    public private(set) var attempts = AttemptCounts()
    var random: SimulationRandom
    var network: FakeNetwork
    var coordinator: CoordinatorSession?
    var workers: [SimWorker] = []
    var events: [(at: Double, order: Int, event: Event)] = []
    var order = 0
    /// Per worker name, the times its links were cut (from, until) or it was killed.
    var disturbed: [String: [(from: Double, until: Double)]] = [:]
    var allShards: [ShardID] = []
    var coordinatorIncarnation = 0

    public init(seed: UInt64, configuration: Configuration = Configuration()) {
        self.seed = seed
        self.configuration = configuration
        random = SimulationRandom(seed: seed)
        network = FakeNetwork(maxDelay: configuration.maxDelay)
        allShards = configuration.tables.flatMap { t in (0..<t.shards).map { ShardID(table: t.name, index: $0) } }
    }

    static let coordinatorName = "coordinator"

    /// Runs until the job is finished and settled, or the time limit passes.
    public mutating func run() {
        let c = configuration
        startCoordinator(resumed: false)
        for i in 0..<c.workers { startWorker(i, incarnation: 0) }
        for _ in 0..<c.workerKills {
            schedule(random.uniform(1...c.chaosSeconds), .killWorker(Int.random(in: 0..<c.workers, using: &random)))
        }
        for _ in 0..<c.coordinatorRestarts { schedule(random.uniform(2...c.chaosSeconds), .killCoordinator) }
        for _ in 0..<c.cuts {
            schedule(
                random.uniform(1...c.chaosSeconds),
                .cut(Int.random(in: 0..<c.workers, using: &random), seconds: random.uniform(0.5...c.maxCut)))
        }
        schedule(0.1, .tick)
        let limit = c.chaosSeconds + c.settleSeconds
        while let next = popEvent(), next.at <= limit {
            now = next.at
            handle(next.event)
            if let f = finishedAt, now > f + 2 { break }
        }
        checkEnd()
    }

    // MARK: Events

    mutating func schedule(_ at: Double, _ event: Event) {
        order += 1
        events.append((at, order, event))
    }

    mutating func popEvent() -> (at: Double, event: Event)? {
        guard !events.isEmpty else { return nil }
        var best = 0
        for i in events.indices.dropFirst() where (events[i].at, events[i].order) < (events[best].at, events[best].order) { best = i }
        let e = events.remove(at: best)
        return (e.at, e.event)
    }

    mutating func handle(_ event: Event) {
        switch event {
        case .deliver(let d): deliver(d)
        case .loadFinished(let worker, let lease, let fail): loadFinished(worker, lease, fail: fail)
        case .tick:
            tickAll()
            schedule(now + 0.1, .tick)
        case .killWorker(let i): killWorker(i)
        case .startWorker(let i): startWorker(i, incarnation: workers[i].incarnation + 1)
        case .killCoordinator:
            guard coordinator != nil else { return }
            note("coordinator killed")
            accumulate(coordinator!.attempts)
            coordinator = nil
            schedule(now + random.uniform(0.5...5), .startCoordinator)
        case .startCoordinator: startCoordinator(resumed: true)
        case .verified(let d, let w, let incarnation):
            guard incarnation == coordinatorIncarnation, var c = coordinator else { return }
            let row = ledger[d.shard].map {
                CoordinatorSession.LedgerRow(rows: 10, bytes: 0, checksum: "", attempt: $0.attempt, worker: $0.worker, sketch: nil)
            }
            let actions = c.verified(d, worker: w, ledger: row, now: now)
            coordinator = c
            perform(coordinator: actions)
        case .cut(let i, let seconds):
            let name = workers[i].name
            note("link of \(name) cut for \(Self.fmt(seconds)) s")
            network.cut(name, until: now + seconds)
            disturbed[name, default: []].append((now, now + seconds))
        }
    }

    mutating func note(_ s: String) { trace.append(Self.fmt(now) + " " + s) }

    mutating func violation(_ s: String) {
        note("VIOLATION: " + s)
        violations.append("t=" + Self.fmt(now) + " " + s)
    }

    // MARK: Nodes

    mutating func startCoordinator(resumed: Bool) {
        let c = configuration
        let welcome = WireMessage.Welcome(job: "job-1", spec: "spec", options: "{}")
        coordinatorIncarnation += 1
        let config = CoordinatorSession.Configuration(
            welcome: welcome, generatorVersion: "g1", leaseSeconds: c.leaseSeconds, adoptionWindow: resumed ? c.adoptionWindow : 0,
            verifyResults: c.verifyResults)
        var tables: [(name: String, units: [Range<UInt64>])] = []
        for t in c.tables {
            let units: [Range<UInt64>] = (0..<t.shards).map { (k: Int) -> Range<UInt64> in UInt64(k * 10)..<UInt64(k * 10 + 10) }
            tables.append((t.name, units))
        }
        let committed = ledger
        coordinator = CoordinatorSession(config, tables: tables, committed: { committed[$0] != nil }, now: now)
        if let old = coordinator { accumulate(old.attempts) }
        note("coordinator started\(resumed ? " with --resume: \(committed.count) shards in the ledger" : "")")
    }

    mutating func startWorker(_ i: Int, incarnation: Int) {
        let name = "w\(i).\(incarnation)"
        let c = configuration
        let hello = WireMessage.Hello(worker: name, host: "h\(i)", slots: c.slots, generatorVersion: "g1")
        let session = WorkerSession(.init(hello: hello, heartbeatInterval: c.heartbeatInterval, coordinatorTimeout: c.coordinatorTimeout))
        let w = SimWorker(name: name, session: session, incarnation: incarnation)
        if i < workers.count { workers[i] = w } else { workers.append(w) }
        note("worker \(name) started")
        var s = workers[i].session
        let actions = s.start(now: now)
        workers[i].session = s
        perform(worker: i, actions)
    }

    mutating func killWorker(_ i: Int) {
        guard workers[i].alive else { return }
        let name = workers[i].name
        note("worker \(name) killed with \(workers[i].loads.count) load(s) in flight (rolled back)")
        workers[i].alive = false
        workers[i].loads = [:]
        disturbed[name, default: []].append((now, .infinity))
        schedule(now + random.uniform(0.5...6), .startWorker(i))
    }

    mutating func tickAll() {
        for i in workers.indices where workers[i].alive {
            var s = workers[i].session
            let actions = s.tick(now: now)
            workers[i].session = s
            perform(worker: i, actions)
        }
        guard var c = coordinator else { return }
        let before = Set(c.workers.keys)
        let actions = c.tick(now: now)
        coordinator = c
        checkDropped(before: before, after: Set(c.workers.keys))
        perform(coordinator: actions)
    }

    mutating func deliver(_ d: FakeNetwork.Delivery) {
        if network.isDown(d.from, at: now) || network.isDown(d.to, at: now) { return }
        if d.to == Self.coordinatorName {
            guard var c = coordinator else { return }
            let before = Set(c.workers.keys)
            let actions = c.received(peer: d.from, message: d.message, now: now)
            coordinator = c
            if case .bye = d.message {} else { checkDropped(before: before, after: Set(c.workers.keys)) }
            perform(coordinator: actions)
        } else if let i = workers.firstIndex(where: { $0.name == d.to && $0.alive }) {
            var s = workers[i].session
            let actions = s.received(d.message, now: now)
            workers[i].session = s
            perform(worker: i, actions)
        }
    }

    mutating func send(from: String, to: String, _ m: WireMessage) {
        if let d = network.send(from: from, to: to, m, now: now, random: &random) { schedule(d.at, .deliver(d)) }
    }

    mutating func perform(worker i: Int, _ actions: [WorkerSession.Action]) {
        for a in actions {
            switch a {
            case .send(let m): send(from: workers[i].name, to: Self.coordinatorName, m)
            case .start(let lease): startLoad(i, lease)
            case .configure(let w): note("\(workers[i].name) configured for \(w.job)")
            case .log(let s): note("\(workers[i].name): \(s)")
            case .exit:
                note("\(workers[i].name) exits")
                workers[i].alive = false
            case .fail(let r): violation("\(workers[i].name) refused: \(r)")
            }
        }
    }

    mutating func perform(coordinator actions: [CoordinatorSession.Action]) {
        for a in actions {
            switch a {
            case .send(let peer, let m):
                if case .lease(let l) = m { checkLease(l, to: peer) }
                send(from: Self.coordinatorName, to: peer, m)
            case .committed(let d, let w): note("coordinator: \(d.shard) committed by \(w)")
            case .verify(let d, let w):
                // The coordinator reads the ledger a moment later; a coordinator killed meanwhile never answers.
                schedule(now + random.uniform(0...0.05), .verified(d, worker: w, incarnation: coordinatorIncarnation))
            case .log(let s): note("coordinator: \(s)")
            case .publishStatus, .publishDrift, .reportProgress: break
            case .finished:
                note("coordinator: job finished")
                finishedAt = now
                for shard in allShards where ledger[shard] == nil { violation("job finished but \(shard) is not in the ledger") }
                for peer in coordinator!.peers { send(from: Self.coordinatorName, to: peer, .finish) }
            case .failed(let m): violation("job failed: \(m)")
            }
        }
    }

    // MARK: Loads

    mutating func startLoad(_ i: Int, _ lease: WireMessage.Lease) {
        let name = workers[i].name
        for other in workers where other.alive && other.name != name {
            if let load = other.loads[lease.shard], !wasDisturbed(other.name, since: load.since) {
                violation("\(name) starts \(lease.shard) while \(other.name) is loading it undisturbed since \(Self.fmt(load.since))")
            }
        }
        if let committer = ledger[lease.shard], !wasDisturbed(committer.worker, since: 0) {
            note("\(name) starts \(lease.shard), already committed by \(committer.worker)")
        }
        workers[i].loads[lease.shard] = (lease, now)
        note("\(name) starts \(lease.shard) attempt \(lease.attempt)")
        let fail = random.chance(configuration.failureRate)
        schedule(now + random.uniform(configuration.loadSeconds), .loadFinished(worker: name, lease: lease, fail: fail))
    }

    mutating func loadFinished(_ name: String, _ lease: WireMessage.Lease, fail: Bool) {
        guard let i = workers.firstIndex(where: { $0.name == name && $0.alive }), workers[i].loads[lease.shard] != nil else { return }
        workers[i].loads[lease.shard] = nil
        var s = workers[i].session
        let actions: [WorkerSession.Action]
        if fail {
            note("\(name) fails \(lease.shard) attempt \(lease.attempt)")
            actions = s.shardFailed(.init(job: lease.job, shard: lease.shard, attempt: lease.attempt, error: "simulated", transient: true))
        } else {
            let skipped = ledger[lease.shard] != nil
            if skipped {
                skippedLoads += 1
                note("\(name) finds \(lease.shard) already committed")
            } else {
                ledger[lease.shard] = (name, lease.attempt)
                note("\(name) commits \(lease.shard) attempt \(lease.attempt)")
            }
            actions = s.shardDone(
                .init(
                    job: lease.job, shard: lease.shard, attempt: lease.attempt, rows: skipped ? 0 : 10, bytes: 0, checksum: "",
                    skipped: skipped))
        }
        workers[i].session = s
        perform(worker: i, actions)
    }

    // MARK: Properties

    func wasDisturbed(_ worker: String, since: Double) -> Bool {
        (disturbed[worker] ?? []).contains { $0.until >= since - 1 }
    }

    /// A lease for a shard that a live worker is loading, or that is committed, must have a reason.
    mutating func checkLease(_ l: WireMessage.Lease, to peer: String) {
        for other in workers where other.alive && other.name != peer {
            if let load = other.loads[l.shard], !wasDisturbed(other.name, since: load.since) {
                violation("leased \(l.shard) to \(peer) while \(other.name) is loading it undisturbed")
            }
        }
        if let c = ledger[l.shard], !wasDisturbed(c.worker, since: 0) {
            violation("leased \(l.shard) to \(peer) although \(c.worker) committed it and was never disturbed")
        }
    }

    /// A worker the coordinator forgets must have been cut off or killed recently.
    mutating func checkDropped(before: Set<String>, after: Set<String>) {
        for name in before.subtracting(after) {
            guard let w = workers.first(where: { $0.name == name }), w.alive else { continue }
            let recent = (disturbed[name] ?? []).contains { $0.until >= now - configuration.leaseSeconds - 2 }
            if !recent { violation("coordinator dropped \(name), which was alive and reachable (loading \(w.loads.count) shard(s))") }
        }
    }

    mutating func accumulate(_ a: AttemptCounts) {
        attempts.committed += a.committed
        attempts.duplicate += a.duplicate
        attempts.failed += a.failed
        attempts.expired += a.expired
        attempts.released += a.released
        attempts.adopted += a.adopted
    }

    mutating func checkEnd() {
        if let c = coordinator {
            let held = c.workers.keys.sorted().map { w in
                "\(w): \(c.table.holdings(of: w).keys.sorted().map { c.table.shard(at: $0).description })"
            }
            note("end: coordinator \(c.table.counts), workers \(held.joined(separator: "; ")), credit \(c.workers.mapValues(\.credit))")
            for w in workers where w.alive {
                note(
                    "end: \(w.name) \(w.session.phase) in flight \(w.session.inFlight.keys.map(\.description)), unacked \(w.session.unacked.count), credit \(w.session.outstandingCredit)"
                )
            }
            accumulate(c.attempts)
            coordinator = nil
        }
        guard finishedAt != nil else {
            violation("the job did not finish within \(configuration.chaosSeconds + configuration.settleSeconds) s")
            return
        }
        if ledger.count != allShards.count { violation("ledger holds \(ledger.count) of \(allShards.count) shards") }
    }

    static func fmt(_ x: Double) -> String {
        guard x.isFinite else { return "\(x)" }
        let hundredths = Int((x * 100).rounded())
        let frac = hundredths % 100
        return "\(hundredths / 100).\(frac < 10 ? "0" : "")\(frac)"
    }

    /// The trace and the seed to replay it, for a failing run.
    public var report: String {
        (["seed \(seed): \(violations.count) violation(s); replay with LOOM_SIM_SEED=\(seed)"] + violations + ["trace:"] + trace.suffix(400))
            .joined(separator: "\n")
    }
}
