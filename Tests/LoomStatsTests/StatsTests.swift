import Foundation
import LoomGen
import LoomStats
import Testing

/// Sketches must merge exactly as if all values were seen at once, and the divergences must
/// tell a matching distribution from a shifted one.
@Suite struct StatsTests {
    func normal(_ n: Int, key: UInt64, mean: Double = 0, sd: Double = 1) -> [Double] {
        (0..<n).map { mean + sd * Distributions.standardNormal(key, UInt64($0)) }
    }

    static func phi(_ x: Double) -> Double { 0.5 * erfc(-x / 2.squareRoot()) }

    @Test func momentsMergeLikeOnePass() {
        let xs = normal(10_000, key: 1, mean: 5, sd: 2)
        var whole = Moments()
        xs.forEach { whole.add($0) }
        var a = Moments(), b = Moments()
        xs[..<3000].forEach { a.add($0) }
        xs[3000...].forEach { b.add($0) }
        b.addNull()
        a.merge(b)
        #expect(a.count == whole.count && a.nulls == 1)
        #expect(abs(a.mean - whole.mean) < 1e-9)
        #expect(abs(a.variance - whole.variance) < 1e-6)
        #expect(a.min == whole.min && a.max == whole.max)
        #expect(abs(a.mean - 5) < 0.1 && abs(a.standardDeviation - 2) < 0.1)
    }

    @Test func histogramQuantilesAreWithinTheirAccuracyAndMerge() {
        let xs = normal(50_000, key: 2, mean: 100, sd: 15)
        var h = LogHistogram(alpha: 0.01)
        var parts = [LogHistogram(alpha: 0.01), LogHistogram(alpha: 0.01)]
        for (i, x) in xs.enumerated() { h.add(x); parts[i % 2].add(x) }
        parts[0].merge(parts[1])
        #expect(parts[0] == h)
        let sorted = xs.sorted()
        for q in [0.01, 0.25, 0.5, 0.9, 0.99] {
            let exact = sorted[Int(q * Double(sorted.count - 1))]
            let approx = h.quantile(q)!
            #expect(abs(approx - exact) / abs(exact) <= 0.011, "q\(q): \(approx) vs \(exact)")
        }
    }

    @Test func ksAndPSISeparateMatchingFromShiftedData() {
        var same = LogHistogram(alpha: 0.005), shifted = LogHistogram(alpha: 0.005)
        normal(40_000, key: 3).forEach { same.add($0) }
        normal(40_000, key: 4, mean: 0.3).forEach { shifted.add($0) }
        let ksSame = Divergence.ks(same, cdf: Self.phi), ksShift = Divergence.ks(shifted, cdf: Self.phi)
        #expect(ksSame < 0.02, "\(ksSame)")
        #expect(ksShift > 0.1, "\(ksShift)")
        let quantile = { (p: Double) in Distributions.inverseNormalCDF(p) }
        let psiSame = Divergence.psi(same, quantile: quantile), psiShift = Divergence.psi(shifted, quantile: quantile)
        #expect(psiSame < 0.01, "\(psiSame)")
        #expect(psiShift > 0.05, "\(psiShift)")
    }

    @Test func categoricalDivergences() {
        var c = CategoryCounts(cap: 3)
        for (v, n) in [("a", 50), ("b", 30), ("c", 20), ("d", 5)] { for _ in 0..<n { c.add(v) } }
        c.addNull()
        #expect(c.counts == ["a": 50, "b": 30, "c": 20] && c.other == 5 && c.nulls == 1)
        let target = ["a": 0.5, "b": 0.3, "c": 0.2]
        #expect(Divergence.totalVariation(target, target) == 0)
        #expect(abs(Divergence.totalVariation(["a": 1], ["b": 1]) - 1) < 1e-12)
        #expect(Divergence.chiSquare(observed: ["a": 50, "b": 30, "c": 20], expected: target) < 1e-9)
        #expect(Divergence.chiSquare(observed: ["a": 80, "b": 10, "c": 10], expected: target) > 10)
        #expect(abs(Divergence.jensenShannon(["a": 1], ["b": 1]) - 1) < 1e-12)
        #expect(Divergence.jensenShannon(target, target) == 0)
    }
}
