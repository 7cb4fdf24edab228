import Foundation
import LoomGen
import LoomSpec
import LoomStats
import Testing

@testable import LoomValidate

/// The drift path from spec to verdict without a cluster: targets derived from generators,
/// rows sketched while generated, shards merged and judged.
@Suite struct DriftTargetsTests {
    static let spec = """
        dataset: targets
        seed: 3
        tables:
          t:
            rows: 80000
            columns:
              id:     { type: bigint, gen: sequence, primary_key: true }
              age:    { type: integer, gen: { normal: { mean: 38, sd: 12 } }, clamp: [18, 90] }
              coarse: { type: "numeric(5,1)", gen: { uniform: { min: 0, max: 1 } } }
              price:  { type: "numeric(10,2)", gen: { lognormal: { mu: 3, sigma: 0.5 } } }
              visits: { type: integer, gen: { poisson: 3 } }
              rank:   { type: integer, gen: { zipf: { n: 1000, s: 1.2 } } }
              wait:   { type: double precision, gen: { exponential: 0.2 }, null_rate: 0.1 }
              day:    { type: date, gen: { date: { from: 2024-01-01, to: 2024-03-31 } } }
              at:     { type: timestamptz, gen: { timestamp: { from: 2024-01-01, to: 2024-12-31 } } }
              plan:   { type: text, gen: { choice: { free: 0.7, pro: 0.25, team: 0.05 } } }
              ok:     { type: boolean, gen: { bernoulli: 0.9 } }
              note:   { type: text, gen: { words: { min: 1, max: 4 } } }
          c:
            per_parent: { t: { poisson: 2 } }
            columns:
              t_id:  { ref: t.id }
              twice: { type: bigint, expr: "parent.id * 2" }
              score: { type: double precision, gen: { uniform: { min: 0, max: 10 } } }
        """

    /// Sketches of `specText`'s rows, made with the targets of `targetsOf` (the job's spec: a
    /// worker sketches with the job's targets whatever its generator does).
    func sketches(_ specText: String, shards: Int, table: String = "t", targetsOf: String? = nil) throws -> (DriftPlan, [TableSketch]) {
        let spec = try SpecLoader.load(text: specText, file: "targets.yaml")
        let plan = try DatasetPlan(spec: spec)
        let targets = DriftTargets.make(try DatasetPlan(spec: try SpecLoader.load(text: targetsOf ?? specText, file: "targets.yaml")))
        let t = try #require(targets.first { $0.table == table })
        let shardPlan = try ShardPlan(plan, shardRows: try plan.rows(table) / UInt64(shards) + 1, tables: [table])
        var out: [TableSketch] = []
        for s in shardPlan.shards {
            var sketcher = TableSketcher(t)
            try plan.generate(table, units: s.units) { sketcher.observe($0) }
            sketcher.finishShard()
            out.append(sketcher.sketch)
        }
        return (DriftPlan(thresholds: DriftTargets.thresholds(spec), tables: targets), out)
    }

