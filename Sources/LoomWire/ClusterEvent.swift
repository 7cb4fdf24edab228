import Foundation

/// What the coordinator publishes (ZeroMQ PUB) for progress views and the monitor: a status
/// snapshot every second, one event per committed shard, and the end of the job.
public enum ClusterEvent: Sendable, Equatable, Codable {
    /// Per-table progress and the cluster's state.
    public struct Status: Sendable, Equatable, Codable {
        public struct Table: Sendable, Equatable, Codable {
            public var name: String
            public var plannedRows: UInt64
            public var rows: Int64
            public var shards: Int
            public var shardsCommitted: Int
            public init(name: String, plannedRows: UInt64, rows: Int64, shards: Int, shardsCommitted: Int) {
                self.name = name
                self.plannedRows = plannedRows
                self.rows = rows
                self.shards = shards
                self.shardsCommitted = shardsCommitted
            }
        }
        public var job: String
        public var tables: [Table]
        public var workers: Int
        public var leased: Int
        public var expiredLeases: Int
        public var seconds: Double
        public init(job: String, tables: [Table], workers: Int, leased: Int, expiredLeases: Int, seconds: Double) {
            self.job = job
            self.tables = tables
            self.workers = workers
            self.leased = leased
            self.expiredLeases = expiredLeases
            self.seconds = seconds
        }
    }

    case status(Status)
    case shard(job: String, table: String, index: Int, rows: Int64, bytes: Int64, worker: String)
    case finished(job: String, ok: Bool, message: String)

    public func encoded() -> Data {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        return (try? e.encode(self)) ?? Data()
    }

    public static func decode(_ data: Data) -> ClusterEvent? {
        try? JSONDecoder().decode(ClusterEvent.self, from: data)
    }
}
