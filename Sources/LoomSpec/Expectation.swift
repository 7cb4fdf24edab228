/// What a column's data should look like, declared in the spec's `expectations` (by a user,
/// or by `loom profile` from a real table). The monitor and `loom validate` measure drift
/// against it. Dates count in days and timestamps in seconds since 1970-01-01.
public struct Expectation: Sendable, Hashable {
    /// One point of an expected quantile table.
    public struct QuantilePoint: Sendable, Hashable {
        public var p: Double
        public var value: Double
        public init(p: Double, value: Double) {
            self.p = p
            self.value = value
        }
    }

    public var table: String
    public var column: String
    /// A generator whose law the column should follow (`dist: { normal: {...} }`).
    public var distribution: GeneratorSpec?
    public var mean: Double?
    public var sd: Double?
    public var min: Double?
    public var max: Double?
    public var nullRate: Double?
    /// Expected shares of each value (normalised to sum to 1).
    public var frequencies: [String: Double]?
    public var quantiles: [QuantilePoint]?
    public var location: SourceLocation

    public init(table: String, column: String, location: SourceLocation) {
        self.table = table
        self.column = column
        self.location = location
    }
}

/// How drift is sampled and judged (`drift:` in the spec). Unset fields keep their defaults.
public struct DriftSettings: Sendable, Hashable {
    /// Sketch one row in this many (a power of two); nil: chosen from the table's size.
    public var sampleEvery: UInt64?
    /// Warn and alert levels by metric name (`psi`, `ks`, `total_variation`, `null_rate`,
    /// `mean_shift`, `sd_ratio`).
    public var levels: [String: ClosedRange<Double>] = [:]

    public init() {}

    public static let metricNames = ["psi", "ks", "total_variation", "null_rate", "mean_shift", "sd_ratio"]
}
