/// The coordinator's view of every shard of a job: pending, leased to a worker, committed, or
/// failed for good. A pure state machine with no clock and no sockets (DESIGN.md invariant 6):
/// `CoordinatorSession` decides when a worker's leases expire; this table keeps the shards.
///
/// Every operation costs O(1) or O(log shards), or O(leases of one worker): shards are kept in
/// an array by their position in plan order, shards handed back wait in a heap, and each
/// worker's leases are kept with the worker. A job of a million shards costs a few tens of bytes
/// per shard.
public struct LeaseTable: Sendable {
    public typealias ShardID = LoomProtocol.ShardID

    public enum State: Sendable, Equatable {
        case pending(attempt: Int)
        case leased(worker: String, attempt: Int)
        case committed
        case failed(error: String)
    }

    /// A lease held by a worker; `seq` numbers the leases sent to that worker, `sentAt` is when
    /// the lease was last sent (on the caller's clock).
    public struct Holding: Sendable, Equatable {
        public var attempt: Int
        public var seq: UInt64
        public var sentAt: Double
    }

    /// A shard just leased.
    public struct Grant: Sendable, Equatable {
        public var shard: ShardID
        public var position: Int
        public var attempt: Int
        public var seq: UInt64
    }

    public struct Configuration: Sendable, Equatable {
        /// Attempts before a shard fails the job.
        public var maxAttempts: Int
        public init(maxAttempts: Int = 5) { self.maxAttempts = maxAttempts }
    }

    /// What a completion report did.
    public enum Completion: Sendable, Equatable {
        /// The shard is now committed; `holder` is whoever held its lease (nil: nobody did).
        case accepted(holder: String?, heldAttempt: Int?)
        /// It was committed already: this report is the second of the same shard.
        case duplicate
        /// The shard is unknown to this job.
        case unknown
    }

    /// What a failure report or an expiry did.
    public enum FailureOutcome: Sendable, Equatable {
        /// The shard goes back to pending with this attempt number.
        case retry(attempt: Int)
        /// The shard failed on its last attempt: the job fails with this error.
        case poisoned(error: String)
        /// The report was about an attempt that no longer holds the lease; ignored.
        case stale
    }

    /// Shard counts per state.
    public struct Counts: Sendable, Equatable {
        public var pending = 0
        public var leased = 0
        public var committed = 0
        public var failed = 0

        public init(pending: Int = 0, leased: Int = 0, committed: Int = 0, failed: Int = 0) {
            self.pending = pending
            self.leased = leased
            self.committed = committed
            self.failed = failed
        }
    }

    public let configuration: Configuration
    /// Tables in plan order with the position of their first shard and their shard count.
    public let tables: [(name: String, base: Int, count: Int)]
    private let tableIndex: [String: Int]
    private var states: [State]
    private var returned = MinHeap<Int>(by: <)
    private var cursor = 0
    private var holdings: [String: [Int: Holding]] = [:]
    public private(set) var counts = Counts()
    private var committedPerTable: [Int]
    /// The first shard that failed for good, with its error.
    public private(set) var poisoned: (shard: ShardID, error: String)?

    /// `tables` in plan order with their shard counts; `committed` says which shards the ledger holds.
    public init(
        tables: [(name: String, shards: Int)], committed: (ShardID) -> Bool = { _ in false }, configuration: Configuration = Configuration()
    ) {
        self.configuration = configuration
        var list: [(String, Int, Int)] = []
        var index: [String: Int] = [:]
        var base = 0
        for t in tables {
            index[t.name] = list.count
            list.append((t.name, base, t.shards))
            base += t.shards
        }
        self.tables = list
        tableIndex = index
        states = []
        states.reserveCapacity(base)
        committedPerTable = Array(repeating: 0, count: list.count)
        for (k, t) in list.enumerated() {
            for i in 0..<t.2 {
                if committed(ShardID(table: t.0, index: i)) {
                    states.append(.committed)
                    committedPerTable[k] += 1
                    counts.committed += 1
                } else {
                    states.append(.pending(attempt: 1))
                    counts.pending += 1
                }
            }
        }
    }

    /// Shards in the job.
    public var total: Int { states.count }
    public var isFinished: Bool { counts.committed == states.count }

    /// The position of a shard in plan order, if the job has it.
    public func position(of shard: ShardID) -> Int? {
        guard let k = tableIndex[shard.table], shard.index >= 0, shard.index < tables[k].count else { return nil }
        return tables[k].base + shard.index
    }

