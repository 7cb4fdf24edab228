import Foundation
@testable import LoomProfile
import LoomStats
import Testing

/// Mixtures are fitted to clearly multi-modal columns only, deterministically, and never with
/// a component that stands for fewer than k rows.
@Suite struct MixtureFitterTests {
    static func table(_ sorted: [Double]) -> [(p: Double, value: Double)] { PrivacyFilter(minCount: 10).quantiles(sorted) }

    @Test func aBimodalSampleGetsATwoComponentNormalMixture() throws {
        var r = TestRandom(state: 5)
        let xs = (0..<6000).map { i in i % 10 < 7 ? 10 + 2 * r.normal() : 30 + 3 * r.normal() }.sorted()
        #expect(MarginalFitter.fit(sorted: xs, integer: false).law == nil, "no single law fits")
        let fit = try #require(MixtureFitter.fit(sorted: xs, integer: false, minCount: 10, table: Self.table(xs)))
        #expect(fit.family == .normal)
        #expect(fit.mixture.components.count == 2, "\(fit.mixture)")
        let (a, b) = (fit.mixture.components[0], fit.mixture.components[1])
        #expect(abs(a.weight - 0.7) < 0.03 && abs(b.weight - 0.3) < 0.03)
        #expect(abs(a.mean - 10) < 0.3 && abs(b.mean - 30) < 0.5)
        #expect(abs(a.sd - 2) < 0.3 && abs(b.sd - 3) < 0.4)
        #expect(fit.ks <= MarginalFitter.threshold(n: xs.count))
        #expect(fit.bic + MixtureFitter.margin < fit.rivalBIC)
        #expect(fit.generator.hasPrefix("{ mixture: [ { weight: 0."))
        // The same values give the same fit.
        let again = try #require(MixtureFitter.fit(sorted: xs, integer: false, minCount: 10, table: Self.table(xs)))
        #expect(again.mixture == fit.mixture)
    }

    @Test func aLognormalMixtureIsFoundOnLogModes() throws {
        var r = TestRandom(state: 6)
        let xs = (0..<8000).map { i in exp(i % 2 == 0 ? 2 + 0.2 * r.normal() : 5 + 0.3 * r.normal()) }.sorted()
        let fit = try #require(MixtureFitter.fit(sorted: xs, integer: false, minCount: 10, table: Self.table(xs)))
        #expect(fit.family == .lognormal, "\(fit.family) \(fit.mixture)")
        #expect(fit.mixture.components.count == 2)
        #expect(abs(fit.mixture.components[0].mean - 2) < 0.05 && abs(fit.mixture.components[1].mean - 5) < 0.05)
    }

    @Test func unimodalSamplesKeepWhatTheyHad() {
        var r = TestRandom(state: 7)
        let normal = (0..<6000).map { _ in 50 + 5 * r.normal() }.sorted()
        #expect(MixtureFitter.fit(sorted: normal, integer: false, minCount: 10, table: Self.table(normal)) == nil)
        // Skewed and unimodal, not a known law: a quantile table stays.
        let skewed = (0..<6000).map { _ in pow(r.unit(), 3) * 100 + r.unit() }.sorted()
        #expect(MixtureFitter.fit(sorted: skewed, integer: false, minCount: 10, table: Self.table(skewed)) == nil)
    }

    @Test func noComponentStandsForFewerThanKRows() {
        var r = TestRandom(state: 8)
        // 30 of 3000 rows in a far mode: with k = 50 that mode cannot be a component.
        let xs = ((0..<2970).map { _ in 10 + r.normal() } + (0..<30).map { _ in 40 + r.normal() }).sorted()
        if let fit = MixtureFitter.fit(sorted: xs, integer: false, minCount: 50, table: Self.table(xs)) {
            #expect(fit.mixture.components.allSatisfy { $0.weight * 3000 >= 50 }, "\(fit.mixture)")
        }
        let small = MixtureFitter.fit(sorted: xs, integer: false, minCount: 10, table: Self.table(xs))
        #expect(small.map { $0.mixture.components.count >= 2 } ?? false, "with k = 10 the far mode is a component")
    }

    @Test func emStartsFromQuantilesAndConverges() throws {
        var r = TestRandom(state: 9)
        let xs = (0..<3000).map { i in i % 3 == 0 ? -5 + r.normal() : 5 + r.normal() }.sorted()
        let m = try #require(NormalMixture.fit(sorted: xs, components: 2))
        #expect(abs(m.components[0].weight - 1.0 / 3) < 0.03)
        #expect(abs(m.components[0].mean + 5) < 0.15 && abs(m.components[1].mean - 5) < 0.15)
        #expect(m.isMultimodal(over: -8...8))
        #expect(!NormalMixture(components: [.init(weight: 1, mean: 0, sd: 1)]).isMultimodal(over: -4...4))
        #expect(abs(m.cdf(0) - 1.0 / 3) < 0.03)
        #expect(NormalMixture.fit(sorted: [1, 1, 1, 1], components: 2) == nil, "constant data")
    }
}
