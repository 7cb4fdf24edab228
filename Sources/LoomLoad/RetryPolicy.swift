/// Bounded exponential backoff for transient failures (a restarting server, a dropped
/// connection): the delay before each retry, and when to give up.
public struct RetryPolicy: Sendable, Equatable {
    public var maxAttempts: Int
    public var initialDelay: Double
    public var maxDelay: Double

    public init(maxAttempts: Int = 8, initialDelay: Double = 0.25, maxDelay: Double = 8) {
        self.maxAttempts = maxAttempts
        self.initialDelay = initialDelay
        self.maxDelay = maxDelay
    }

    /// Seconds to wait after failed attempt `attempt` (1-based), or nil when attempts are used up.
    public func delay(after attempt: Int) -> Double? {
        guard attempt < maxAttempts else { return nil }
        var d = initialDelay
        for _ in 1..<attempt { d = min(d * 2, maxDelay) }
        return min(d, maxDelay)
    }

    /// Total time spent waiting before giving up.
    public var totalWait: Double { (1..<maxAttempts).compactMap(delay(after:)).reduce(0, +) }
}
