import Foundation
import LoomSpec

/// Finds the grid a column's values fall on (`step:`), in one pass over them: the coarsest step
/// that holds on every value, when it is coarser than the column's type already forces.
///
/// Numbers: the greatest common divisor of the values (integers as they are, decimals in units
/// of their scale, floats in millionths), reported when above the type's own unit (floats: at
/// least 0.001). Timestamps: 1 month (every value at midnight on the 1st), else the largest of 1
/// day, 1 hour, 30, 15, 10, 5 and 1 minutes that divides every value; whole seconds are what
/// Loom generates anyway. Dates: 1 month when every value is a 1st. Needs `minRows` values and
/// `minDistinct` distinct ones, so a few round numbers are not taken for a grid.
enum StepDetector {
    static let minRows = 20
    static let minDistinct = 3
    /// Decimals of a float column's values that count (finer values: no step).
    static let floatDigits = 6
    /// The finest step reported for a float column, in units of 10^-`floatDigits`.
    static let minFloatUnits: Int64 = 1000

    static let timeSteps: [Int64] = [86_400, 3_600, 1_800, 900, 600, 300, 60].map { $0 * CivilTime.microsPerSecond }

    /// The step of `values` (numbers as measured: dates in days, timestamps in seconds since
    /// 1970-01-01) of a column of `kind` with `distinct` distinct values; nil for none.
    static func step(_ values: [Double], kind: ColumnType, distinct: Int) -> ValueStep? {
        guard values.count >= minRows, distinct >= minDistinct else { return nil }
        switch kind {
        case .integer: return number(values, digits: 0, minUnits: 2)
        case .decimal(let scale): return number(values, digits: scale, minUnits: 2)
        case .float: return number(values, digits: floatDigits, minUnits: minFloatUnits)
        case .date: return values.allSatisfy { $0 == $0.rounded() && abs($0) < 4e6 && isFirst(Int64($0)) } ? .month : nil
        case .timestamp: return timestamp(values)
        default: return nil
        }
    }

    /// The common divisor of `values` in units of 10^-`digits`, as a step when at least `minUnits`.
    static func number(_ values: [Double], digits: Int, minUnits: Int64) -> ValueStep? {
        let scale = pow(10, Double(digits))
        var g: Int64 = 0
        for v in values {
            let scaled = v * scale
            guard abs(scaled) < 1e15 else { return nil }
            let u = scaled.rounded()
            guard abs(scaled - u) <= 1e-3 else { return nil }
            g = gcd(g, Int64(u).magnitude)
            if g == 1 { return nil }
        }
        guard g >= minUnits else { return nil }
        var units = g, d = digits
        while d > 0, units % 10 == 0 {
            units /= 10
            d -= 1
        }
        return .number(units: units, digits: d)
    }

    /// Timestamps in seconds: 1 month, or the coarsest of `timeSteps` dividing every value.
    static func timestamp(_ seconds: [Double]) -> ValueStep? {
        var g: Int64 = 0
        var firsts = true
        for s in seconds {
            guard abs(s) < 3e11 else { return nil }
            let micros = Int64((s * 1e6).rounded())
            g = gcd(g, micros.magnitude)
            if g != 0, g < 60 * CivilTime.microsPerSecond { return nil }
            if firsts, micros % CivilTime.microsPerDay != 0 || !isFirst(micros / CivilTime.microsPerDay) { firsts = false }
        }
        guard g != 0 else { return nil }
        if firsts { return .month }
        return timeSteps.first { g % $0 == 0 }.map { .micros($0) }
    }

    static func isFirst(_ day: Int64) -> Bool { CivilTime.civil(fromDays: day).day == 1 }

    static func gcd(_ a: Int64, _ b: UInt64) -> Int64 {
        var x = UInt64(a), y = b
        while y != 0 { (x, y) = (y, x % y) }
        return Int64(clamping: x)
    }
}
