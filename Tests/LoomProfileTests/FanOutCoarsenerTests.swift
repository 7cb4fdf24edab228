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

    @Test func countsSeenForKParentsStayExactAndRareOnesAreBucketed() throws {
        let h = try #require(FanOutCoarsener(privacy: PrivacyFilter(minCount: 10)).histogram(Self.longTail))
        #expect(Array(zip(h.counts, h.parents).prefix(3)).map { "\($0.0):\($0.1)" } == ["1:500.0", "2:300.0", "3:150.0"])
        // Every bucket of the tail holds at least 10 parents: no stored count stands for fewer.
        let tail = zip(h.counts, h.parents).filter { $0.0 >= 50 }.map(\.1).reduce(0, +)
        #expect(tail == 41)
        #expect(h.counts.filter { $0 >= 50 }.count <= 2 * (41 / 10), "at most two counts per bucket: \(h.counts)")
    }

    @Test func theChildrenSumIsExact() throws {
        let h = try #require(FanOutCoarsener(privacy: PrivacyFilter(minCount: 10)).histogram(Self.longTail))
        let children = zip(h.counts, h.parents).reduce(0.0) { $0 + Double($1.0) * $1.1 }
        #expect(abs(children - Double(Self.longTail.reduce(0) { $0 + $1.key * $1.value })) < 1e-6)
    }

    @Test func fewerParentsThanKMakeOneBucket() throws {
        let h = try #require(FanOutCoarsener(privacy: PrivacyFilter(minCount: 10)).histogram([0: 5, 18: 1, 20: 1, 21: 1]))
        #expect(h.counts == [7, 8])
        #expect(h.parents == [5, 3])
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
