import Foundation
@testable import LoomProfile
import Testing

/// The copula's correlations: solved through the columns' laws (NORTA) and repaired into a valid
/// matrix without weakening the strong pairs.
@Suite struct CopulaFitTests {
    /// Pairs (x, y) from a Gaussian copula with correlation `rho`, mapped through `fx` and `fy`.
    static func sample(_ n: Int, rho: Double, seed: UInt64, _ fx: (Double) -> Double, _ fy: (Double) -> Double) -> ([Double?], [Double?]) {
        var r = TestRandom(state: seed)
        var xs: [Double?] = [], ys: [Double?] = []
        for _ in 0..<n {
            let a = r.normal(), b = rho * a + (1 - rho * rho).squareRoot() * r.normal()
            xs.append(fx(a))
            ys.append(fy(b))
        }
        return (xs, ys)
    }

    @Test func normalColumnsKeepTheirPearsonCorrelation() {
        let (x, y) = Self.sample(4000, rho: 0.6, seed: 1, { 10 + 2 * $0 }, { -$0 })
        let target = CopulaFitter.pearson(x, y)!
        let rho = NortaCorrelation().latent(target: target, .init(x), .init(y))!
        #expect(abs(rho - target) < 0.02)
    }

    @Test func skewedColumnsGetTheLatentCorrelationBack() {
        // exp() shrinks the Pearson correlation of the values below the copula's 0.8.
        let (x, y) = Self.sample(6000, rho: 0.8, seed: 2, { exp(1.2 * $0) }, { exp(1.2 * $0) })
        let target = CopulaFitter.pearson(x, y)!
        #expect(target < 0.7)
        let rho = NortaCorrelation().latent(target: target, .init(x), .init(y))!
        #expect(abs(rho - 0.8) < 0.06)
        // And the copula's pairs, fed through the same laws, have the source's correlation.
        let fitted = CopulaFitter.correlations([("x", x), ("y", y)])
        #expect(fitted.count == 1 && abs(fitted[0].r - rho) < 1e-12)
    }

    @Test func constantColumnsAreNotSolved() {
        let x: [Double?] = Array(repeating: 3, count: 50), y: [Double?] = (0..<50).map { Double($0) }
        #expect(NortaCorrelation().latent(target: 0.5, .init(x), .init(y)) == nil)
    }

    @Test func repairMakesAValidMatrixAndKeepsItsSigns() {
        let m: [[Double]] = [[1, 0.9, 0.9], [0.9, 1, -0.9], [0.9, -0.9, 1]]
        #expect(!CopulaFitter.isPositiveDefinite(m))
        let fixed = NearestCorrelation.repair(m)
        #expect(CopulaFitter.isPositiveDefinite(fixed))
        #expect((0..<3).allSatisfy { abs(fixed[$0][$0] - 1) < 1e-12 })
        #expect(fixed[0][1] > 0 && fixed[0][2] > 0 && fixed[1][2] < 0)
        #expect(fixed[0][1] == fixed[1][0])
    }

    @Test func invalidPairsKeepTheirStrongCorrelations() {
        // Six columns sharing a factor (0.6), with c0~c1 and c1~c2 at 0.95 but c0~c2 at 0.6: not a
        // valid matrix. Shrinking every pair alike (to 0.9025 of itself) would take the shared
        // 0.6 to 0.54; the repaired matrix leaves the pairs away from the conflict as found.
        let names = (0..<6).map { "c\($0)" }
        var pairs: [(a: String, b: String, r: Double)] = []
        for i in 0..<6 {
            for j in (i + 1)..<6 {
                pairs.append((names[i], names[j], (i, j) == (0, 1) || (i, j) == (1, 2) ? 0.95 : 0.6))
            }
        }
        let kept = CopulaFitter.usable(pairs, allowed: Set(names))
        let r = { (a: String, b: String) in kept.first { $0.a == a && $0.b == b }!.r }
        #expect(abs(r("c3", "c4") - 0.6) < 0.01 && abs(r("c4", "c5") - 0.6) < 0.01)
        #expect(r("c0", "c1") > 0.87 && r("c1", "c2") > 0.87)
        var m = [[Double]](repeating: [Double](repeating: 0, count: 6), count: 6)
        for i in 0..<6 { m[i][i] = 1 }
        for p in kept {
            let i = names.firstIndex(of: p.a)!, j = names.firstIndex(of: p.b)!
            m[i][j] = p.r
            m[j][i] = p.r
        }
        #expect(CopulaFitter.isPositiveDefinite(m))
    }

    @Test func validPairsAreWrittenAsFound() {
        let pairs: [(a: String, b: String, r: Double)] = [("a", "b", 0.5), ("b", "c", 0.3)]
        let kept = CopulaFitter.usable(pairs, allowed: ["a", "b", "c"])
        #expect(kept.map(\.r) == [0.5, 0.3])
    }
}
