/// The worker's side of the protocol as a pure state machine: it turns messages, finished
/// shards and the passing of time into actions (messages to send, shards to start), so the
/// worker process only moves bytes between this, its socket and its loader threads.
///
/// - Says hello until welcomed, naming the job it is set up for and the shards it holds; the
///   coordinator adopts those instead of leasing them again.
/// - Keeps `slots` shards in flight through credit, and heartbeats every `heartbeatInterval`
///   while welcomed, busy or not: the coordinator answers each, so silence on either side means
///   a peer is gone, not busy.
/// - Keeps every result until the coordinator acks it, and sends it again with each heartbeat:
///   a result lost with a connection (or sent to a coordinator that died) is not lost.
/// - A welcome for another job drains the shards of the old job first, then reconfigures: it
///   never loads a shard of one job with another job's plan.
public struct WorkerSession: Sendable {
    public enum Phase: Sendable, Equatable {
        case greeting
        case working
        /// Welcomed to another job: finishing the old job's shards before reconfiguring.
        case switching(to: WireMessage.Welcome)
        case finished
        case refused(reason: String)
    }

    /// What the worker process must do.
    public enum Action: Sendable, Equatable {
        case send(WireMessage)
        /// Load this shard (on a loader thread) and report with `shardDone` or `shardFailed`.
        case start(WireMessage.Lease)
        /// Build the job from the coordinator's spec and options before starting shards.
        case configure(WireMessage.Welcome)
        /// Something worth a log line.
        case log(String)
        /// The job is over: exit 0.
        case exit
        /// Refused by the coordinator: exit non-zero with this reason.
        case fail(String)
    }

    public struct Configuration: Sendable, Equatable {
        /// The worker's introduction; `job` and `holding` are filled in by the session.
        public var hello: WireMessage.Hello
        /// Seconds between heartbeats while welcomed.
        public var heartbeatInterval: Double
        /// Seconds without any message from the coordinator before saying hello again.
        public var coordinatorTimeout: Double
        /// Seconds between hellos while not welcomed.
        public var helloInterval: Double
        /// Seconds of unanswered hellos before each warning that nobody answers.
        public var silenceWarning: Double

        public init(
            hello: WireMessage.Hello, heartbeatInterval: Double = 1, coordinatorTimeout: Double = 6, helloInterval: Double = 1,
            silenceWarning: Double = 10
        ) {
            self.hello = hello
            self.heartbeatInterval = heartbeatInterval
            self.coordinatorTimeout = coordinatorTimeout
            self.helloInterval = helloInterval
            self.silenceWarning = silenceWarning
        }
    }

    public let configuration: Configuration
    public private(set) var phase: Phase = .greeting
    /// The job this worker is set up for (nil before its first welcome).
    public private(set) var job: String?
    /// Shards started and not yet finished, with their attempts.
    public private(set) var inFlight: [ShardID: Int] = [:]
    /// Results sent and not yet acknowledged.
    public private(set) var unacked: [ShardAttempt: WireMessage] = [:]
    /// Credit the coordinator has been given and not yet filled.
    public private(set) var outstandingCredit = 0
    /// Draining: no more credit is offered; the session exits once nothing is in flight.
    public private(set) var draining = false
    private var seenLease: UInt64 = 0
    private var lastHello = -Double.infinity
    private var lastHeartbeat = -Double.infinity
    private var lastHeard = 0.0
    private var greetingSince = 0.0
    private var lastWarning = 0.0

    public init(_ configuration: Configuration) { self.configuration = configuration }

    private var slots: Int { configuration.hello.slots }

    public mutating func start(now: Double) -> [Action] {
        lastHeard = now
        greetingSince = now
        lastWarning = now
        return tick(now: now)
    }

    /// Shards held: loading, or finished with the result not yet acknowledged.
    public var holding: [ShardAttempt] {
        let loading = inFlight.map { ShardAttempt(shard: $0.key, attempt: $0.value) }
        return (loading + unacked.keys).sorted {
            ($0.shard.table, $0.shard.index, $0.attempt) < ($1.shard.table, $1.shard.index, $1.attempt)
        }
    }

    private var helloMessage: WireMessage {
        var h = configuration.hello
        h.job = job ?? ""
        h.holding = holding
        return .hello(h)
    }

    /// A message from the coordinator.
    public mutating func received(_ message: WireMessage, now: Double) -> [Action] {
        lastHeard = now
        switch message {
        case .welcome(let w): return welcomed(w, now: now)
        case .refuse(let reason):
            guard phase != .finished else { return [] }
            phase = .refused(reason: reason)
            return [.fail(reason)]
        case .lease(let l): return leased(l)
        case .ack(let results):
            for r in results { unacked[r] = nil }
            return exitIfDrained()
        case .reintroduce:
            guard isWelcomed else { return [] }
            return greetAgain(now: now, why: "the coordinator does not know this worker (restarted?); saying hello again")
        case .finish:
            guard phase != .finished else { return [] }
            phase = .finished
            return [.exit]
        case .hello, .ready, .heartbeat, .done, .failed, .bye:
            return [.log("dropped a '\(message.typeName)' from the coordinator: only workers send it")]
        }
    }

    private var isWelcomed: Bool {
        switch phase {
        case .working, .switching: true
        case .greeting, .finished, .refused: false
        }
    }

