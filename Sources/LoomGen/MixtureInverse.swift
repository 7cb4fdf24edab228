import Foundation
import LoomSpec

/// The inverse CDF of a `mixture` of continuous laws (`normal`, `lognormal`, `exponential`,
/// float `uniform`) for `correlate:`: tabulated once at 1025 standard normal values z from −8 to
/// 8 (each by bisection of the weighted sum of the components' CDFs, between the components'
/// own quantiles at z), read by linear interpolation in z.
enum MixtureInverse {
    static let zMin = -8.0, zStep = 1.0 / 64, points = 1025

    /// The table of values at z = zMin + k·zStep, nil when a component is not a continuous law.
    static func table(_ parts: [MixtureComponent]) -> [Double]? {
        let total = parts.reduce(0) { $0 + $1.weight }
        var laws: [(w: Double, cdf: (Double) -> Double, quantile: (Double) -> Double)] = []
        for p in parts {
            let w = p.weight / total
            switch p.generator {
            case .normal(let m, let s):
                laws.append((w, { Marginal.cdf(($0 - m) / s) }, { m + s * $0 }))
            case .lognormal(let mu, let s):
                laws.append((w, { $0 <= 0 ? 0 : Marginal.cdf((log($0) - mu) / s) }, { exp(mu + s * $0) }))
            case .exponential(let r):
                laws.append((w, { $0 <= 0 ? 0 : -expm1(-r * $0) }, { -log(max(Marginal.cdf(-$0), 0x1p-1074)) / r }))
            case .uniformFloat(let a, let b):
                laws.append((w, { b > a ? min(1, max(0, ($0 - a) / (b - a))) : ($0 >= a ? 1 : 0) }, { a + (b - a) * Marginal.cdf($0) }))
            default:
                return nil
            }
        }
        return (0..<points).map { k in
            let z = zMin + Double(k) * zStep
            let u = Marginal.cdf(z)
            var lo = laws.map { $0.quantile(z) }.min()!, hi = laws.map { $0.quantile(z) }.max()!
            for _ in 0..<80 where hi > lo {
                let mid = lo + (hi - lo) / 2
                if mid == lo || mid == hi { break }
                if laws.reduce(0, { $0 + $1.w * $1.cdf(mid) }) < u { lo = mid } else { hi = mid }
            }
            return hi
        }
    }

    /// The value at `z`, interpolated in the table (clamped to its ends).
    @inline(__always)
    static func value(_ z: Double, _ table: [Double]) -> Double {
        let x = (min(max(z, zMin), -zMin) - zMin) / zStep
        let k = min(Int(x), points - 2)
        let f = x - Double(k)
        return table[k] + (table[k + 1] - table[k]) * f
    }
}
