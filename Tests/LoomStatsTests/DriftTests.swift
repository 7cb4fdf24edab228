import Foundation
import LoomGen
import LoomStats
import Testing

/// Target laws agree with the generators' samplers; the evaluator keeps matching data green,
/// flags drifted data, and waits for enough rows before judging.
@Suite struct DriftTests {
    func sketch(_ values: [Double], origin: Double = 0) -> ColumnSketch {
        var s = ColumnSketch(.numeric, origin: origin)
        values.forEach { s.add($0) }
        return s
    }

    func target(_ law: TargetDistribution.Law, clamp: ClosedRange<Double>? = nil, rounding: TargetDistribution.Rounding = .none,
                origin: Double = 0) -> ColumnTarget {
        var t = ColumnTarget(table: "t", column: "c", sketch: .numeric, origin: origin, source: "test")
        t.distribution = TargetDistribution(law, clamp: clamp, rounding: rounding)
        return t
    }

    @Test func quantileInvertsTheCDF() {
        let laws: [TargetDistribution] = [
            .init(.normal(mean: 38, sd: 12)), .init(.lognormal(mu: 10.8, sigma: 0.6)), .init(.exponential(rate: 0.5)),
            .init(.uniform(min: -3, max: 7)), .init(.normal(mean: 38, sd: 12), clamp: 18...90, rounding: .nearestInteger),
            .init(.poisson(lambda: 4)), .init(.geometric(p: 0.3)), .init(.zipf(n: 50_000, s: 1.1)),
            .init(.quantiles([.init(p: 0, value: 1), .init(p: 0.5, value: 10), .init(p: 1, value: 100)])),
        ]
        for d in laws {
            for p in [0.05, 0.25, 0.5, 0.75, 0.95] {
                let x = d.quantile(p)
                #expect(d.cdf(x) >= p - 1e-9, "\(d.law) q\(p) = \(x)")
                let below = d.isDiscrete || d.rounding == .nearestInteger ? x - 1 : x - 1e-6 * max(1, abs(x))
                #expect(d.cdf(below) <= p + 1e-9, "\(d.law) q\(p) = \(x) is not the smallest")
            }
        }
    }

    @Test func discreteLawsMatchTheSamplers() {
        let n = 200_000
        var poisson = [Int64: Int](), geometric = [Int64: Int]()
        for i in 0..<n {
            poisson[Distributions.poisson(11, UInt64(i), lambda: 4), default: 0] += 1
            geometric[Distributions.geometric(12, UInt64(i), p: 0.3), default: 0] += 1
        }
        let pl = TargetDistribution(.poisson(lambda: 4)), gl = TargetDistribution(.geometric(p: 0.3))
        for k: Int64 in 0...8 {
            let pe = (0...k).reduce(0) { $0 + (poisson[$1] ?? 0) }, ge = (0...k).reduce(0) { $0 + (geometric[$1] ?? 0) }
            #expect(abs(Double(pe) / Double(n) - pl.cdf(Double(k))) < 0.005, "poisson cdf(\(k))")
            #expect(abs(Double(ge) / Double(n) - gl.cdf(Double(k))) < 0.005, "geometric cdf(\(k))")
        }
        let z = TargetDistribution(.zipf(n: 1000, s: 1.0))
        let h = (1...1000).reduce(0.0) { $0 + 1 / Double($1) }
        #expect(abs(z.cdf(1) - 1 / h) < 1e-9 && z.cdf(1000) == 1 && z.cdf(0.5) == 0)
    }

    @Test func matchingDataStaysGreenAndShiftedDataAlerts() {
        let xs = (0..<50_000).map { 38 + 12 * Distributions.standardNormal(21, UInt64($0)) }
        let t = target(.normal(mean: 38, sd: 12), origin: 38)
        let good = DriftEvaluator.evaluate(t, sketch(xs, origin: 38))
        #expect(good.severity == .ok, "\(good.reasons)")
        #expect(good.ks! < 0.01 && good.psi! < 0.005)
        let shifted = DriftEvaluator.evaluate(t, sketch(xs.map { $0 + 12 }, origin: 38))
        #expect(shifted.severity == .alert && shifted.ks! > 0.3 && shifted.psi! > 0.5, "\(shifted)")
        #expect(shifted.reasons.contains { $0.hasPrefix("KS") } && shifted.reasons.contains { $0.hasPrefix("PSI") })
        let few = DriftEvaluator.evaluate(t, sketch(Array(xs.prefix(50)).map { $0 + 100 }, origin: 38))
        #expect(few.severity == .collecting && few.reasons.isEmpty)
    }

