import Testing

@testable import LoomProfile

/// A category of many values linked to a number (store → floor area): every store with enough
/// rows gets its own case, and the default is learned only from rows generation can make.
@Suite struct ManyCategoryLinkTests {
    /// `stores` stores of 40 rows each, the area near 100 × the store's number; then `rare` rows
    /// of a store seen 5 times each (dropped by k = 10) whose areas are negative.
    static func inputs(stores: Int, rare: Int) -> (store: ConditionalModel.Input, area: ConditionalModel.Input) {
        var store: [String?] = [], area: [String?] = []
        var state: UInt64 = 11
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        for s in 0..<stores {
            for _ in 0..<40 {
                store.append("S\(s)")
                area.append(String(Double(s) * 100 + next() * 20))
            }
        }
        for r in 0..<rare {
            store.append("R\(r / 5)")
            area.append(String(-5_000 - next() * 1000))
        }
        let kept = (0..<stores).map { "S\($0)" }
        return (
            .init(name: "store", kind: .text, raw: store, categories: kept), .init(name: "area", kind: .float, raw: area, categories: nil)
        )
    }

    static func table() -> ProfiledTable {
        var store = ProfiledColumn(name: "store", type: "text", summary: ""),
            area = ProfiledColumn(name: "area", type: "float", summary: "")
        store.gen = "{ choice: { S0: 40 } }"
        area.gen = "{ uniform: { min: 0, max: 11000 } }"
        return ProfiledTable(name: "stores", rows: 1, sampled: 1, perParent: nil, columns: [store, area])
    }

    @Test func everyStoreWithEnoughRowsGetsItsOwnCase() {
        let (store, area) = Self.inputs(stores: 120, rare: 0)
        var table = Self.table()
        let links = ConditionalModel(privacy: PrivacyFilter(minCount: 10)).apply(&table, inputs: [store, area])
        #expect(links.count == 1, "\(links)")
        let gen = table.columns[1].gen ?? ""
        #expect(gen.hasPrefix("{ quantiles: { by: store, "), "\(gen.prefix(80))")
        for s in [0, 29, 30, 119] { #expect(gen.contains("\"S\(s)\": {"), "store S\(s) has a case") }
    }

    @Test func theDefaultIgnoresRowsOfValuesNeverGenerated() {
        let model = ConditionalModel(privacy: PrivacyFilter(minCount: 10))
        let (store, area) = Self.inputs(stores: 250, rare: 100)
        let parent = model.discretise(store)!
        let cases = model.quantileCases(area, parent)
        #expect(cases.cases.count == DiscreteColumn.maxCategories)
        let fallback = cases.fallback ?? ""
        let values = fallback.dropFirst(2).dropLast(2).split(separator: ",").compactMap { entry in
            entry.split(separator: ":").last.flatMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        }
        #expect(values.count >= 2, "\(fallback)")
        #expect(
            values.allSatisfy { $0 > 19_000 },
            "the default draws the stores past the cases (areas 20,000 up), not dropped ones: \(fallback)")
    }
}
