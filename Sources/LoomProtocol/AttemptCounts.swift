/// What happened to the shard attempts of a job, by outcome: the figures behind
/// `loom_shard_attempts_total{outcome}` and the summary's "done more than once".
public struct AttemptCounts: Sendable, Equatable, Codable {
    /// Results that committed a shard.
    public var committed = 0
    /// Results for a shard that was already committed (by another attempt, or before a restart):
    /// work done more than once. The ledger kept the rows exactly once.
    public var duplicate = 0
    /// Attempts that failed and were retried (or poisoned the job).
    public var failed = 0
    /// Leases that ran out because their worker went silent; each spent its attempt.
    public var expired = 0
    /// Leases handed back without spending an attempt: the worker left, or never got them.
    public var released = 0
    /// Leases a worker still held and the coordinator took back over (after a restart or a new hello).
    public var adopted = 0
    /// Results the ledger contradicted (no such commit, or other figures): the peer is named in the log.
    public var rejected = 0

    public init() {}

    /// Every outcome with its Prometheus label, in a fixed order.
    public var byOutcome: [(outcome: String, count: Int)] {
        [
            ("committed", committed), ("duplicate", duplicate), ("failed", failed), ("expired", expired), ("released", released),
            ("adopted", adopted), ("rejected", rejected),
        ]
    }
}
