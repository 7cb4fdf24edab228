import Foundation

/// Samplers that turn counter-based random bits into draws from common distributions.
///
/// Each takes a `draw` closure-free source: a stream key and a row, so extra draws for rejection
/// steps use further draw indices of the same row.
public enum Distributions {
    /// Standard normal by inversion of one uniform draw (`inverseNormalCDF`).
    @inline(__always)
    public static func standardNormal(_ key: UInt64, _ row: UInt64) -> Double {
        inverseNormalCDF((Double(CounterRNG.bits(key, row) >> 11) + 0.5) * 0x1p-53)
    }

    /// The standard normal quantile Φ⁻¹(p) for p in (0, 1), by Acklam's rational
    /// approximation (relative error below 1.2e-9); logarithms only in the 5% of tails.
    @inline(__always)
    public static func inverseNormalCDF(_ p: Double) -> Double {
        let low = 0.02425
        if p < low || p > 1 - low {
            let q = (-2 * log(p < low ? p : 1 - p)).squareRoot()
            let num = ((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
                - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00
            let den = (((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
                + 3.754408661907416e+00) * q + 1
            return p < low ? num / den : -num / den
        }
        let q = p - 0.5, r = q * q
        let num = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r
            + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
        let den = ((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r
            + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1
        return num / den
    }

    @inline(__always)
    public static func exponential(_ key: UInt64, _ row: UInt64, rate: Double) -> Double {
        -log(CounterRNG.openUnit(CounterRNG.bits(key, row))) / rate
    }

    /// Failures before the first success.
    @inline(__always)
    public static func geometric(_ key: UInt64, _ row: UInt64, p: Double) -> Int64 {
        if p >= 1 { return 0 }
        let v = (log(CounterRNG.openUnit(CounterRNG.bits(key, row))) / log1p(-p)).rounded(.down)
        return v >= 9.2e18 ? Int64.max : Int64(v)
    }

    public static func poisson(_ key: UInt64, _ row: UInt64, lambda: Double) -> Int64 {
        if lambda < 30 {
            let u = CounterRNG.unit(CounterRNG.bits(key, row))
            var p = exp(-lambda), f = p, k: Int64 = 0
            while u > f, k < 1000 {
                k += 1
                p *= lambda / Double(k)
                f += p
            }
            return k
        }
        // Hörmann's transformed rejection (PTRS).
        let slam = lambda.squareRoot(), loglam = log(lambda)
        let b = 0.931 + 2.53 * slam
        let a = -0.059 + 0.02483 * b
        let invAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let vr = 0.9277 - 3.6224 / (b - 2)
        var draw: UInt64 = 0
        while draw < 256 {
            let u = CounterRNG.unit(CounterRNG.bits(key, row, draw)) - 0.5
            let v = CounterRNG.unit(CounterRNG.bits(key, row, draw + 1))
            draw += 2
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + lambda + 0.43).rounded(.down)
            if us >= 0.07, v <= vr { return Int64(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            if log(v) + log(invAlpha) - log(a / (us * us) + b) <= -lambda + k * loglam - lgamma(k + 1) {
                return Int64(k)
            }
        }
        return Int64(max(0, (lambda + slam * standardNormal(key, row)).rounded()))
    }
}

/// Zipf over ranks 1...n with exponent s, by Hörmann–Derflinger rejection-inversion: O(1) per draw
/// for any n.
public struct ZipfSampler: Sendable {
    public let n: Double
    public let s: Double
    private let hX1: Double
    private let hN: Double
    private let sParam: Double

    public init(n: Int64, s: Double) {
        self.n = Double(n)
        self.s = s
        hX1 = Self.hIntegral(1.5, s) - 1
        hN = Self.hIntegral(Double(n) + 0.5, s)
        sParam = 2 - Self.hIntegralInverse(Self.hIntegral(2.5, s) - Self.h(2, s), s)
    }

    private static func helper1(_ x: Double) -> Double { abs(x) > 1e-8 ? log1p(x) / x : 1 - x * (0.5 - x * (1.0 / 3 - 0.25 * x)) }
    private static func helper2(_ x: Double) -> Double { abs(x) > 1e-8 ? expm1(x) / x : 1 + x * 0.5 * (1 + x / 3 * (1 + 0.25 * x)) }
    private static func h(_ x: Double, _ s: Double) -> Double { exp(-s * log(x)) }
    private static func hIntegral(_ x: Double, _ s: Double) -> Double {
        let lx = log(x)
        return helper2((1 - s) * lx) * lx
    }
    private static func hIntegralInverse(_ x: Double, _ s: Double) -> Double {
        var t = x * (1 - s)
        if t < -1 { t = -1 }
        return exp(helper1(t) * x)
    }

    /// A rank in 1...n.
    public func sample(_ key: UInt64, _ row: UInt64) -> Int64 {
        var draw: UInt64 = 0
        while true {
            let u = hN + CounterRNG.unit(CounterRNG.bits(key, row, draw)) * (hX1 - hN)
            draw += 1
            let x = Self.hIntegralInverse(u, s)
            var k = (x + 0.5).rounded(.down)
            if k < 1 { k = 1 } else if k > n { k = n }
            if k - x <= sParam || u >= Self.hIntegral(k + 0.5, s) - Self.h(k, s) || draw > 200 {
                return Int64(k)
            }
        }
    }
}

/// Vose's alias table: a weighted choice among n outcomes in O(1) from one 64-bit draw.
public struct AliasTable: Sendable {
    private let threshold: [UInt32]
    private let alias: [Int32]

    public init(weights: [Double]) {
        let n = weights.count
        let total = weights.reduce(0, +)
        var prob = weights.map { $0 / total * Double(n) }
        var alias = [Int32](repeating: 0, count: n)
        var small: [Int] = [], large: [Int] = []
        for (i, p) in prob.enumerated() { if p < 1 { small.append(i) } else { large.append(i) } }
        while let s = small.popLast() {
            guard let l = large.last else { prob[s] = 1; continue }
            alias[s] = Int32(l)
            prob[l] -= 1 - prob[s]
            if prob[l] < 1 { large.removeLast(); small.append(l) }
        }
        for l in large { prob[l] = 1 }
        self.alias = alias
        self.threshold = prob.map { $0 >= 1 ? UInt32.max : UInt32(($0 * 4_294_967_296).rounded(.down)) }
    }

    /// Index of the chosen outcome.
    @inline(__always)
    public func pick(_ bits: UInt64) -> Int {
        let i = Int(CounterRNG.below(UInt64(threshold.count), bits))
        let coin = UInt32(truncatingIfNeeded: bits)
        return coin < threshold[i] || threshold[i] == UInt32.max ? i : Int(alias[i])
    }
}
