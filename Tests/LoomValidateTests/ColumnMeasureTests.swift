import LoomStats
import Testing

@testable import LoomValidate

/// The pure arithmetic and SQL text behind `loom validate`'s measurements, without a database.
@Suite struct ColumnMeasureTests {
    @Test func cdfPointsFromNegatedBuckets() {
        // Values 1, 2, 2, 3, 5 against thresholds 1, 2, 4: at or below 1: 1; 2: 3; 4: 4.
        let t = [1.0, 2, 4]
        func b(_ x: Double) -> Int { t.filter { $0 >= x }.count }
        var buckets: [Int: Int64] = [:]
        for x in [1.0, 2, 2, 3, 5] { buckets[b(x), default: 0] += 1 }
        let points = ColumnMeasure.points(thresholds: t, buckets: buckets)
        #expect(points.map(\.x) == t)
        #expect(points.map(\.count) == [1, 3, 4])
        #expect(
            ColumnMeasure.bucket("v", thresholds: t)
                == "width_bucket(-(v), ARRAY['-4.0'::float8, '-2.0'::float8, '-1.0'::float8]::float8[])")
    }

    @Test func thresholdsAreTheDistinctPercentiles() {
        let poisson = ColumnMeasure.thresholds(TargetDistribution(.poisson(lambda: 3)))
        #expect(poisson == [0, 1, 2, 3, 4, 5, 6, 7, 8])
        let normal = ColumnMeasure.thresholds(TargetDistribution(.normal(mean: 0, sd: 1)))
        #expect(normal.count == 99)
        #expect(abs(normal[49]) < 1e-9)
        #expect(zip(normal, normal.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func fanOutSummaryFromAHistogram() {
        // 2 parents with no child, 3 with one, 1 with four.
        let s = ColumnMeasure.summary(histogram: [0: 2, 1: 3, 4: 1], thresholds: [0, 1, 2, 3])
        #expect(s.rows == 6 && s.nulls == 0)
        #expect(s.points.map(\.count) == [2, 5, 5, 5])
        let m = s.numericMoments!
        #expect(abs(m.mean - 7.0 / 6) < 1e-12)
        #expect(m.min == 0 && m.max == 4)
        let mean = 7.0 / 6
        let variance = (2 * mean * mean + 3 * (1 - mean) * (1 - mean) + (4 - mean) * (4 - mean)) / 5
        #expect(abs(m.variance - variance) < 1e-12)
        #expect(ColumnMeasure.summary(histogram: [:], thresholds: [1]).rows == 0)
    }

    @Test func numericCategoriesTakeTheTargetsSpelling() {
        let keys = ["9.99", "19.5", "1.0"]
        #expect(ColumnMeasure.key("19.50", type: .numeric(precision: 6, scale: 2), targetKeys: keys) == "19.5")
        #expect(ColumnMeasure.key("9.99", type: .numeric(precision: 6, scale: 2), targetKeys: keys) == "9.99")
        #expect(ColumnMeasure.key("1", type: .double, targetKeys: keys) == "1.0")
        #expect(ColumnMeasure.key("7.00", type: .numeric(precision: 6, scale: 2), targetKeys: keys) == "7.00")
        #expect(ColumnMeasure.key("19.50", type: .text, targetKeys: keys) == "19.50")
    }
}
