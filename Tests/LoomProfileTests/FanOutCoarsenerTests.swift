import LoomProfile
import LoomSpec
import Testing

/// Children-per-parent counts under the k-threshold keep their mean and their tail.
@Suite struct FanOutCoarsenerTests {
    /// Most parents have 1 to 3 children, a few have 50 to 131, each such count seen once.
    static let longTail: [Int: Int] = {
        var h = [1: 500, 2: 300, 3: 150]
        for i in 0..<40 { h[50 + i * 2] = 1 }
        h[131] = 1
        return h
    }()

    static func mean(_ h: [Int: Int]) -> Double {
        Double(h.reduce(0) { $0 + $1.key * $1.value }) / Double(h.values.reduce(0, +))
    }

    @Test func aLongTailKeepsItsMeanAtKTen() throws {
        let h = try #require(FanOutCoarsener(privacy: PrivacyFilter(minCount: 10)).histogram(Self.longTail))
        #expect(abs(h.mean - Self.mean(Self.longTail)) / Self.mean(Self.longTail) < 0.02, "\(h.mean) vs \(Self.mean(Self.longTail))")
        #expect(h.counts.max()! >= 100, "the tail is kept: \(h.counts)")
        #expect(h.parents.reduce(0, +) == 991)
    }

    @Test func countsOfKParentsOrKChildrenStayExact() throws {
        let h = try #require(FanOutCoarsener(privacy: PrivacyFilter(minCount: 10)).histogram(Self.longTail))
        #expect(Array(zip(h.counts, h.parents).prefix(3)).map { "\($0.0):\($0.1)" } == ["1:500.0", "2:300.0", "3:150.0"])
        // Each tail count is 10 child rows or more: it stands for k records, as a kept category does.
        #expect(zip(h.counts, h.parents).filter { $0.0 >= 50 }.map(\.1) == [Double](repeating: 1, count: 41))
    }

    @Test func rareSmallCountsAreBucketedByKParents() throws {
        let coarsener = FanOutCoarsener(privacy: PrivacyFilter(minCount: 10))
        // 4, 5, 6 and 7 children, each for 3 parents: buckets of at least 10 parents keep the sum.
        let h = try #require(coarsener.histogram([1: 40, 4: 3, 5: 3, 6: 3, 7: 3]))
        #expect(h.counts == [1, 5, 6])
        #expect(h.parents == [40, 6, 6], "12 parents with 66 children: a mean of 5.5")
        let tiny = try #require(coarsener.histogram([0: 5, 1: 2, 2: 1]))
        #expect(tiny.counts == [0, 1] && tiny.parents == [4, 4], "fewer than k parents in all: their mean")
    }

    @Test func theChildrenSumIsExact() throws {
        let h = try #require(FanOutCoarsener(privacy: PrivacyFilter(minCount: 10)).histogram(Self.longTail))
        let children = zip(h.counts, h.parents).reduce(0.0) { $0 + Double($1.0) * $1.1 }
        #expect(abs(children - Double(Self.longTail.reduce(0) { $0 + $1.key * $1.value })) < 1e-6)
    }

    @Test func rareSmallCountsJoinTheCountAboveThemWhenNothingIsBelow() throws {
        let h = try #require(FanOutCoarsener(privacy: PrivacyFilter(minCount: 10)).histogram([0: 5, 18: 1, 20: 1, 21: 1]))
        #expect(h.counts == [3, 20, 21])
        #expect(h.parents == [6, 1, 1])
    }

    @Test func noiseKeepsTheMeanClose() throws {
        let h = try #require(FanOutCoarsener(privacy: PrivacyFilter(minCount: 10, epsilon: 1, seed: 7)).histogram(Self.longTail))
        #expect(abs(h.mean - Self.mean(Self.longTail)) / Self.mean(Self.longTail) < 0.05, "\(h.mean)")
    }

    @Test func theTextReadsBackAsAPerParentCount() throws {
        let h = CountHistogram(counts: [0, 2, 57], parents: [3, 10.5, 2])
        let text = FanOutCoarsener.text(h)
        #expect(text == "{ histogram: { 0: 3, 2: 10.5, 57: 2 } }")
        let spec = try SpecLoader.load(
            text: """
                dataset: d
                tables:
                  p: { rows: 3, columns: { id: { type: bigint, gen: sequence, primary_key: true } } }
                  c: { per_parent: { p: \(text) }, columns: { p_id: { ref: p.id } } }
                """, file: "h.yaml")
        guard case .perParent(_, .histogram(let parsed)) = spec.table("c")?.rows else {
            Issue.record("not a histogram")
            return
        }
        #expect(parsed == h)
    }
}
