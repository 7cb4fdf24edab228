import LoomSpec

/// Integer arithmetic that stops at the bounds instead of wrapping (or trapping): numbers too
/// large for their type saturate, as docs/SPEC.md promises, and no spec can crash generation.
enum Saturating {
    @inline(__always)
    static func add(_ a: Int64, _ b: Int64) -> Int64 {
        let (r, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : r
    }

    @inline(__always)
    static func subtract(_ a: Int64, _ b: Int64) -> Int64 {
        let (r, overflow) = a.subtractingReportingOverflow(b)
        return overflow ? (b < 0 ? .max : .min) : r
    }

    @inline(__always)
    static func multiply(_ a: Int64, _ b: Int64) -> Int64 {
        let (r, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? ((a < 0) == (b < 0) ? .max : .min) : r
    }

    @inline(__always)
    static func negate(_ a: Int64) -> Int64 { a == .min ? .max : -a }

    /// Days a date holds: those whose midnight is a timestamp (microseconds in 64 bits), so
    /// every date converts to a timestamp and to a calendar date.
    static let days: ClosedRange<Int64> = (Int64.min / CivilTime.microsPerDay)...(Int64.max / CivilTime.microsPerDay)

    @inline(__always)
    static func date(_ d: Int64) -> Int64 { min(max(d, days.lowerBound), days.upperBound) }
}
