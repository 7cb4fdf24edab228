/// Weights that shape a `timestamp` generator: hour of day, weekday and month (all in UTC), and
/// a linear trend of the rate over the range (`growth` = rate at the end / rate at the start).
///
/// Drawn exactly by inversion over hour buckets of the range (no rejection).
public struct TimePattern: Sendable, Hashable {
    /// Microseconds since the epoch, both ends included (whole seconds).
    public var from: Int64
    public var to: Int64
    /// 24 weights, hour 0 first.
    public var hours: [Double]
    /// 7 weights, Monday first.
    public var weekdays: [Double]
    /// 12 weights, January first.
    public var months: [Double]
    public var growth: Double

    public init(from: Int64, to: Int64, hours: [Double] = Array(repeating: 1, count: 24),
                weekdays: [Double] = Array(repeating: 1, count: 7), months: [Double] = Array(repeating: 1, count: 12),
                growth: Double = 1) {
        self.from = from
        self.to = to
        self.hours = hours
        self.weekdays = weekdays
        self.months = months
        self.growth = growth
    }

    /// Named hour-of-day profiles for `hours:`.
    public static let hourProfiles: [String: [Double]] = [
        "flat": Array(repeating: 1, count: 24),
        // Working hours: a morning ramp, a lunch dip, quiet nights.
        "office": [0.2, 0.1, 0.1, 0.1, 0.1, 0.2, 0.5, 1.5, 4, 7, 8, 8, 6, 7, 8, 7.5, 6, 4, 2, 1.2, 0.8, 0.6, 0.4, 0.3],
        // Leisure use: low during the day, a peak from 19:00 to 22:00.
        "evening": [1.5, 0.8, 0.4, 0.2, 0.2, 0.3, 0.8, 1.5, 2, 2.2, 2.4, 2.6, 3, 2.8, 2.6, 2.6, 3, 3.6, 4.6, 6, 7, 6.8, 5, 3],
        // Shopping online: a morning start, a lunch bump and an evening peak.
        "retail": [0.8, 0.4, 0.2, 0.15, 0.15, 0.3, 0.8, 1.6, 2.6, 3.4, 4, 4.6, 5.2, 4.8, 4.4, 4.4, 4.6, 5, 5.6, 6.4, 6.8, 6, 4, 2],
    ]

    /// Named weekday profiles for `weekdays:` (Monday first).
    public static let weekdayProfiles: [String: [Double]] = [
        "flat": Array(repeating: 1, count: 7),
        "workdays": [1, 1, 1, 1, 0.9, 0.25, 0.15],
        "weekend": [0.8, 0.75, 0.8, 0.85, 1, 1.4, 1.3],
    ]

    /// Named month profiles for `months:` (January first).
    public static let monthProfiles: [String: [Double]] = [
        "flat": Array(repeating: 1, count: 12),
        // Retail: a January lull, a summer dip and the November–December peak.
        "retail": [0.8, 0.75, 0.85, 0.9, 0.95, 0.9, 0.85, 0.85, 0.95, 1, 1.35, 1.6],
        // Heating or cooling load in the northern hemisphere: high in winter.
        "winter": [1.6, 1.5, 1.3, 1, 0.8, 0.7, 0.7, 0.7, 0.8, 1, 1.3, 1.6],
    ]
}