    @Test func roundedClampedIntegersMatchTheirLaw() {
        let xs = (0..<60_000).map { i -> Double in
            let raw = 38 + 12 * Distributions.standardNormal(22, UInt64(i))
            return min(max(raw, 18), 90).rounded(.toNearestOrAwayFromZero)
        }
        let t = target(.normal(mean: 38, sd: 12), clamp: 18...90, rounding: .nearestInteger, origin: 38)
        let d = DriftEvaluator.evaluate(t, sketch(xs, origin: 38))
        #expect(d.severity == .ok && d.ks! < 0.01, "\(d)")
        let unrounded = target(.normal(mean: 38, sd: 12), origin: 38)
        #expect(DriftEvaluator.evaluate(unrounded, sketch(xs, origin: 38)).ks! > d.ks!, "modelling the rounding matters")
    }

    @Test func categoriesNullRatesAndMomentsAreJudged() {
        var s = ColumnSketch(.categorical)
        for i in 0..<10_000 { s.add(category: i % 10 < 6 ? "US" : "DE") }
        for _ in 0..<1000 { s.addNull() }
        var t = ColumnTarget(table: "t", column: "country", sketch: .categorical, source: "test")
        t.frequencies = ["US": 0.6, "DE": 0.4]
        t.nullRate = 1000.0 / 11_000
        let ok = DriftEvaluator.evaluate(t, s)
        #expect(ok.severity == .ok && ok.totalVariation! < 1e-9, "\(ok)")
        t.frequencies = ["US": 0.3, "DE": 0.5, "FR": 0.2]
        t.nullRate = 0
        let bad = DriftEvaluator.evaluate(t, s)
        #expect(bad.severity == .alert)
        #expect(bad.reasons.contains { $0.hasPrefix("total variation") } && bad.reasons.contains { $0.hasPrefix("NULL rate") }, "\(bad.reasons)")

        var m = ColumnTarget(table: "t", column: "age", sketch: .numeric, source: "test")
        m.mean = 45
        m.sd = 12
        m.min = 18
        m.max = 60
        let xs = (0..<5000).map { 38 + 12 * Distributions.standardNormal(23, UInt64($0)) }
        let moved = DriftEvaluator.evaluate(m, sketch(xs))
        #expect(moved.severity == .alert && moved.meanShift! > 0.5 && moved.outOfRange == true, "\(moved)")
    }

    @Test func sketchesSurviveJSONAndMergeLikeOnePass() throws {
        let empty = ColumnSketch(.numeric, origin: 5)
        let back = try JSONDecoder().decode(ColumnSketch.self, from: JSONEncoder().encode(empty))
        #expect(back == empty)
        let xs = (0..<4000).map { Distributions.standardNormal(24, UInt64($0)) }
        var a = sketch(Array(xs[..<1500])), b = sketch(Array(xs[1500...]))
        a.merge(b)
        b = sketch(xs)
        #expect(a.histogram == b.histogram && a.moments.count == b.moments.count)
        let table = TableSketch(table: "t", shards: 1, rows: 4000, sampled: 4000, columns: ["c": b])
        #expect(try JSONDecoder().decode(TableSketch.self, from: JSONEncoder().encode(table)) == table)
    }

    @Test func shardDistanceFindsAShardFromAnotherGenerator() {
        let whole = sketch((0..<40_000).map { Distributions.standardNormal(25, UInt64($0)) })
        let same = sketch((0..<2000).map { Distributions.standardNormal(26, UInt64($0)) })
        let other = sketch((0..<2000).map { 0.4 + Distributions.standardNormal(27, UInt64($0)) })
        let s = DriftEvaluator.shardDistance(same, whole: whole)!, o = DriftEvaluator.shardDistance(other, whole: whole)!
        #expect(s.excess < 0, "a shard of the same law is within noise: \(s)")
        #expect(o.excess > 0.08, "\(o)")
    }

    @Test func summariesFromAggregatesJudgeLikeSketches() {
        let xs = (0..<20_000).map { 10 + 3 * Distributions.standardNormal(28, UInt64($0)) }
        let law = TargetDistribution(.normal(mean: 10, sd: 3))
        var shiftedLaw = law
        shiftedLaw.law = .normal(mean: 11, sd: 3)
        for (dist, expectOK) in [(law, true), (shiftedLaw, false)] {
            var t = ColumnTarget(table: "t", column: "c", sketch: .numeric, origin: 10, source: "test")
            t.distribution = dist
            let sorted = xs.sorted()
            let points = (1..<100).map { p -> ColumnSummary.CDFPoint in
                let x = dist.quantile(Double(p) / 100)
                return .init(x: x, count: Int64(sorted.firstIndex { $0 > x } ?? sorted.count))
            }
            var m = Moments()
            xs.forEach { m.add($0) }
            let summary = ColumnSummary(rows: Int64(xs.count), nulls: 0, moments: m, points: points)
            let fromSummary = DriftEvaluator.evaluate(t, observation: summary)
            let fromSketch = DriftEvaluator.evaluate(t, sketch(xs, origin: 10))
            #expect((fromSummary.severity == .ok) == expectOK && fromSketch.severity == fromSummary.severity, "\(fromSummary) / \(fromSketch)")
            #expect(abs(fromSummary.ks! - fromSketch.ks!) < 0.01 && abs(fromSummary.psi! - fromSketch.psi!) < 0.02)
        }
    }
}
