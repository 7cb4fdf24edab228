/// How far a load is, for progress displays.
public struct LoadProgress: Sendable {
    /// Rows in the tables so far (committed earlier, or sent in this run).
    public var rows: UInt64
    public var plannedRows: UInt64
    /// Shards finished (including those committed by earlier runs).
    public var shards: Int
    public var plannedShards: Int
    /// Seconds since the load started.
    public var seconds: Double

    /// Share done in [0, 1].
    public var fraction: Double { plannedRows == 0 ? 1 : min(1, Double(rows) / Double(plannedRows)) }
}
