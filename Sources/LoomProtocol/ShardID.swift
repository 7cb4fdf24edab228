/// A shard's identity within a job: its table and its 0-based number in that table.
public struct ShardID: Sendable, Hashable, Codable, CustomStringConvertible {
    public var table: String
    public var index: Int

    public init(table: String, index: Int) {
        self.table = table
        self.index = index
    }

    /// Numbered from 0, as in the ledger (`loom.shards.shard`), so a message and a ledger row name
    /// the same shard the same way.
    public var description: String { "\(table) shard \(index)" }
}

/// One attempt at one shard: what a worker holds, and what a result or an ack names.
public struct ShardAttempt: Sendable, Hashable, Codable, CustomStringConvertible {
    public var shard: ShardID
    public var attempt: Int

    public init(shard: ShardID, attempt: Int) {
        self.shard = shard
        self.attempt = attempt
    }

    public var description: String { "\(shard) attempt \(attempt)" }
}
