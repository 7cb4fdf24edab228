/// The coordinator's side of the protocol as a pure state machine (postgres-nio's connection
/// state machine is the model): messages from workers and the passing of time go in, actions
/// come out (messages to send, results to record, events to publish, the job's end). It owns
/// the lease table, the worker registry with each worker's unused credit, the job's identity,
/// poison handling and the status timers; the `Coordinator` shell only polls its socket, feeds
/// this, and performs the actions.
///
/// - Answers every heartbeat, so a busy worker never mistakes a quiet coordinator for a dead one.
/// - A worker's leases expire only when the worker itself has been silent for `leaseSeconds`;
///   a shard is leased again only then, when its attempt failed, or when its worker left.
/// - Leases a worker says it holds (in `hello` or a heartbeat) are adopted, not leased again:
///   after a restart with `--resume`, in-flight shards stay with their workers. For
///   `adoptionWindow` seconds after starting, no lease goes out, so workers can say what they hold.
/// - Leases a worker has provably not received (its heartbeat has seen a later lease) are freed
///   without spending an attempt; its credit is reconciled from the same heartbeat.
/// - Every event costs O(1), O(log shards) or O(leases of one worker); a timer pass costs O(workers).
public struct CoordinatorSession: Sendable {
    public struct Configuration: Sendable {
        /// The welcome every accepted worker gets; its `job` is this job's identity.
        public var welcome: WireMessage.Welcome
        public var generatorVersion: String
        /// Seconds of silence after which a worker's leases expire.
        public var leaseSeconds: Double
        /// Attempts before a shard fails the job.
        public var maxAttempts: Int
        /// Seconds after starting before the first lease goes out.
        public var adoptionWindow: Double
        /// Believe a result only once the ledger shows it (`verify` actions answered with
        /// `verified`); without a ledger (null sink), only from the worker holding that lease.
        public var verifyResults: Bool
        /// Seconds after which a lease that the worker's heartbeats have not seen is sent again
        /// (a lease lost with a connection would otherwise hold its shard and the worker's credit).
        public var resendAfter: Double
        public var statusInterval: Double
        public var driftInterval: Double
        public var progressInterval: Double

        public init(
            welcome: WireMessage.Welcome, generatorVersion: String, leaseSeconds: Double = 20, maxAttempts: Int = 5,
            adoptionWindow: Double = 0, verifyResults: Bool = false, resendAfter: Double = 3, statusInterval: Double = 1,
            driftInterval: Double = 2, progressInterval: Double = 2
        ) {
            self.verifyResults = verifyResults
            self.resendAfter = resendAfter
            self.welcome = welcome
            self.generatorVersion = generatorVersion
            self.leaseSeconds = leaseSeconds
            self.maxAttempts = maxAttempts
            self.adoptionWindow = adoptionWindow
            self.statusInterval = statusInterval
            self.driftInterval = driftInterval
            self.progressInterval = progressInterval
        }

        public var job: String { welcome.job }
    }

    /// What the coordinator process must do.
    public enum Action: Sendable, Equatable {
        case send(peer: String, WireMessage)
        /// Look up the shard of this result in the ledger and answer with `verified`.
        case verify(WireMessage.Done, worker: String)
        /// A shard's result was accepted (with the ledger's figures when verified): record it and publish it.
        case committed(WireMessage.Done, worker: String)
        /// Something worth a log line (peer-supplied text in it is already sanitized).
        case log(String)
        case publishStatus
        case publishDrift
        case reportProgress
        /// Every shard is committed: finish the job, then tell the workers.
        case finished
        /// A shard failed on every attempt: the job fails with this message.
        case failed(String)
    }

    public enum Phase: Sendable, Equatable {
        case running
        case finished
        case failed(String)
    }

    /// A worker the coordinator has welcomed.
    public struct Worker: Sendable, Equatable {
        public var host: String
        public var slots: Int
        /// Credit offered and not yet filled.
        public var credit = 0
        public var lastHeard: Double
        /// The `seq` of the last lease sent to it.
        public var seq: UInt64 = 0
    }

