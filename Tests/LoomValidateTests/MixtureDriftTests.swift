import Foundation
import LoomGen
import LoomSpec
import LoomStats
@testable import LoomValidate
import Testing

/// A `mixture` column's drift target is the weighted law of its components: the data it
/// generates pass, a data set drawn with other weights does not.
@Suite struct MixtureDriftTests {
    static func spec(_ weights: (Double, Double)) throws -> Spec {
        try SpecLoader.load(
            text: """
                dataset: drift
                seed: 3
                tables:
                  t:
                    rows: 100000
                    columns:
                      x: { type: "numeric(12,2)", gen: { mixture: [ { weight: \(weights.0), normal: { mean: 20, sd: 3 } }, { weight: \(weights.1), lognormal: { mu: 4.5, sigma: 0.25 } } ] }, clamp: [0, 500] }
                """, file: "x.yaml")
    }

    static func drift(data: Spec, target: Spec) throws -> ColumnDrift {
        let table = try #require(DriftTargets.make(try DatasetPlan(spec: target)).first { $0.table == "t" })
        let column = try #require(table.columns.first { $0.column == "x" })
        var sketcher = TableSketcher(table)
        try DatasetPlan(spec: data).generate("t", units: 0..<100_000) { sketcher.observe($0) }
        sketcher.finishShard()
        return DriftEvaluator.evaluate(column, try #require(sketcher.sketch.columns["x"]))
    }

    @Test func generatedDataFollowsTheMixtureLaw() throws {
        let target = try Self.spec((0.6, 0.4))
        let column = try #require(DriftTargets.make(try DatasetPlan(spec: target)).first?.columns.first)
        let dist = try #require(column.distribution)
        guard case .mixture(let weights, let laws) = dist.law else { Issue.record("law \(dist.law)"); return }
        #expect(weights == [0.6, 0.4] && laws.count == 2)
        #expect(abs(dist.cdf(40) - 0.6) < 1e-3, "the normal component is below 40, the lognormal above")

        let same = try Self.drift(data: target, target: target)
        #expect(try #require(same.ks) < 0.01)
        #expect(same.severity == .ok, "\(same)")
        let other = try Self.drift(data: try Self.spec((0.4, 0.6)), target: target)
        #expect(try #require(other.ks) > 0.15)
        #expect(other.severity == .alert)
    }

    @Test func aCorrelatedMixtureKeepsItsLawAndTheRankCorrelation() throws {
        let spec = try SpecLoader.load(
            text: """
                dataset: copula
                seed: 9
                tables:
                  t:
                    rows: 20000
                    columns:
                      y: { type: double precision, gen: { normal: { mean: 0, sd: 1 } } }
                      x: { type: double precision, gen: { mixture: [ { weight: 0.6, normal: { mean: 50, sd: 5 } }, { weight: 0.4, lognormal: { mu: 5.3, sigma: 0.1 } } ] } }
                    correlate: { [y, x]: 0.8 }
                """, file: "c.yaml")
        let plan = try DatasetPlan(spec: spec)
        let target = try #require(DriftTargets.make(plan).first?.columns.first { $0.column == "x" }?.distribution)
        var pairs: [(Double, Double)] = []
        try plan.generate("t", units: 0..<20000) { frame in
            if case .float(let y) = frame[0], case .float(let x) = frame[1] { pairs.append((y, x)) }
        }
        #expect(pairs.count == 20000)
        let xs = pairs.map(\.1).sorted()
        var ks = 0.0
        for (i, x) in xs.enumerated() { ks = max(ks, abs(target.cdf(x) - Double(i + 1) / 20000), abs(target.cdf(x) - Double(i) / 20000)) }
        #expect(ks < 0.015, "KS of the correlated mixture against its law \(ks)")
        // Spearman's rank correlation of a Gaussian copula with r = 0.8 is 6/π·asin(0.4) ≈ 0.786.
        func ranks(_ v: [Double]) -> [Double] {
            var r = [Double](repeating: 0, count: v.count)
            for (rank, i) in v.indices.sorted(by: { v[$0] < v[$1] }).enumerated() { r[i] = Double(rank) }
            return r
        }
        let ry = ranks(pairs.map(\.0)), rx = ranks(pairs.map(\.1))
        let m = Double(pairs.count - 1) / 2
        let cov = zip(ry, rx).reduce(0) { $0 + ($1.0 - m) * ($1.1 - m) }
        let varr = ry.reduce(0) { $0 + ($1 - m) * ($1 - m) }
        let rho = cov / varr
        #expect(abs(rho - 0.786) < 0.02, "rank correlation \(rho)")
    }
}
