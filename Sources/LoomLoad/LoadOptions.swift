import LoomGen
import LoomSpec

/// What `loom load` was asked to do.
public struct LoadOptions: Sendable {
    /// What to do with a table that already exists and no Loom job owns.
    public enum IfExists: String, Sendable, CaseIterable {
        case fail, truncate, append, skip
    }

    public var connections: Int
    public var ifExists: IfExists
    public var unlogged: Bool
    /// Drop tables another Loom job loaded (and remove them from that job) instead of failing.
    public var replace: Bool = false
    /// Leave out primary keys, unique indexes and foreign keys at the end (for targets that
    /// cannot take them, such as distributed Citus tables; ANALYZE still runs).
    public var skipConstraints: Bool = false
    /// Load into tables that exist as they are (made by the user's migrations, with their keys,
    /// foreign keys and triggers in place): no DDL, tables one foreign-key level at a time,
    /// sequences set past the loaded keys at the end.
    public var intoExisting: Bool = false
    /// Sketch the loaded rows for drift (one row in the table's stride), as cluster workers do.
    public var sketch: Bool = true
    public var schema: String
    public var shardRows: UInt64
    public var scale: Double?
    public var rowOverrides: [String: Int64]
    public var retry: RetryPolicy

    public init(
        connections: Int = 2, ifExists: IfExists = .fail, unlogged: Bool = false, schema: String = "public",
        shardRows: UInt64 = 500_000, scale: Double? = nil, rowOverrides: [String: Int64] = [:], retry: RetryPolicy = RetryPolicy()
    ) {
        self.connections = connections
        self.ifExists = ifExists
        self.unlogged = unlogged
        self.schema = schema
        self.shardRows = shardRows
        self.scale = scale
        self.rowOverrides = rowOverrides
        self.retry = retry
    }

    /// The job's identity: the same spec and sizing always name the same job, so re-running a
    /// command resumes it.
    public func jobID(_ spec: Spec) -> String {
        var sum = StreamChecksum()
        let overrides = rowOverrides.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        var parts = [spec.text, String(spec.seed), String(scale ?? spec.scale), overrides, String(shardRows), schema]
        if intoExisting { parts.append("into-existing") }
        let identity = parts.joined(separator: "\u{0}")
        identity.utf8CString.withUnsafeBytes { sum.update(UnsafeRawBufferPointer(rebasing: $0.dropLast())) }
        return "\(spec.dataset)-\(sum.hex.prefix(12))"
    }

    /// Options stored with the job, for people reading the ledger.
    var summary: String {
        let rows = rowOverrides.sorted { $0.key < $1.key }.map { "\"\($0.key)\":\($0.value)" }.joined(separator: ",")
        return
            "{\"scale\":\(scale.map { String($0) } ?? "null"),\"rows\":{\(rows)},\"shard_rows\":\(shardRows),\"unlogged\":\(unlogged),\"schema\":\"\(schema)\"\(intoExisting ? ",\"into_existing\":true" : "")}"
    }
}