    public let configuration: Configuration
    public private(set) var table: LeaseTable
    public private(set) var workers: [String: Worker] = [:]
    public private(set) var attempts = AttemptCounts()
    public private(set) var phase: Phase = .running
    private let units: [Range<UInt64>]
    private var hungry: Set<String> = []
    /// Results waiting for their ledger row: their leases are not lost, whatever heartbeats say.
    private var verifying: Set<ShardID> = []
    /// The worker whose lease of a pending shard expired or was lost: it may claim it back.
    private var formerHolders: [ShardID: String] = [:]
    private let started: Double
    private var leasing = false
    private var announced = false
    private var lastSweep = -Double.infinity
    private var lastStatus = -Double.infinity
    private var lastDrift = -Double.infinity
    private var lastProgress: Double

    /// `tables` in plan order with each shard's unit range; `committed` names the shards the
    /// ledger already holds.
    public init(_ configuration: Configuration, tables: [(name: String, units: [Range<UInt64>])], committed: (ShardID) -> Bool, now: Double)
    {
        self.configuration = configuration
        table = LeaseTable(
            tables: tables.map { ($0.name, $0.units.count) }, committed: committed,
            configuration: .init(maxAttempts: configuration.maxAttempts))
        units = tables.flatMap(\.units)
        started = now
        lastProgress = now
        leasing = configuration.adoptionWindow <= 0
    }

    public var job: String { configuration.job }

    /// Workers welcomed and not gone.
    public var connected: Int { workers.count }

    // MARK: Messages

    /// A message from `peer` (its ZeroMQ routing id).
    public mutating func received(peer: String, message: WireMessage, now: Double) -> [Action] {
        let name = PeerName(peer)
        switch phase {
        case .running: break
        case .finished, .failed:
            return [.send(peer: peer, .finish)]
        }
        if case .hello(let h) = message { return hello(peer, name, h, now: now) }
        guard workers[peer] != nil else {
            switch message {
            case .bye: return []
            default: return [.send(peer: peer, .reintroduce)]
            }
        }
        workers[peer]!.lastHeard = now
        switch message {
        case .hello: return []
        case .ready(let credit):
            workers[peer]!.credit = min(workers[peer]!.credit + credit, WireMessage.maxCredit)
            return assign(peer, now: now)
        case .heartbeat(let beat): return heartbeat(peer, name, beat, now: now)
        case .done(let d): return done(peer, name, d, now: now)
        case .failed(let f): return failed(peer, name, f, now: now)
        case .bye:
            let released = table.release(worker: peer)
            attempts.released += released.count
            workers[peer] = nil
            hungry.remove(peer)
            let freed = released.isEmpty ? "" : "; \(released.count) shard(s) leased to it are free again"
            return [.log("worker \(name) left after draining\(freed)")] + assignHungry(now: now)
        case .welcome, .refuse, .lease, .ack, .reintroduce, .finish:
            return [.log("dropped a '\(message.typeName)' from \(name): only the coordinator sends it")]
        }
    }

    private mutating func hello(_ peer: String, _ name: PeerName, _ h: WireMessage.Hello, now: Double) -> [Action] {
        guard h.generatorVersion == configuration.generatorVersion else {
            let reason =
                "worker generator version \(Sanitized.text(h.generatorVersion)) differs from the coordinator's "
                + "\(configuration.generatorVersion); run the same loom build everywhere"
            return [.send(peer: peer, .refuse(reason: reason)), .log("refused \(name): \(reason)")]
        }
        var actions: [Action] = []
        let known = workers[peer] != nil
        var worker = workers[peer] ?? Worker(host: Sanitized.text(h.host), slots: h.slots, lastHeard: now)
        worker.lastHeard = now
        worker.credit = 0
        worker.slots = h.slots
        workers[peer] = worker
        hungry.remove(peer)
        let claimed = h.job == job ? Set(h.holding.map(\.shard)) : []
        let lost = table.release(worker: peer) { shard, _ in !claimed.contains(shard) }
        attempts.released += lost.count
        let adopted = h.job == job ? adopt(h.holding, by: peer, now: now) : 0
        let holding = adopted == 0 ? "" : "; adopted \(adopted) shard(s) it is still loading"
        if known {
            let freed = lost.isEmpty ? "" : "; \(lost.count) lease(s) it never got are free again"
            actions.append(.log("worker \(name) said hello again\(holding)\(freed)"))
        } else {
            actions.append(.log("worker \(name) joined (\(h.slots) slots, host \(worker.host))\(holding)"))
        }
        if !h.job.isEmpty, h.job != job {
            let draining = h.holding.isEmpty ? "" : "; it finishes \(h.holding.count) shard(s) of that job first"
            actions.append(.log("worker \(name) was set up for job \(Sanitized.text(h.job)); it switches to job \(job)\(draining)"))
        }
        actions.append(.send(peer: peer, .welcome(configuration.welcome)))
        return actions + assignHungry(now: now)
    }

