import Foundation
import LoomGen
import LoomSpec
import LoomStats
@testable import LoomValidate
import Testing

/// One drift computation: a column's verdict from the sketch a load or a worker makes (what
/// `loom load` and the monitor judge) and from exact counts at the target's percentiles (what
/// `loom validate` reads with SQL) agree, also for whole numbers whose origin is a whole number.
@Suite struct DriftAgreementTests {
    static let generators = [
        "{ normal: { mean: 10, sd: 2 } }", "{ normal: { mean: 0, sd: 3 } }", "{ poisson: 4 }", "{ uniform: { min: 1, max: 6 } }",
        "{ normal: { mean: 1000, sd: 40 } }",
    ]

    @Test(arguments: generators)
    func sketchAndSQLAgreeOnIntegerColumns(generator: String) throws {
        let spec = try SpecLoader.load(
            text: """
                dataset: drift
                seed: 1
                tables:
                  t:
                    rows: 200000
                    columns:
                      x: { type: integer, gen: \(generator) }
                """, file: "x.yaml")
        let plan = try DatasetPlan(spec: spec)
        let table = try #require(DriftTargets.make(plan).first { $0.table == "t" })
        let target = try #require(table.columns.first { $0.column == "x" })
        let dist = try #require(target.distribution)
        var sketcher = TableSketcher(table)
        var counts: [Int64: Int64] = [:]
        try plan.generate("t", units: 0..<200_000) { frame in
            sketcher.observe(frame)
            if case .int(let v) = frame[0] { counts[v, default: 0] += 1 }
        }
        sketcher.finishShard()
        let fromSketch = DriftEvaluator.evaluate(target, try #require(sketcher.sketch.columns["x"]))
        let summary = ColumnMeasure.summary(histogram: counts, thresholds: ColumnMeasure.thresholds(dist))
        let fromSQL = DriftEvaluator.evaluate(target, observation: summary)
        let a = try #require(fromSketch.psi), b = try #require(fromSQL.psi)
        #expect(a < 0.02 && b < 0.02, "\(generator): PSI \(a) from the sketch, \(b) from exact counts")
        #expect(fromSketch.severity == fromSQL.severity, "\(generator): \(fromSketch.severity) vs \(fromSQL.severity)")
    }
}