    @Test func everyGeneratorIsGreenAgainstItsOwnLaw() throws {
        let (plan, parts) = try sketches(Self.spec, shards: 4)
        var whole = TableSketch(table: "t")
        parts.forEach { whole.merge($0) }
        #expect(whole.rows == 80_000 && whole.sampled == 80_000 && whole.shards == 4)
        let targets = try #require(plan.tables.first { $0.table == "t" })
        for target in targets.columns {
            let d = DriftEvaluator.evaluate(target, whole.columns[target.column]!, thresholds: plan.thresholds)
            #expect(d.severity == .ok, "\(target.column): \(d.reasons) ks \(d.ks ?? -1) psi \(d.psi ?? -1)")
            if target.distribution != nil { #expect(d.ks != nil && d.psi != nil, "\(target.column) is measured") }
        }
        #expect(targets.columns.first { $0.column == "id" }?.positional == true)
        #expect(targets.columns.first { $0.column == "plan" }?.frequencies?["pro"] == 0.25)
    }

    /// Bounds that are not grid points (a profile's are means of records) hold for values
    /// rounded to the column's grid, and still catch a value a whole step outside.
    @Test func expectedBoundsAllowTheColumnsRounding() throws {
        let text = """
            dataset: bounds
            tables:
              t:
                rows: 20000
                columns:
                  price: { type: "numeric(10,2)", gen: { uniform: { min: 1, max: 148.387 } } }
                  n:     { type: integer, gen: { normal: { mean: 5, sd: 3 } }, clamp: [1.2, 9.7] }
            expectations:
              t.price: { min: 1.004, max: 148.387 }
              t.n:     { min: 1.2, max: 9.7 }
            """
        let (plan, parts) = try sketches(text, shards: 1)
        let targets = try #require(plan.tables.first)
        for target in targets.columns {
            let sketch = parts[0].columns[target.column]!
            #expect(DriftEvaluator.evaluate(target, sketch, thresholds: plan.thresholds).outOfRange == false, "\(target.column)")
        }
        let (_, wider) = try sketches(text.replacingOccurrences(of: "max: 148.387 } } }", with: "max: 148.4 } } }"), shards: 1)
        let price = try #require(targets.columns.first { $0.column == "price" })
        #expect(wider[0].columns["price"]!.moments.max >= 148.395)
        #expect(DriftEvaluator.evaluate(price, wider[0].columns["price"]!, thresholds: plan.thresholds).outOfRange == true)
    }

    /// Categories of a float column count under the target's spelling of the same number
    /// (a profile writes "22" for the float 22.0 and "17.5" for 17.5).
    @Test func numericCategoriesMatchTheirTargetsByValue() throws {
        let text = """
            dataset: cats
            tables:
              t:
                rows: 20000
                columns:
                  age:   { type: double precision, gen: { choice: [17.5, 22, 27] } }
                  price: { type: "numeric(6,2)", gen: { choice: [9.5, 12] } }
            expectations:
              t.age:   { frequencies: { "17.5": 0.3333, "22": 0.3333, "27": 0.3334 } }
              t.price: { frequencies: { "9.5": 0.5, "12": 0.5 } }
            """
        let (plan, parts) = try sketches(text, shards: 2)
        var whole = TableSketch(table: "t")
        parts.forEach { whole.merge($0) }
        let targets = try #require(plan.tables.first)
        for target in targets.columns {
            let d = DriftEvaluator.evaluate(target, whole.columns[target.column]!, thresholds: plan.thresholds)
            #expect(d.severity == .ok && (d.totalVariation ?? 1) < 0.02, "\(target.column): \(d.reasons)")
        }
    }

    /// Dates drawn from a quantile table are floored to whole days; their target models that,
    /// so a short range stays green instead of showing a day's offset as drift.
    @Test func quantileDatesAreJudgedAsFlooredDays() throws {
        let text = """
            dataset: days
            tables:
              t:
                rows: 80000
                columns:
                  day: { type: date, gen: { quantiles: { 0: 2024-01-01, 0.5: 2024-01-04, 1: 2024-01-11 } } }
            """
        let (plan, parts) = try sketches(text, shards: 2)
        var whole = TableSketch(table: "t")
        parts.forEach { whole.merge($0) }
        let target = try #require(plan.tables.first?.columns.first { $0.column == "day" })
        let d = DriftEvaluator.evaluate(target, whole.columns["day"]!, thresholds: plan.thresholds)
        #expect(d.severity == .ok && (d.ks ?? 1) < 0.01, "\(d.reasons) ks \(d.ks ?? -1)")
    }

    @Test func childTablesKnowTheirPositionalColumns() throws {
        let spec = try SpecLoader.load(text: Self.spec, file: "targets.yaml")
        let c = try #require(DriftTargets.make(try DatasetPlan(spec: spec)).first { $0.table == "c" })
        let positional = Set(c.columns.filter(\.positional).map(\.column))
        #expect(positional == ["t_id", "twice"])
    }

    @Test func perParentCountLaw() throws {
        let spec = try SpecLoader.load(text: Self.spec, file: "targets.yaml")
        let c = try #require(spec.table("c"))
        guard case .perParent(_, let count) = c.rows else { Issue.record("c is not per_parent"); return }
        let law = try #require(DriftTargets.fanOutLaw(count, table: c))
        #expect(law.law == .poisson(lambda: 2))
        #expect(law.cdf(-1) == 0)
        // A normal count: rounded to whole numbers, negative draws count as 0.
        let normal = try #require(DriftTargets.fanOutLaw(.normal(mean: 1, sd: 2), table: c))
        #expect(normal.rounding == .nearestInteger)
        #expect(abs(normal.cdf(0) - 0.5 * erfc(0.25 / 2.0.squareRoot())) < 1e-12)
        #expect(normal.cdf(-0.5) == 0)
    }

    @Test func histogramCountLawIsAStep() throws {
        let spec = try SpecLoader.load(text: Self.spec, file: "targets.yaml")
        let c = try #require(spec.table("c"))
        let h = CountHistogram(counts: [0, 2, 7], parents: [1, 2, 1])
        let law = try #require(DriftTargets.fanOutLaw(.histogram(h), table: c))
        let expected: [(Double, Double)] = [(-1, 0), (0, 0.25), (1, 0.25), (1.9, 0.25), (2, 0.75), (6, 0.75), (7, 1), (8, 1)]
        for (x, p) in expected { #expect(abs(law.cdf(x) - p) < 1e-12, "P(X ≤ \(x)) = \(law.cdf(x)), not \(p)") }
    }
}
