import LoomSpec

/// A column's `step:` as the converter applies it: numbers move to the nearest multiple inside
/// the allowed range (stepping inward at its ends), dates and timestamps down to the start of
/// their step (a day, hour, minute, second or month since 1970-01-01 00:00 UTC).
struct StepGrid {
    /// The step in the stored unit: an integer's 1, a decimal's 10^-scale, a date's day, a
    /// timestamp's microsecond; 0 for months.
    let units: Int64
    /// Months instead of a fixed step.
    let month: Bool
    /// The float step's multiplier: a value is `k × units / scale` (floats only).
    let scale: Double

    /// The grid of `step` for a column of stored unit `unitDigits` decimals (integers 0, a
    /// decimal its scale); nil when the step is finer than the stored unit.
    init?(number step: ValueStep, unitDigits: Int) {
        guard case .number(let u, let d) = step, d <= unitDigits, unitDigits - d <= 18 else { return nil }
        let (m, overflow) = u.multipliedReportingOverflow(by: Decimal10.pow10[unitDigits - d])
        guard !overflow else { return nil }
        units = m
        month = false
        scale = Decimal10.pow10Double(unitDigits)
    }

    /// The grid of a date (`perDay` 1) or timestamp (`perDay` microseconds a day) column.
    init?(time step: ValueStep, perDay: Int64) {
        switch step {
        case .month:
            units = 0
            month = true
        case .micros(let m):
            units = perDay == 1 ? m / CivilTime.microsPerDay : m
            month = false
            guard units > 0 else { return nil }
        case .number: return nil
        }
        scale = 1
    }

    /// The multiple of the step nearest `x` (halves away from zero), inside `range`: a multiple
    /// outside it moves to the outermost multiple inside; `x` itself when none is inside.
    @inline(__always)
    func nearest(_ x: Int64, in range: ClosedRange<Int64>) -> Int64 {
        let s = units
        var q = x / s
        let r = x - q * s
        if r >= 0, r >= s - r { q += 1 } else if r < 0, -r >= s + r { q -= 1 }
        let lo = Self.ceilDiv(range.lowerBound, s), hi = Self.floorDiv(range.upperBound, s)
        guard lo <= hi else { return x }
        q = Swift.min(Swift.max(q, lo), hi)
        return q * s
    }

    /// The float multiple of the step nearest `x`, inside `clamp`.
    @inline(__always)
    func nearest(_ x: Double, clamp: ClosedRange<Double>?) -> Double {
        let s = Double(units)
        guard x.isFinite else { return x }
        var k = (x * scale / s).rounded(.toNearestOrAwayFromZero)
        if let clamp {
            let lo = (clamp.lowerBound * scale / s - 1e-9).rounded(.up), hi = (clamp.upperBound * scale / s + 1e-9).rounded(.down)
            if lo <= hi { k = Swift.min(Swift.max(k, lo), hi) }
        }
        return k * s / scale
    }

    /// The start of the step holding `x` (days for dates, microseconds for timestamps).
    @inline(__always)
    func floor(_ x: Int64, perDay: Int64) -> Int64 {
        guard month else { return Self.floorDiv(x, units) * units }
        let day = Self.floorDiv(x, perDay)
        let c = CivilTime.civil(fromDays: day)
        return (day - Int64(c.day - 1)) * perDay
    }

    /// The start of the step holding `x`, or the first start inside `range` when that is
    /// below it (a generator's `from` off the grid); `x` itself when no start is inside.
    @inline(__always)
    func floor(_ x: Int64, perDay: Int64, in range: ClosedRange<Int64>) -> Int64 {
        let f = floor(x, perDay: perDay)
        guard f < range.lowerBound else { return f }
        var up = floor(range.lowerBound, perDay: perDay)
        if up < range.lowerBound {
            if month {
                let c = CivilTime.civil(fromDays: Self.floorDiv(up, perDay))
                up = CivilTime.days(year: c.month == 12 ? c.year + 1 : c.year, month: c.month % 12 + 1, day: 1) * perDay
            } else {
                up += units
            }
        }
        return up <= range.upperBound ? up : x
    }

    @inline(__always)
    static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return a % b != 0 && (a < 0) != (b < 0) ? q - 1 : q
    }

    @inline(__always)
    static func ceilDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return a % b != 0 && (a < 0) == (b < 0) ? q + 1 : q
    }
}
