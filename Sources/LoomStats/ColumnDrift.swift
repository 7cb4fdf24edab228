/// The drift of one column: every metric that applies to its target, the worst shard compared
/// with the whole, and the resulting severity with the reasons for it.
public struct ColumnDrift: Sendable, Equatable, Codable {
    public var table: String
    public var column: String
    /// Where the target comes from (generator or expectations).
    public var target: String
    /// Rows sketched (NULLs included).
    public var sampled: Int64
    public var ks: Double?
    public var psi: Double?
    public var totalVariation: Double?
    public var chiSquare: Double?
    public var nullRate: Double?
    public var expectedNullRate: Double?
    public var mean: Double?
    public var meanShift: Double?
    public var sdRatio: Double?
    /// Values were seen outside the expected [min, max].
    public var outOfRange: Bool?
    /// Largest distance of one shard's data from the whole (KS for numbers, TV for categories).
    public var shardDistance: Double?
    /// Which shard that was, and on which worker.
    public var worstShard: String?
    public var severity: DriftSeverity
    public var reasons: [String]

    public init(table: String, column: String, target: String, sampled: Int64) {
        self.table = table
        self.column = column
        self.target = target
        self.sampled = sampled
        severity = .ok
        reasons = []
    }

    /// Raises the severity to `level` with `reason`, if that is worse than what it is.
    public mutating func raise(_ level: DriftSeverity, _ reason: String) {
        guard level >= .warn else { return }
        reasons.append(reason)
        if level > severity { severity = level }
    }
}
