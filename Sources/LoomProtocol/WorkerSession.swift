/// The worker's side of the protocol as a pure state machine: it turns messages, finished
/// shards and the passing of time into actions (messages to send, shards to start), so the
/// worker process only moves bytes between this, its socket and its loader threads.
///
/// It says hello until welcomed (again after the coordinator goes silent, e.g. restarted with
/// `--resume`), keeps `slots` shards in flight through credit, and heartbeats while working.
public struct WorkerSession: Sendable {
    public enum Phase: Sendable, Equatable {
        case greeting
        case working
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
        /// The job is over: exit 0.
        case exit
        /// Refused by the coordinator: exit non-zero with this reason.
        case fail(String)
    }

    public struct Configuration: Sendable, Equatable {
        public var hello: WireMessage.Hello
        /// Seconds between heartbeats while shards are in flight.
        public var heartbeatInterval: Double
        /// Seconds without any message from the coordinator before saying hello again.
        public var coordinatorTimeout: Double
        /// Seconds between hellos while not welcomed.
        public var helloInterval: Double

        public init(hello: WireMessage.Hello, heartbeatInterval: Double = 2, coordinatorTimeout: Double = 15, helloInterval: Double = 1) {
            self.hello = hello
            self.heartbeatInterval = heartbeatInterval
            self.coordinatorTimeout = coordinatorTimeout
            self.helloInterval = helloInterval
        }
    }

    public let configuration: Configuration
    public private(set) var phase: Phase = .greeting
    /// Shards started and not yet reported.
    public private(set) var inFlight: [LeaseTable.ShardID: Int] = [:]
    /// Credit the coordinator has been given and not yet used.
    public private(set) var outstandingCredit = 0
    /// Draining: no more credit is offered; the session exits once nothing is in flight.
    public private(set) var draining = false
    private var lastHello = -Double.infinity
    private var lastHeartbeat = -Double.infinity
    private var lastHeard = 0.0

    public init(_ configuration: Configuration) { self.configuration = configuration }

    private var slots: Int { configuration.hello.slots }

    public mutating func start(now: Double) -> [Action] {
        lastHeard = now
        return tick(now: now)
    }

    /// A message from the coordinator.
    public mutating func received(_ message: WireMessage, now: Double) -> [Action] {
        lastHeard = now
        switch (phase, message) {
        case (.greeting, .welcome(let w)):
            phase = .working
            var actions: [Action] = [.configure(w)]
            actions += topUp()
            return actions
        case (.greeting, .refuse(let reason)), (.working, .refuse(let reason)):
            phase = .refused(reason: reason)
            return [.fail(reason)]
        case (.working, .welcome):
            // Welcomed again by a restarted coordinator: re-offer the free slots.
            outstandingCredit = 0
            return topUp()
        case (.working, .lease(let l)):
            outstandingCredit = max(0, outstandingCredit - 1)
            guard inFlight[l.shard] == nil else { return [] }
            inFlight[l.shard] = l.attempt
            return [.start(l)]
        case (_, .finish):
            phase = .finished
            return [.exit]
        default:
            return []
        }
    }

    /// A loader thread finished a shard.
    public mutating func shardDone(_ done: WireMessage.Done) -> [Action] {
        inFlight[done.shard] = nil
        return [.send(.done(done))] + topUp() + exitIfDrained()
    }

    /// A loader thread failed a shard.
    public mutating func shardFailed(_ failed: WireMessage.Failed) -> [Action] {
        inFlight[failed.shard] = nil
        return [.send(.failed(failed))] + topUp() + exitIfDrained()
    }

    /// Stop taking work (a worker asked to stop gracefully): finish and report the shards in
    /// flight (and any leased on credit already offered), then exit.
    public mutating func drain() -> [Action] {
        draining = true
        return exitIfDrained()
    }

    private mutating func exitIfDrained() -> [Action] {
        guard draining, inFlight.isEmpty, phase != .finished else { return [] }
        let welcomed = phase == .working
        phase = .finished
        return (welcomed ? [.send(.bye)] : []) + [.exit]
    }

    /// Time passed: hello while not welcomed, heartbeat while working, hello again when the
    /// coordinator has been silent too long.
    public mutating func tick(now: Double) -> [Action] {
        switch phase {
        case .greeting:
            guard now - lastHello >= configuration.helloInterval else { return [] }
            lastHello = now
            return [.send(.hello(configuration.hello))]
        case .working:
            if now - lastHeard >= configuration.coordinatorTimeout {
                phase = .greeting
                outstandingCredit = 0
                lastHello = now
                lastHeard = now
                return [.send(.hello(configuration.hello))]
            }
            guard !inFlight.isEmpty, now - lastHeartbeat >= configuration.heartbeatInterval else { return [] }
            lastHeartbeat = now
            return [.send(.heartbeat(shards: inFlight.keys.sorted { ($0.table, $0.index) < ($1.table, $1.index) }))]
        case .finished, .refused:
            return []
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
