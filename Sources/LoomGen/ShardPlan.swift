import LoomSpec

/// How a job's tables are cut into shards: contiguous unit ranges (rows, or parent rows for
/// per_parent tables) of about `shardRows` rows each. Shard numbers are stable for a given
/// spec, scale and shard size, so the ledger can name them.
public struct ShardPlan: Sendable {
    /// One unit of work: a range of one table.
    public struct Shard: Sendable, Hashable {
        public var table: String
        /// 0-based number within the table.
        public var index: Int
        public var units: Range<UInt64>

        public init(table: String, index: Int, units: Range<UInt64>) {
            self.table = table
            self.index = index
            self.units = units
        }
    }

    /// Tables in load order with their shards.
    public var tables: [(name: String, shards: [Shard])]

    public var shards: [Shard] { tables.flatMap(\.shards) }

    /// Plans `tables` of `plan` (all by default). Child tables estimate rows per parent from a
    /// sample of parents.
    public init(_ plan: DatasetPlan, shardRows: UInt64, tables only: [String]? = nil) throws(GenerationError) {
        var out: [(String, [Shard])] = []
        for t in plan.spec.loadOrder where only?.contains(t.name) ?? true {
            let units = try plan.shardUnits(t.name)
            var perUnit = 1.0
            if t.parent != nil { perUnit = max(plan.estimatedChildrenPerParent(t.name), 1e-9) }
            let unitsPerShard = max(1, UInt64(Double(max(shardRows, 1)) / perUnit))
            let count = max(1, (units + unitsPerShard - 1) / unitsPerShard)
            let shards = (0..<count).map { k in
                Shard(table: t.name, index: Int(k), units: DatasetPlan.shardRange(units: units, index: k, of: count))
            }
            out.append((t.name, shards))
        }
        tables = out
    }
}
