import Foundation
import LoomSpec

/// Inverse CDF of a `TimePattern`: the range is cut into hour buckets (partial at the ends),
/// each weighted by its hour, weekday and month weights, the trend at its middle and the
/// seconds it covers. A uniform number picks the bucket by binary search over the cumulative
/// weights and the second inside it linearly, so the map is monotone (usable by the copula)
/// and exact, with no rejection.
final class TimePatternSampler: @unchecked Sendable {
    /// First second of the range and one past the last, in seconds since the epoch.
    let first: Int64, end: Int64
    /// Start of bucket 0 (an hour boundary), in seconds.
    let origin: Int64
    /// Cumulative weight after each bucket.
    let cumulative: [Double]
    let total: Double

    init(_ p: TimePattern) {
        first = p.from / CivilTime.microsPerSecond
        end = p.to / CivilTime.microsPerSecond + 1
        origin = Self.floorDiv(first, 3600) * 3600
        let buckets = Int(Self.floorDiv(end - 1 - origin, 3600) + 1)
        var cum = [Double](repeating: 0, count: buckets)
        var acc = 0.0
        let span = Double(max(end - first, 1))
        for b in 0..<buckets {
            let start = origin + Int64(b) * 3600
            let lo = max(start, first), hi = min(start + 3600, end)
            if hi > lo {
                let day = Self.floorDiv(start, 86_400)
                let hour = Int((start - day * 86_400) / 3600)
                let weekday = Int(((day % 7) + 7 + 3) % 7)
                let month = CivilTime.civil(fromDays: day).month - 1
                let mid = Double(lo + hi) / 2 - Double(first)
                let trend = 1 + (p.growth - 1) * (mid / span)
                acc += p.hours[hour] * p.weekdays[weekday] * p.months[month] * max(trend, 0) * Double(hi - lo)
            }
            cum[b] = acc
        }
        cumulative = cum
        total = acc
    }

    private static func floorDiv(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// Microseconds since the epoch (whole seconds) for a uniform `u` in [0, 1).
    @inline(__always)
    func timestamp(_ u: Double) -> Int64 {
        let target = u * total
        var lo = 0, hi = cumulative.count - 1
        while lo < hi {
            let mid = (lo + hi) >> 1
            if cumulative[mid] > target { hi = mid } else { lo = mid + 1 }
        }
        let before = lo == 0 ? 0 : cumulative[lo - 1]
        let weight = cumulative[lo] - before
        let start = origin + Int64(lo) * 3600
        let a = max(start, first), e = min(start + 3600, end)
        let fraction = weight > 0 ? min(max((target - before) / weight, 0), 1) : 0
        let second = min(a + Int64(fraction * Double(e - a)), e - 1)
        return second * CivilTime.microsPerSecond
    }
}

/// Timestamps following a `TimePattern`.
final class TimePatternEvaluator: ColumnEvaluator {
    let sampler: TimePatternSampler, key: UInt64
    init(_ pattern: TimePattern, key: UInt64) { sampler = TimePatternSampler(pattern); self.key = key }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        .timestamp(sampler.timestamp(CounterRNG.unit(CounterRNG.bits(key, row))))
    }
}
