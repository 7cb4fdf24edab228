import Foundation
@testable import LoomProfile
import Testing

/// The schema report's distributions of children per parent, and its HTML page, without a database.
@Suite struct SchemaReportTests {
    typealias Bin = SchemaReport.CountBin

    /// A histogram from `children: parents` pairs.
    static func bins(_ pairs: KeyValuePairs<Int, Int>) -> [Bin] { pairs.map { Bin(children: $0.key, parents: $0.value) } }

    @Test func ksIsTheLargestCDFDifferenceOverIntegerCounts() {
        // CDFs at 0, 1, 2: 1/3, 2/3, 1 against 0, 0, 1.
        let a = Self.bins([0: 1, 1: 1, 2: 1]), b = Self.bins([2: 3])
        #expect(abs(SchemaReport.ks(a, b) - 2.0 / 3) < 1e-12)
        #expect(abs(SchemaReport.ks(b, a) - 2.0 / 3) < 1e-12)
        // Scale does not matter, only shares; counts between the bins do not either.
        #expect(SchemaReport.ks(a, Self.bins([0: 100, 1: 100, 2: 100])) == 0)
        #expect(SchemaReport.ks(Self.bins([0: 1]), Self.bins([5: 2])) == 1)
        #expect(abs(SchemaReport.ks(Self.bins([0: 1, 4: 1]), Self.bins([2: 1, 4: 1])) - 0.5) < 1e-12)
    }

    @Test func ksMergesUnsortedBinsAndHandlesEmptySides() {
        let unsorted = Self.bins([2: 1, 0: 1, 2: 1, 1: 0])
        #expect(SchemaReport.normalized(unsorted) == Self.bins([0: 1, 2: 2]))
        #expect(SchemaReport.ks(unsorted, Self.bins([0: 1, 2: 2])) == 0)
        #expect(SchemaReport.ks([], []) == 0)
        #expect(SchemaReport.ks(Self.bins([1: 3]), []) == 1)
        #expect(SchemaReport.ks([], Self.bins([0: 0])) == 0)
    }

    @Test func meanCountsParentsWithoutChildren() {
        #expect(SchemaReport.mean(Self.bins([0: 2, 3: 2])) == 1.5)
        #expect(SchemaReport.mean(Self.bins([0: 5])) == 0)
        #expect(SchemaReport.mean([]) == 0)
    }

    @Test func topShareTakesTheTenthOfParentsWithTheMostChildren() {
        // 10 parents: the top one holds 10 of the 15 children.
        #expect(abs(SchemaReport.topShare(Self.bins([0: 5, 1: 3, 2: 1, 10: 1])) - 10.0 / 15) < 1e-12)
        // 11 parents: the top ⌈1.1⌉ = 2 hold 12 of 15.
        #expect(abs(SchemaReport.topShare(Self.bins([0: 6, 1: 3, 2: 1, 10: 1])) - 12.0 / 15) < 1e-12)
        // Ties are cut inside a bin; 30 parents take exactly 3 (30 × 0.1 is not rounded up to 4).
        #expect(abs(SchemaReport.topShare(Self.bins([1: 30])) - 0.1) < 1e-12)
        #expect(abs(SchemaReport.topShare(Self.bins([1: 20])) - 0.1) < 1e-12)
        // One parent is the whole top tenth.
        #expect(SchemaReport.topShare(Self.bins([7: 1])) == 1)
        // Half of 5 parents: the top 3 hold 3 + 1 + 1 of 7.
        #expect(abs(SchemaReport.topShare(Self.bins([3: 1, 1: 4]), fraction: 0.5) - 5.0 / 7) < 1e-12)
        #expect(SchemaReport.topShare(Self.bins([0: 10])) == 0)
        #expect(SchemaReport.topShare([]) == 0)
    }

    @Test func anEmptySyntheticSideIsReportedNotFailed() throws {
        let r = ReportedForeignKey(child: "orders", column: "user_id", parent: "users", parentColumn: "id")
        let f = SchemaReport.compare(r, real: Self.bins([1: 2, 3: 2]), synthetic: [])
        #expect(f.realMean == 2 && f.syntheticMean == 0 && f.ks == 1)
        #expect(f.realTopShare == 3.0 / 8 && f.syntheticTopShare == 0 && f.synthetic.isEmpty)
        let report = SchemaReport(real: "a", synthetic: "b", tables: [.init(table: "orders", real: 4, synthetic: 0)], relationships: [f])
        let decoded = try JSONDecoder().decode(SchemaReport.self, from: JSONEncoder().encode(report))
        #expect(decoded.relationships.first?.real == f.real && decoded.tables.first?.real == 4)
    }

    @Test func longTailsAreBucketedForDisplay() {
        #expect(SchemaReportHTML.buckets(maxChildren: 0).map(\.label) == ["0"])
        #expect(SchemaReportHTML.buckets(maxChildren: 19).count == 20)
        let b = SchemaReportHTML.buckets(maxChildren: 45)
        #expect(b.map(\.label) == ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10–19", "20–39", "40–79"])
        #expect(SchemaReportHTML.buckets(maxChildren: .max).last?.high == .max)
        #expect(SchemaReportHTML.counts(Self.bins([0: 1, 12: 2, 19: 1, 45: 3]), b) == [1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 3])
    }

    @Test func theHTMLPageIsSelfContained() {
        let r = ReportedForeignKey(child: "<orders>", column: "user_id", parent: "users", parentColumn: "id")
        let f = SchemaReport.compare(r, real: Self.bins([0: 2, 1: 3, 30: 1]), synthetic: Self.bins([2: 5]))
        let missing = SchemaReport.compare(r, real: Self.bins([1: 1]), synthetic: [])
        let report = SchemaReport(
            real: "a", synthetic: "b", tables: [.init(table: "users", real: 6, synthetic: 5)], relationships: [f, missing])
        let page = SchemaReportHTML.render(report)
        #expect(page.contains("<svg") && !page.contains("<script"))
        #expect(page.components(separatedBy: "<svg").count - 1 == 4)
        #expect(page.contains("&lt;orders&gt;.user_id → users.id") && !page.contains("<orders>"))
        #expect(page.contains("20–39") && page.contains("no parents (missing table or column)") && page.contains("0.83"))
    }
}
