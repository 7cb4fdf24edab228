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
}
