/// The coordinator's view of every shard of a job: pending, leased to a worker until a
/// deadline, committed, or failed for good. A pure state machine driven by events and the
/// current time (seconds on any monotonic clock) — no sockets, no clocks of its own — so lease
/// expiry, retries and poison shards are tested with a fake clock (DESIGN.md invariant 6).
public struct LeaseTable: Sendable {
    /// A shard's identity within a job.
    public struct ShardID: Sendable, Hashable, Codable, CustomStringConvertible {
        public var table: String
        public var index: Int
        public init(table: String, index: Int) {
            self.table = table
            self.index = index
        }
        public var description: String { "\(table) shard \(index + 1)" }
    }

    public enum State: Sendable, Equatable {
        case pending(attempt: Int)
        case leased(worker: String, attempt: Int, deadline: Double)
        case committed
        case failed(error: String)
    }

    /// A shard handed to a worker: it must finish or heartbeat before `deadline`.
    public struct Lease: Sendable, Equatable {
        public var shard: ShardID
        public var attempt: Int
        public var deadline: Double
        public init(shard: ShardID, attempt: Int, deadline: Double) {
            self.shard = shard
            self.attempt = attempt
            self.deadline = deadline
        }
    }

    public struct Configuration: Sendable, Equatable {
        /// Seconds a lease lasts without a heartbeat.
        public var leaseDuration: Double
        /// Attempts before a shard fails the job.
        public var maxAttempts: Int
        public init(leaseDuration: Double = 30, maxAttempts: Int = 5) {
            self.leaseDuration = leaseDuration
            self.maxAttempts = maxAttempts
        }
    }

    /// What a completion report did.
    public enum Completion: Sendable, Equatable {
        /// The shard is now committed.
        case accepted
        /// It was committed already (a retried or stale attempt finished too; the ledger made
        /// sure its rows were not loaded twice).
        case duplicate
        /// The shard is unknown to this job.
        case unknown
    }

    /// What a failure report did.
    public enum FailureOutcome: Sendable, Equatable {
        /// The shard goes back to pending with this attempt number.
        case retry(attempt: Int)
        /// The shard failed on its last attempt: the job fails with this error.
        case poisoned(error: String)
        /// The report was about an attempt that no longer holds the lease; ignored.
        case stale
    }

    public let configuration: Configuration
    public private(set) var states: [ShardID: State] = [:]
    /// Shards in plan order: leases are handed out in this order.
    private let order: [ShardID]
    private var cursor = 0

    public init(shards: [ShardID], committed: Set<ShardID> = [], configuration: Configuration = Configuration()) {
        self.configuration = configuration
        order = shards
        for s in shards { states[s] = committed.contains(s) ? .committed : .pending(attempt: 1) }
    }

    /// Leases up to `count` pending shards to `worker`.
    public mutating func request(worker: String, count: Int, now: Double) -> [Lease] {
        var out: [Lease] = []
        guard count > 0, poisoned == nil else { return out }
        var scanned = 0
        while out.count < count, scanned < order.count {
            let s = order[cursor]
            cursor = (cursor + 1) % order.count
            scanned += 1
            if case .pending(let attempt) = states[s] {
                let deadline = now + configuration.leaseDuration
                states[s] = .leased(worker: worker, attempt: attempt, deadline: deadline)
                out.append(Lease(shard: s, attempt: attempt, deadline: deadline))
            }
        }
        return out
    }

    /// Extends every lease `worker` holds; returns the shards renewed.
    @discardableResult
    public mutating func heartbeat(worker: String, now: Double) -> [ShardID] {
        var renewed: [ShardID] = []
        for (s, state) in states {
            if case .leased(worker, let attempt, _) = state {
                states[s] = .leased(worker: worker, attempt: attempt, deadline: now + configuration.leaseDuration)
                renewed.append(s)
            }
        }
        return renewed
    }

    /// A worker reports the shard committed (or found it already in the ledger).
    public mutating func complete(_ shard: ShardID) -> Completion {
        guard let state = states[shard] else { return .unknown }
        if case .committed = state { return .duplicate }
        states[shard] = .committed
        return .accepted
    }

    /// A worker reports that attempt `attempt` failed.
    public mutating func fail(_ shard: ShardID, attempt: Int, worker: String, error: String) -> FailureOutcome {
        guard case .leased(worker, attempt, _) = states[shard] else { return .stale }
        return retryOrPoison(shard, attempt: attempt, error: error)
    }

    private mutating func retryOrPoison(_ shard: ShardID, attempt: Int, error: String) -> FailureOutcome {
        if attempt >= configuration.maxAttempts {
            states[shard] = .failed(error: error)
            return .poisoned(error: error)
        }
        states[shard] = .pending(attempt: attempt + 1)
        return .retry(attempt: attempt + 1)
    }

    /// Leases whose deadline passed: the shard returns to pending with a higher attempt (or is
    /// poisoned on its last attempt). Returns what expired, for logs and metrics.
    public mutating func expire(now: Double) -> [(shard: ShardID, worker: String, outcome: FailureOutcome)] {
        var out: [(ShardID, String, FailureOutcome)] = []
        for s in order {
            if case .leased(let worker, let attempt, let deadline) = states[s], deadline <= now {
                out.append((s, worker, retryOrPoison(s, attempt: attempt, error: "lease expired: worker \(worker) went silent on attempt \(attempt)")))
            }
        }
        return out
    }

    /// A worker left (or was refused): its leases return to pending without using an attempt.
    @discardableResult
    public mutating func release(worker: String) -> [ShardID] {
        var released: [ShardID] = []
        for s in order {
            if case .leased(worker, let attempt, _) = states[s] {
                states[s] = .pending(attempt: attempt)
                released.append(s)
            }
        }
        return released
    }

    /// The first shard that failed for good, with its error.
    public var poisoned: (shard: ShardID, error: String)? {
        for s in order { if case .failed(let e) = states[s] { return (s, e) } }
        return nil
    }

    public var isFinished: Bool { states.values.allSatisfy { $0 == .committed } }

    /// Shards per state: pending, leased, committed, failed.
    public var counts: (pending: Int, leased: Int, committed: Int, failed: Int) {
        var c = (0, 0, 0, 0)
        for s in states.values {
            switch s {
            case .pending: c.0 += 1
            case .leased: c.1 += 1
            case .committed: c.2 += 1
            case .failed: c.3 += 1
            }
        }
        return c
    }
}
