import Foundation
import LoomSpec

/// Draws from an empirical law: one uniform draw u, mapped through the piecewise-linear inverse
/// CDF of the `(p, value)` points. Dates are floored to whole days, timestamps to whole seconds.
final class QuantileEvaluator: ColumnEvaluator {
    let table: QuantileTable, kind: ValueKind, key: UInt64

    init(points: [Expectation.QuantilePoint], kind: ValueKind, key: UInt64) {
        table = QuantileTable(ps: points.map(\.p), values: points.map(\.value))
        self.kind = kind
        self.key = key
    }

    /// The value at probability `u` in [0, 1).
    static func inverse(_ u: Double, ps: [Double], values: [Double]) -> Double {
        // The first point with p > u (binary search); interpolate in the segment before it.
        var lo = 0, hi = ps.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if ps[mid] > u { hi = mid } else { lo = mid + 1 }
        }
        let i = max(lo, 1)
        let p0 = ps[i - 1], p1 = ps[i]
        guard p1 > p0 else { return values[i] }
        return values[i - 1] + (values[i] - values[i - 1]) * (u - p0) / (p1 - p0)
    }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let x = table.value(CounterRNG.unit(CounterRNG.bits(key, row)))
        switch kind {
        case .date: return .date(Int64(x.rounded(.down)))
        case .timestamp: return .timestamp(Int64(x.rounded(.down)) * CivilTime.microsPerSecond)
        default: return .float(x)
        }
    }
}