    private mutating func welcomed(_ w: WireMessage.Welcome, now: Double) -> [Action] {
        switch phase {
        case .finished, .refused: return []
        case .greeting, .working, .switching: break
        }
        seenLease = 0
        outstandingCredit = 0
        lastHeartbeat = -Double.infinity
        if let job, job != w.job, !inFlight.isEmpty {
            phase = .switching(to: w)
            return [.log("welcomed to job \(w.job) while \(inFlight.count) shard(s) of job \(job) are loading: finishing them first")]
        }
        phase = .working
        var actions: [Action] = []
        if job != w.job {
            if job != nil { unacked = [:] }
            job = w.job
            actions.append(.configure(w))
        }
        return actions + resend() + topUp()
    }

    private mutating func leased(_ l: WireMessage.Lease) -> [Action] {
        guard phase == .working else { return [.log("dropped a lease for \(l.shard) while \(phaseName)")] }
        guard l.job == job else { return [.log("dropped a lease for \(l.shard) of job \(l.job): this worker runs job \(job ?? "none")")] }
        // A lease sent again (its first copy seemed lost) that did arrive twice is still running
        // or awaiting its ack: it starts nothing and fills no credit.
        guard inFlight[l.shard] == nil, unacked[l.shardAttempt] == nil else { return [] }
        seenLease = max(seenLease, l.seq)
        outstandingCredit = max(0, outstandingCredit - 1)
        inFlight[l.shard] = l.attempt
        return [.start(l)]
    }

    private var phaseName: String {
        switch phase {
        case .greeting: "greeting"
        case .working: "working"
        case .switching: "switching jobs"
        case .finished: "finished"
        case .refused: "refused"
        }
    }

    /// A loader thread finished a shard.
    public mutating func shardDone(_ done: WireMessage.Done) -> [Action] {
        finished(done.shardAttempt, .done(done))
    }

    /// A loader thread failed a shard.
    public mutating func shardFailed(_ failed: WireMessage.Failed) -> [Action] {
        finished(failed.shardAttempt, .failed(failed))
    }

    private mutating func finished(_ a: ShardAttempt, _ result: WireMessage) -> [Action] {
        inFlight[a.shard] = nil
        if case .finished = phase { return [] }
        unacked[a] = result
        var actions: [Action] = isWelcomed ? [.send(result)] : []
        if case .switching(let w) = phase, inFlight.isEmpty {
            phase = .working
            unacked = [:]
            job = w.job
            actions += [.log("switched to job \(w.job)"), .configure(w)]
        }
        return actions + topUp() + exitIfDrained()
    }

    /// Stop taking work (asked to stop gracefully): finish and report the shards in flight, then exit.
    public mutating func drain() -> [Action] {
        draining = true
        return exitIfDrained()
    }

    private mutating func exitIfDrained() -> [Action] {
        guard draining, inFlight.isEmpty else { return [] }
        switch phase {
        case .finished, .refused: return []
        case .greeting:
            phase = .finished
            return [.exit]
        case .working, .switching:
            guard unacked.isEmpty else { return [] }
            phase = .finished
            return [.send(.bye), .exit]
        }
    }

    /// Time passed: hello while not welcomed, heartbeats (and unacknowledged results) while
    /// welcomed, hello again when the coordinator has been silent too long.
    public mutating func tick(now: Double) -> [Action] {
        switch phase {
        case .greeting:
            var actions: [Action] = []
            if now - lastWarning >= configuration.silenceWarning {
                lastWarning = now
                actions.append(.log("no answer from the coordinator for \(Int(now - greetingSince)) s; still trying"))
            }
            guard now - lastHello >= configuration.helloInterval else { return actions }
            lastHello = now
            return actions + [.send(helloMessage)]
        case .working, .switching:
            if now - lastHeard >= configuration.coordinatorTimeout {
                let why = "the coordinator has been silent for \(Int(now - lastHeard)) s; saying hello again"
                return greetAgain(now: now, why: why) + exitIfDrained()
            }
            guard now - lastHeartbeat >= configuration.heartbeatInterval else { return [] }
            lastHeartbeat = now
            let beat = WireMessage.Heartbeat(job: job ?? "", holding: holding, seenLease: seenLease, credit: outstandingCredit)
            return [.send(.heartbeat(beat))] + resend()
        case .finished, .refused:
            return []
        }
    }

    private mutating func greetAgain(now: Double, why: String) -> [Action] {
        phase = .greeting
        outstandingCredit = 0
        lastHello = now
        lastHeard = now
        greetingSince = now
        lastWarning = now
        return [.log(why), .send(helloMessage)]
    }

    private func resend() -> [Action] {
        unacked.keys.sorted { ($0.shard.table, $0.shard.index, $0.attempt) < ($1.shard.table, $1.shard.index, $1.attempt) }.map {
            .send(unacked[$0]!)
        }
    }

    /// Offers the coordinator credit for every free slot not yet offered.
    private mutating func topUp() -> [Action] {
        guard phase == .working, !draining else { return [] }
        let free = slots - inFlight.count - outstandingCredit
        guard free > 0 else { return [] }
        outstandingCredit += free
        return [.send(.ready(credit: free))]
    }
}