    /// The shard at a position (binary search over the tables).
    public func shard(at position: Int) -> ShardID {
        var lo = 0, hi = tables.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if tables[mid].base <= position { lo = mid } else { hi = mid - 1 }
        }
        return ShardID(table: tables[lo].name, index: position - tables[lo].base)
    }

    public func state(of shard: ShardID) -> State? { position(of: shard).map { states[$0] } }

    /// Shards and committed shards of a table.
    public func progress(table: String) -> (shards: Int, committed: Int) {
        guard let k = tableIndex[table] else { return (0, 0) }
        return (tables[k].count, committedPerTable[k])
    }

    /// The leases `worker` holds, by position.
    public func holdings(of worker: String) -> [Int: Holding] { holdings[worker] ?? [:] }

    /// Leases up to `count` pending shards to `worker`, numbering them from `seq`.
    public mutating func request(worker: String, count: Int, seq: inout UInt64, now: Double = 0) -> [Grant] {
        var out: [Grant] = []
        guard count > 0, poisoned == nil else { return out }
        while out.count < count, let p = nextPending() {
            guard case .pending(let attempt) = states[p] else { continue }
            seq += 1
            setLeased(p, worker: worker, holding: Holding(attempt: attempt, seq: seq, sentAt: now))
            out.append(Grant(shard: shard(at: p), position: p, attempt: attempt, seq: seq))
        }
        return out
    }

    private mutating func nextPending() -> Int? {
        while let p = returned.pop() {
            if case .pending = states[p] { return p }
        }
        while cursor < states.count {
            let p = cursor
            cursor += 1
            if case .pending = states[p] { return p }
        }
        return nil
    }

    /// A worker says it is still working on `attempt` of a pending shard (it held the lease
    /// before the coordinator restarted, or before it said hello again): the lease is its
    /// again, without a new attempt. Returns false where the shard is not pending.
    public mutating func adopt(worker: String, _ attempt: ShardAttempt, seq: UInt64, now: Double = 0) -> Bool {
        guard let p = position(of: attempt.shard), case .pending(let pendingAttempt) = states[p] else { return false }
        setLeased(p, worker: worker, holding: Holding(attempt: max(attempt.attempt, pendingAttempt), seq: seq, sentAt: now))
        return true
    }

    /// Records that the lease at `position` was sent to `worker` again.
    public mutating func resent(worker: String, position: Int, now: Double) {
        holdings[worker]?[position]?.sentAt = now
    }

    /// A shard is committed: the holder's lease (if any) ends.
    public mutating func complete(_ shard: ShardID) -> Completion {
        guard let p = position(of: shard) else { return .unknown }
        switch states[p] {
        case .committed: return .duplicate
        case .leased(let worker, let attempt):
            holdings[worker]?[p] = nil
            counts.leased -= 1
            setCommitted(p)
            return .accepted(holder: worker, heldAttempt: attempt)
        case .pending:
            counts.pending -= 1
            setCommitted(p)
            return .accepted(holder: nil, heldAttempt: nil)
        case .failed:
            counts.failed -= 1
            setCommitted(p)
            return .accepted(holder: nil, heldAttempt: nil)
        }
    }

    /// `worker` reports that `attempt` of `shard` failed.
    public mutating func fail(_ shard: ShardID, attempt: Int, worker: String, error: String) -> FailureOutcome {
        guard let p = position(of: shard), case .leased(worker, attempt) = states[p] else { return .stale }
        holdings[worker]?[p] = nil
        return retryOrPoison(p, attempt: attempt, error: error)
    }

    /// The worker went silent: every lease it holds ends and spends its attempt.
    public mutating func expire(worker: String) -> [(shard: ShardID, outcome: FailureOutcome)] {
        guard let held = holdings.removeValue(forKey: worker) else { return [] }
        return held.keys.sorted().map { p in
            let attempt = held[p]!.attempt
            let error = "lease expired: worker \(worker) went silent on attempt \(attempt)"
            return (shard(at: p), retryOrPoison(p, attempt: attempt, error: error))
        }
    }

    /// The worker left, or does not have these leases (lost on the way): they return to pending
    /// without spending an attempt. `which` picks the leases (all by default).
    @discardableResult
    public mutating func release(worker: String, where which: (ShardID, Holding) -> Bool = { _, _ in true }) -> [ShardID] {
        guard let held = holdings[worker] else { return [] }
        var released: [ShardID] = []
        for (p, h) in held where which(shard(at: p), h) {
            holdings[worker]![p] = nil
            counts.leased -= 1
            counts.pending += 1
            states[p] = .pending(attempt: h.attempt)
            returned.push(p)
            released.append(shard(at: p))
        }
        if holdings[worker]?.isEmpty == true { holdings[worker] = nil }
        return released.sorted { ($0.table, $0.index) < ($1.table, $1.index) }
    }

    private mutating func setLeased(_ p: Int, worker: String, holding: Holding) {
        counts.pending -= 1
        counts.leased += 1
        states[p] = .leased(worker: worker, attempt: holding.attempt)
        holdings[worker, default: [:]][p] = holding
    }

    private mutating func setCommitted(_ p: Int) {
        states[p] = .committed
        counts.committed += 1
        committedPerTable[tableIndex[shard(at: p).table]!] += 1
    }

    /// Ends a lease that spent its attempt (`p` must be leased and already removed from holdings).
    private mutating func retryOrPoison(_ p: Int, attempt: Int, error: String) -> FailureOutcome {
        counts.leased -= 1
        if attempt >= configuration.maxAttempts {
            states[p] = .failed(error: error)
            counts.failed += 1
            if poisoned == nil { poisoned = (shard(at: p), error) }
            return .poisoned(error: error)
        }
        states[p] = .pending(attempt: attempt + 1)
        counts.pending += 1
        returned.push(p)
        return .retry(attempt: attempt + 1)
    }
}
