import LoomSpec

/// Streams one table (or one shard of it) through an encoder into a sink.
public enum TableExport {
    /// Shard `k` of `n` (1-based), as `--shard K/N` names it.
    public struct ShardSelector: Sendable, Equatable {
        public var index: UInt64
        public var count: UInt64

        public init(index: UInt64, count: UInt64) {
            self.index = index
            self.count = count
        }

        /// Parses `K/N` with 1 <= K <= N.
        public init?(parsing s: String) {
            let parts = s.split(separator: "/")
            guard parts.count == 2, let k = UInt64(parts[0]), let n = UInt64(parts[1]), n >= 1, k >= 1, k <= n else { return nil }
            self.init(index: k, count: n)
        }

        public static let whole = ShardSelector(index: 1, count: 1)
        public var isFirst: Bool { index == 1 }
        public var isLast: Bool { index == count }
    }

    /// Writes the selected shard of `table` and returns the number of rows written. The format's
    /// header goes with the first shard and its trailer with the last.
    @discardableResult
    public static func write(_ plan: DatasetPlan, table: String, shard: ShardSelector = .whole,
                             format: OutputFormat, to sink: ByteSink) throws -> UInt64 {
        guard let t = plan.spec.table(table) else { throw GenerationError(table: table, "no such table") }
        let encoder = format.encoder(for: t)
        let units = try plan.shardUnits(table)
        let range = DatasetPlan.shardRange(units: units, index: shard.index - 1, of: shard.count)
        if shard.isFirst { encoder.header(sink) }
        var rows: UInt64 = 0
        try plan.generate(table, units: range) { frame in
            encoder.encode(frame, sink)
            rows += 1
            try sink.flushIfNeeded()
        }
        if shard.isLast { encoder.trailer(sink) }
        try sink.flush()
        return rows
    }
}
