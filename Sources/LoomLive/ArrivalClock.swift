import LoomGen
import LoomSpec

/// When the rows of a streamed root table arrive: row `first + k` at the time where the
/// cumulative arrival intensity reaches `k + u` (u a deterministic jitter in [0, 1)), so arrival
/// times only grow with the row, the mean rate is exact, and a rate shaped by hour, weekday and
/// month weights puts as many rows in each hour as its weight asks.
///
/// A pure function of the row; a cursor over hour segments makes rows asked in order cheap.
public final class ArrivalClock: @unchecked Sendable {
    /// Virtual time of the first arrival window's start (microseconds since the epoch).
    public let origin: Int64
    public let firstRow: UInt64
    /// Mean rows per virtual second.
    public let rate: Double
    /// Hour, weekday and month weights (each with mean 1), or nil for a flat rate.
    public let shape: Shape?
    private let jitterKey: UInt64
    private var segmentStart: Int64
    private var cumulative: Double = 0

    /// Rate weights by hour of day, weekday (Monday first) and month, in UTC.
    public struct Shape: Sendable, Equatable {
        public var hours: [Double]
        public var weekdays: [Double]
        public var months: [Double]

        /// The pattern's weights, each rescaled to mean 1.
        public init(_ pattern: TimePattern) {
            func normalized(_ w: [Double]) -> [Double] {
                let mean = w.reduce(0, +) / Double(max(w.count, 1))
                return mean > 0 ? w.map { $0 / mean } : w.map { _ in 1 }
            }
            hours = normalized(pattern.hours)
            weekdays = normalized(pattern.weekdays)
            months = normalized(pattern.months)
        }

        /// The weight of the hour that starts at `t` (an hour boundary).
        func weight(at t: Int64) -> Double {
            let hour = Int((t % CivilTime.microsPerDay + CivilTime.microsPerDay) % CivilTime.microsPerDay / 3_600_000_000)
            let day = t >= 0 ? t / CivilTime.microsPerDay : (t - CivilTime.microsPerDay + 1) / CivilTime.microsPerDay
            let weekday = Int(((day + 3) % 7 + 7) % 7)
            let month = CivilTime.civil(fromDays: day).month
            return hours[hour] * weekdays[weekday] * months[month - 1]
        }
    }

    public init(origin: Int64, firstRow: UInt64, rate: Double, shape: Shape?, key: UInt64) {
        self.origin = origin
        self.firstRow = firstRow
        self.rate = rate
        self.shape = shape
        jitterKey = key
        segmentStart = origin
    }

    private static let hour: Int64 = 3_600_000_000

    /// The arrival time of root row `row` (rows before `firstRow` arrive at the origin).
    public func arrival(_ row: UInt64) -> Int64 {
        guard row >= firstRow, rate > 0 else { return origin }
        let target = Double(row - firstRow) + CounterRNG.unit(CounterRNG.bits(jitterKey, row))
        guard let shape else { return origin + Int64((target / rate * 1e6).rounded(.down)) }
        if target < cumulative {
            segmentStart = origin
            cumulative = 0
        }
        while true {
            let end = (segmentStart / Self.hour + 1) * Self.hour
            let perMicro = rate * shape.weight(at: segmentStart - segmentStart % Self.hour) / 1e6
            let capacity = perMicro * Double(end - segmentStart)
            if perMicro > 0, cumulative + capacity > target {
                return segmentStart + Int64(((target - cumulative) / perMicro).rounded(.down))
            }
            cumulative += capacity
            segmentStart = end
        }
    }
}