    /// Takes back the shards a worker says it holds, where the lease table has them pending:
    /// any shard in the first moments after a (resumed) start, when workers say what they were
    /// loading for the coordinator that died; later only shards whose lease this same worker
    /// lost, so a peer cannot claim shards it was never given and sit on them.
    private mutating func adopt(_ claims: [ShardAttempt], by peer: String, now: Double) -> Int {
        let open = now - started <= configuration.adoptionWindow + configuration.leaseSeconds
        let held = table.holdings(of: peer)
        var adopted = 0
        for a in claims {
            guard let p = table.position(of: a.shard), held[p] == nil else { continue }
            guard open || formerHolders[a.shard] == peer else { continue }
            if table.adopt(worker: peer, a, seq: workers[peer]?.seq ?? 0, now: now) {
                formerHolders[a.shard] = nil
                adopted += 1
            }
        }
        attempts.adopted += adopted
        return adopted
    }

    private mutating func heartbeat(_ peer: String, _ name: PeerName, _ beat: WireMessage.Heartbeat, now: Double) -> [Action] {
        var actions: [Action] = [.send(peer: peer, .ack(results: []))]
        guard beat.job == job else { return actions }
        let adopted = adopt(beat.holding, by: peer, now: now)
        if adopted > 0 {
            actions.append(.log("adopted \(adopted) shard(s) that worker \(name) is still loading"))
        }
        let claimed = Set(beat.holding.map(\.shard))
        let lost = table.release(worker: peer) { [verifying] shard, h in
            h.seq <= beat.seenLease && !claimed.contains(shard) && !verifying.contains(shard)
        }
        if !lost.isEmpty {
            attempts.released += lost.count
            let list = lost.prefix(3).map(\.description).joined(separator: ", ")
            actions.append(.log("worker \(name) never got the lease of \(list)\(lost.count > 3 ? " …" : ""); free again"))
        }
        let unseen = table.holdings(of: peer).filter { $0.value.seq > beat.seenLease }
        workers[peer]!.credit = max(0, min(beat.credit, WireMessage.maxCredit) - unseen.count)
        for (p, h) in unseen.sorted(by: { $0.key < $1.key }) where now - h.sentAt >= configuration.resendAfter {
            table.resent(worker: peer, position: p, now: now)
            actions.append(.send(peer: peer, .lease(lease(at: p, attempt: h.attempt, seq: h.seq))))
        }
        if workers[peer]!.credit == 0 { hungry.remove(peer) }
        actions += assign(peer, now: now)
        if !lost.isEmpty { actions += assignHungry(now: now) }
        return actions
    }

    private mutating func done(_ peer: String, _ name: PeerName, _ d: WireMessage.Done, now: Double) -> [Action] {
        var actions: [Action] = [.send(peer: peer, .ack(results: [d.shardAttempt]))]
        guard d.job == job else {
            actions.append(.log("ignored a result from worker \(name) for job \(Sanitized.text(d.job))"))
            return actions
        }
        guard let state = table.state(of: d.shard) else {
            attempts.rejected += 1
            actions.append(
                .log("dropped a result from worker \(name) for \(Sanitized.text(d.shard.description)): no such shard in job \(job)"))
            return actions
        }
        if state == .committed {
            if d.skipped {
                attempts.duplicate += 1
                actions.append(.log("\(d.shard) was loaded again by worker \(name) (attempt \(d.attempt)); the ledger had it already"))
            }
            // Otherwise the committing attempt's result again (resent before its ack arrived).
            return actions
        }
        if configuration.verifyResults {
            verifying.insert(d.shard)
            return actions + [.verify(d, worker: peer)]
        }
        guard case .leased(peer, d.attempt) = state else {
            attempts.rejected += 1
            actions.append(.log("ignored a result for \(d.shard) attempt \(d.attempt) from worker \(name): it does not hold that lease"))
            return actions
        }
        return actions + accept(d, worker: peer, name: name, confirmed: true)
    }

