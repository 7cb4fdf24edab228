import Testing

@testable import LoomGen

/// The indexed quantile table gives exactly the values of the searched one, on tables of every
/// size, with repeated probabilities and values, at the ends and inside.
@Suite struct QuantileTableTests {
    @Test(arguments: [2, 3, 21, 101, 400])
    func indexedLookupEqualsTheSearch(points: Int) {
        var state: UInt64 = UInt64(points) &* 0x9E37_79B9
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        var ps = (0..<points).map { _ in (next() * 20).rounded() / 20 }.sorted()
        ps[0] = 0
        ps[points - 1] = 1
        var values = (0..<points).map { _ in (next() * 8).rounded() }.sorted()
        values[0] -= 1
        let table = QuantileTable(ps: ps, values: values)
        var us = (0..<5_000).map { _ in next() }
        us += ps.filter { $0 < 1 } + [0, 1 - 0x1p-53, 0.5, 0.25]
        for u in us {
            let expected = QuantileEvaluator.inverse(u, ps: ps, values: values)
            #expect(table.value(u) == expected, "u \(u) in \(ps) → \(values)")
        }
    }
}
