import Foundation
import LoomSpec

/// The values a numeric, date or timestamp column may take: its type's range narrowed by the
/// bounds of its CHECK constraints, on the grid of its values (whole numbers, cents, days).
/// `window` then places a generator's preferred range inside it.
public struct ValueBounds: Sendable, Equatable {
    public var lo: Double
    public var hi: Double
    /// The smallest difference between two values: 1 for integers and days, 10^-scale for
    /// decimals, 0.01 for floats (written with `round: 2`).
    public var step: Double

    public init(lo: Double, hi: Double, step: Double) {
        self.lo = lo; self.hi = hi; self.step = step
    }

    /// The range of `type`, nil for types that are not numbers, dates or timestamps. Dates
    /// and timestamps count days since 1970-01-01.
    public static func of(_ type: SQLType) -> ValueBounds? {
        switch type {
        case .smallint: return ValueBounds(lo: -32768, hi: 32767, step: 1)
        case .integer: return ValueBounds(lo: -2_147_483_648, hi: 2_147_483_647, step: 1)
        case .bigint: return ValueBounds(lo: -9e15, hi: 9e15, step: 1)
        case .real, .double: return ValueBounds(lo: -1e15, hi: 1e15, step: 0.01)
        case .money: return ValueBounds(lo: -9e13, hi: 9e13, step: 0.01)
        case .numeric(let p, let s):
            let step = pow(10, -Double(s))
            let limit = p.map { min(pow(10, Double($0 - s)) - step, 9e15) } ?? 9e15
            return ValueBounds(lo: -limit, hi: limit, step: step)
        case .date, .timestamp, .timestamptz:
            return ValueBounds(lo: -200_000, hi: 2_900_000, step: 1)
        default: return nil
        }
    }

    /// Narrows the range by `column OP value` (`<> v` keeps the values above v, or below it when
    /// none is above); false when the rule cannot be applied (a value that is not a number or
    /// date, `=`).
    public mutating func apply(_ op: CheckRule.Comparison, _ raw: String, dates: Bool) -> Bool {
        guard let v = dates ? Self.day(raw) : Double(raw) else { return false }
        var op = op
        // A timestamp with a time of day: whole days strictly inside it.
        if dates, raw.count > 10, op == .greaterOrEqual { op = .greater }
        if dates, raw.count > 10, op == .lessOrEqual { op = .less }
        switch op {
        case .greater: lo = max(lo, (v / step).rounded(.down) * step + step)
        case .greaterOrEqual: lo = max(lo, (v / step).rounded(.up) * step)
        case .less: hi = min(hi, (v / step).rounded(.up) * step - step)
        case .lessOrEqual: hi = min(hi, (v / step).rounded(.down) * step)
        case .notEqual:
            // Values on one side of v: above it when there is room, else below.
            return v < hi ? apply(.greater, raw, dates: dates) : apply(.less, raw, dates: dates)
        case .equal: return false
        }
        return true
    }

    /// Whether any value is left.
    public var isEmpty: Bool { lo > hi }

    /// `preferred` moved inside the bounds: its overlap with them, else the stretch of the
    /// bounds nearest to it, as wide as `preferred` (or the bounds, when narrower).
    public func window(_ preferred: ClosedRange<Double>) -> ClosedRange<Double> {
        let a = max(lo, preferred.lowerBound), b = min(hi, preferred.upperBound)
        if a <= b { return a...b }
        let width = preferred.upperBound - preferred.lowerBound
        if preferred.upperBound < lo { return lo...min(hi, lo + width) }
        return max(lo, hi - width)...hi
    }

    /// Days since 1970-01-01 of a date or timestamp literal (its date part).
    static func day(_ raw: String) -> Double? {
        guard raw.count >= 10, let d = CivilTime.parseDate(String(raw.prefix(10))) else { return nil }
        return Double(d)
    }
}