    /// A shard's ledger row (or its absence), as the coordinator read it for a `verify`.
    public struct LedgerRow: Sendable, Equatable {
        public var rows: Int64
        public var bytes: Int64
        public var checksum: String
        public var attempt: Int
        public var worker: String?
        public var sketch: String?

        public init(rows: Int64, bytes: Int64, checksum: String, attempt: Int, worker: String?, sketch: String?) {
            self.rows = rows
            self.bytes = bytes
            self.checksum = checksum
            self.attempt = attempt
            self.worker = worker
            self.sketch = sketch
        }
    }

    /// The answer to a `verify`: the ledger is the truth. A shard it holds is committed, with the
    /// ledger's figures; a result it contradicts is reported with its peer, and a shard it does
    /// not hold goes back to pending.
    public mutating func verified(_ d: WireMessage.Done, worker peer: String, ledger row: LedgerRow?, now: Double) -> [Action] {
        let name = PeerName(peer)
        verifying.remove(d.shard)
        guard phase == .running else { return [] }
        guard let row else {
            attempts.rejected += 1
            let freed = table.release(worker: peer) { shard, _ in shard == d.shard }
            attempts.released += freed.count
            let again = freed.isEmpty ? "" : "; leased again"
            return [
                .log(
                    "worker \(name) reported \(d.shard) attempt \(d.attempt) committed (\(d.rows) rows) but the ledger has no such commit\(again)"
                )
            ]
                + assignHungry(now: now)
        }
        var actions: [Action] = []
        let agrees = d.skipped || (row.rows == d.rows && row.checksum == d.checksum && row.attempt == d.attempt && row.worker == peer)
        if !agrees {
            attempts.rejected += 1
            actions.append(
                .log(
                    "worker \(name)'s report of \(d.shard) (attempt \(d.attempt), \(d.rows) rows) disagrees with the ledger "
                        + "(attempt \(row.attempt), \(row.rows) rows, by \(Sanitized.text(row.worker ?? "?"))); the ledger's figures count")
            )
        }
        var confirmed = d
        confirmed.rows = row.rows
        confirmed.bytes = row.bytes
        confirmed.checksum = row.checksum
        confirmed.attempt = row.attempt
        confirmed.sketch = row.sketch ?? (agrees && !d.skipped ? d.sketch : nil)
        return actions + accept(confirmed, worker: row.worker ?? peer, name: name, confirmed: agrees, skipped: d.skipped)
    }

    private mutating func accept(_ d: WireMessage.Done, worker: String, name: PeerName, confirmed: Bool, skipped: Bool? = nil) -> [Action] {
        let skipped = skipped ?? d.skipped
        switch table.complete(d.shard) {
        case .unknown: return []
        case .duplicate:
            if skipped { attempts.duplicate += 1 }
            return []
        case .accepted(let holder, _):
            formerHolders[d.shard] = nil
            var actions: [Action] = []
            if skipped {
                attempts.duplicate += 1
                actions.append(.log("\(d.shard) was loaded again by worker \(name); the ledger had it already"))
            } else if confirmed {
                attempts.committed += 1
            }
            if let holder, holder != worker, !skipped {
                actions.append(.log("\(d.shard) committed by worker \(Sanitized.text(worker)) while leased to \(Sanitized.text(holder))"))
            }
            var committed = d
            committed.skipped = false
            actions.append(.committed(committed, worker: worker))
            if table.isFinished { actions += finish() }
            return actions
        }
    }

    private mutating func failed(_ peer: String, _ name: PeerName, _ f: WireMessage.Failed, now: Double) -> [Action] {
        var actions: [Action] = [.send(peer: peer, .ack(results: [f.shardAttempt]))]
        guard f.job == job else { return actions }
        let error = Sanitized.text(f.error)
        switch table.fail(f.shard, attempt: f.attempt, worker: peer, error: error) {
        case .stale:
            actions.append(.log("ignored a failure of \(f.shard) attempt \(f.attempt) from worker \(name): it does not hold that lease"))
        case .retry(let next):
            attempts.failed += 1
            actions.append(.log("\(f.shard) attempt \(f.attempt) failed on worker \(name): \(error) → retry as attempt \(next)"))
            actions += assignHungry(now: now)
        case .poisoned(let e):
            attempts.failed += 1
            actions += poison(f.shard, e)
        }
        return actions
    }

