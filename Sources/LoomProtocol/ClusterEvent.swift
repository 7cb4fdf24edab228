import Foundation

/// What the coordinator publishes (ZeroMQ PUB) for progress views and the monitor: a status
/// snapshot every second, one event per committed shard (with its drift sketch), the merged
/// drift sketches every few seconds, and the end of the job. Status and drift snapshots are
/// cumulative, so a monitor started (or restarted) mid-job catches up from the next ones.
public enum ClusterEvent: Sendable, Equatable, Codable {
    /// Per-table progress and the cluster's state.
    public struct Status: Sendable, Equatable, Codable {
        public struct Table: Sendable, Equatable, Codable {
            public var name: String
            public var plannedRows: UInt64
            public var rows: Int64
            public var shards: Int
            public var shardsCommitted: Int
            /// Bytes of COPY data committed.
            public var bytes: Int64?
            public init(name: String, plannedRows: UInt64, rows: Int64, shards: Int, shardsCommitted: Int, bytes: Int64? = nil) {
                self.name = name
                self.plannedRows = plannedRows
                self.rows = rows
                self.shards = shards
                self.shardsCommitted = shardsCommitted
                self.bytes = bytes
            }
        }
        /// One worker as the coordinator sees it.
        public struct Worker: Sendable, Equatable, Codable {
            public var name: String
            public var host: String
            public var slots: Int
            public var shards: Int
            public var rows: Int64
            /// Seconds since its last message.
            public var lastSeen: Double
            public init(name: String, host: String, slots: Int, shards: Int, rows: Int64, lastSeen: Double) {
                self.name = name
                self.host = host
                self.slots = slots
                self.shards = shards
                self.rows = rows
                self.lastSeen = lastSeen
            }
        }
        public var job: String
        public var tables: [Table]
        public var workers: Int
        public var leased: Int
        public var expiredLeases: Int
        public var seconds: Double
        /// Every worker that joined, with its figures (this run of the coordinator).
        public var workerList: [Worker]?
        /// Shard attempts that failed (each was retried, up to the attempt limit).
        public var failedAttempts: Int?
        /// Where rows go: `postgres`, or `null` (generated and discarded).
        public var sink: String?
        /// Shard attempts by outcome (this run of the coordinator); `duplicate` is work done more than once.
        public var attempts: AttemptCounts?
        public init(
            job: String, tables: [Table], workers: Int, leased: Int, expiredLeases: Int, seconds: Double,
            workerList: [Worker]? = nil, failedAttempts: Int? = nil, sink: String? = nil, attempts: AttemptCounts? = nil
        ) {
            self.attempts = attempts
            self.workerList = workerList
            self.failedAttempts = failedAttempts
            self.sink = sink
            self.job = job
            self.tables = tables
            self.workers = workers
            self.leased = leased
            self.expiredLeases = expiredLeases
            self.seconds = seconds
        }
    }

    case status(Status)
    /// A committed shard; `sketch` is its drift sketch (JSON of a `TableSketch`), `seconds` how
    /// long the worker took.
    case shard(job: String, table: String, index: Int, rows: Int64, bytes: Int64, worker: String, sketch: String?, seconds: Double?)
    /// The drift targets (JSON of a `DriftPlan`) and every table's merged sketch so far (JSON of
    /// `[TableSketch]`).
    case drift(job: String, plan: String, sketches: String)
    case finished(job: String, ok: Bool, message: String)

    public func encoded() -> Data {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        return (try? e.encode(self)) ?? Data()
    }

    /// Decodes an event; nil for anything malformed or implausible (negative or astronomically
    /// large counts, times that are not finite), so that no arithmetic on a forged event can trap.
    public static func decode(_ data: Data) -> ClusterEvent? {
        guard data.count <= WireMessage.maxFrameBytes * 64, let event = try? JSONDecoder().decode(ClusterEvent.self, from: data) else {
            return nil
        }
        return event.isPlausible ? event : nil
    }

    /// Largest row or byte count an event may carry (2^52: far beyond any real job, and sums of
    /// thousands of them still fit in 64 bits).
    public static let maxCount: Int64 = 1 << 52

    var isPlausible: Bool {
        func count(_ n: Int64) -> Bool { n >= 0 && n <= Self.maxCount }
        func small(_ n: Int) -> Bool { n >= 0 && n <= 1 << 40 }
        func time(_ t: Double) -> Bool { t.isFinite && t >= 0 && t < 1e12 }
        switch self {
        case .status(let s):
            guard s.tables.count <= 4096, (s.workerList?.count ?? 0) <= 65536 else { return false }
            let tablesOK = s.tables.allSatisfy {
                count($0.rows) && count($0.bytes ?? 0) && $0.plannedRows <= UInt64(Self.maxCount) && small($0.shards)
                    && small($0.shardsCommitted)
            }
            let workersOK = (s.workerList ?? []).allSatisfy { count($0.rows) && small($0.shards) && small($0.slots) && time($0.lastSeen) }
            let attemptsOK = s.attempts.map { $0.byOutcome.allSatisfy { small($0.count) } } ?? true
            return tablesOK && workersOK && attemptsOK && small(s.workers) && small(s.leased) && small(s.expiredLeases)
                && small(s.failedAttempts ?? 0) && time(s.seconds)
        case .shard(_, _, let index, let rows, let bytes, _, _, let seconds):
            return small(index) && count(rows) && count(bytes) && time(seconds ?? 0)
        case .drift, .finished:
            return true
        }
    }
}
