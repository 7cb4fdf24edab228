import LoomStats

/// The outcome of `loom load`: per-table figures for the shards this run loaded.
public struct LoadSummary: Sendable {
    /// Figures for one table.
    public struct Table: Sendable {
        public var name: String
        public var plannedRows: UInt64
        public var rows: Int64 = 0
        public var bytes: Int64 = 0
        public var shardsLoaded = 0
        public var shardsSkipped = 0
        /// Wall time from this table's first shard start to its last shard end.
        public var seconds: Double = 0
    }

    public var jobID: String
    public var alreadyLoaded = false
    public var resumed = false
    public var tables: [Table] = []
    public var loadSeconds: Double = 0
    public var finishSeconds: Double = 0
    public var connections = 1
    /// Each targeted column's drift verdict over the whole job (this run's shards and earlier
    /// ones), from the sketches kept in the ledger.
    public var drift: [ColumnDrift] = []
}