    // MARK: Time

    /// Time passed: silent workers lose their leases, timers fire, the job finishes or fails.
    public mutating func tick(now: Double) -> [Action] {
        guard phase == .running else { return [] }
        var actions: [Action] = []
        if table.isFinished { return finish() }
        if !leasing, now - started >= configuration.adoptionWindow {
            leasing = true
            actions += assignHungry(now: now)
        }
        if now - lastSweep >= min(0.25, configuration.leaseSeconds / 4) {
            lastSweep = now
            actions += sweep(now: now)
            if phase != .running { return actions }
        }
        if now - lastStatus >= configuration.statusInterval {
            lastStatus = now
            actions.append(.publishStatus)
        }
        if now - lastDrift >= configuration.driftInterval {
            lastDrift = now
            actions.append(.publishDrift)
        }
        if now - lastProgress >= configuration.progressInterval {
            lastProgress = now
            actions.append(.reportProgress)
        }
        return actions
    }

    private mutating func sweep(now: Double) -> [Action] {
        var actions: [Action] = []
        let silent = workers.filter { now - $0.value.lastHeard > configuration.leaseSeconds }.keys.sorted()
        for peer in silent {
            let name = PeerName(peer)
            workers[peer] = nil
            hungry.remove(peer)
            let expired = table.expire(worker: peer)
            for e in expired { formerHolders[e.shard] = peer }
            attempts.expired += expired.count
            actions.append(
                .log(
                    "worker \(name) has been silent for over \(Int(configuration.leaseSeconds)) s; dropped it"
                        + (expired.isEmpty ? "" : " and its \(expired.count) lease(s) expire")))
            for e in expired {
                if case .poisoned(let error) = e.outcome { return actions + poison(e.shard, error) }
            }
        }
        if !silent.isEmpty { actions += assignHungry(now: now) }
        return actions
    }

    // MARK: Leasing

    private mutating func assign(_ peer: String, now: Double) -> [Action] {
        guard let w = workers[peer], w.credit > 0 else {
            hungry.remove(peer)
            return []
        }
        guard leasing, phase == .running else {
            hungry.insert(peer)
            return []
        }
        var seq = w.seq
        let grants = table.request(worker: peer, count: w.credit, seq: &seq, now: now)
        workers[peer]!.seq = seq
        workers[peer]!.credit -= grants.count
        if workers[peer]!.credit > 0 { hungry.insert(peer) } else { hungry.remove(peer) }
        return grants.map { .send(peer: peer, .lease(lease(at: $0.position, attempt: $0.attempt, seq: $0.seq))) }
    }

    private func lease(at position: Int, attempt: Int, seq: UInt64) -> WireMessage.Lease {
        let u = units[position]
        return WireMessage.Lease(
            job: job, shard: table.shard(at: position), attempt: attempt, firstUnit: u.lowerBound, endUnit: u.upperBound, seq: seq)
    }

    private mutating func assignHungry(now: Double) -> [Action] {
        guard leasing, !hungry.isEmpty, table.counts.pending > 0 else { return [] }
        var actions: [Action] = []
        for peer in hungry.sorted() { actions += assign(peer, now: now) }
        return actions
    }

    private mutating func finish() -> [Action] {
        guard !announced else { return [] }
        announced = true
        phase = .finished
        return [.finished]
    }

    private mutating func poison(_ shard: ShardID, _ error: String) -> [Action] {
        let message = "\(shard) failed on every attempt: \(error)"
        phase = .failed(message)
        return [.failed(message)]
    }

    /// The workers to tell that the job is over.
    public var peers: [String] { workers.keys.sorted() }
}

/// A peer's name for log lines, escaped only when a line is actually written (most messages log
/// nothing, and escaping every routing id cost a tenth of the session's time).
struct PeerName: CustomStringConvertible {
    let raw: String
    init(_ raw: String) { self.raw = raw }
    var description: String { Sanitized.text(raw) }
}
