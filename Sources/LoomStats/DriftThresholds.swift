/// When a drift metric warns and when it alerts. Metrics are compared after subtracting their
/// sampling noise (see `DriftEvaluator`), so small samples do not raise false alarms.
public struct DriftThresholds: Sendable, Equatable, Codable {
    /// A warn and an alert level for one metric.
    public struct Level: Sendable, Equatable, Codable {
        public var warn: Double
        public var alert: Double
        public init(warn: Double, alert: Double) {
            self.warn = warn
            self.alert = alert
        }
    }

    /// Population stability index (numeric and categorical).
    public var psi = Level(warn: 0.1, alert: 0.25)
    /// Kolmogorov–Smirnov distance (numeric).
    public var ks = Level(warn: 0.05, alert: 0.1)
    /// Total variation distance (categorical).
    public var totalVariation = Level(warn: 0.05, alert: 0.1)
    /// Absolute difference of NULL shares.
    public var nullRate = Level(warn: 0.02, alert: 0.05)
    /// Difference of means in target standard deviations.
    public var meanShift = Level(warn: 0.1, alert: 0.25)
    /// Relative difference of standard deviations.
    public var sdRatio = Level(warn: 0.1, alert: 0.25)

    public init() {}

    /// The default levels.
    public static let standard = DriftThresholds()
}

/// How far a column is from its target.
public enum DriftSeverity: String, Sendable, Equatable, Codable, Comparable {
    /// Too few sampled values to judge.
    case collecting
    case ok
    case warn
    case alert

    /// The value of the `loom_drift_severity` gauge: 0 ok (or collecting), 1 warn, 2 alert.
    public var level: Int {
        switch self {
        case .collecting, .ok: 0
        case .warn: 1
        case .alert: 2
        }
    }

    private var rank: Int { self == .collecting ? -1 : level }

    public static func < (a: DriftSeverity, b: DriftSeverity) -> Bool { a.rank < b.rank }
}
