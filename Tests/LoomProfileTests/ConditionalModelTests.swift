import LoomSpec
import Testing

@testable import LoomProfile

/// The learned conditional model: which links the Chow–Liu tree keeps, and what the written
/// conditionals say under the privacy safeguards.
@Suite struct ConditionalModelTests {
    /// 3000 rows: region (4 values), country determined by region but for a few rows, a number
    /// that depends on region, a coin that depends on nothing, and a rare country seen 4 times.
    static func inputs() -> [ConditionalModel.Input] {
        var region: [String?] = [], country: [String?] = [], amount: [String?] = [], coin: [String?] = []
        var state: UInt64 = 7
        func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
        let regions = ["north", "south", "east", "west"], countries = ["NO", "ZA", "JP", "US"]
        for i in 0..<3000 {
            let r = Int(next() * 4)
            region.append(regions[r])
            country.append(i < 4 ? "XX" : countries[r])
            amount.append(String(Double(r + 1) * 100 + next() * 50))
            coin.append(next() < 0.5 ? "true" : "false")
        }
        return [
            .init(name: "region", kind: .text, raw: region, categories: regions),
            .init(name: "country", kind: .text, raw: country, categories: countries),
            .init(name: "amount", kind: .float, raw: amount, categories: nil),
            .init(name: "coin", kind: .bool, raw: coin, categories: nil),
        ]
    }

    static func table() -> ProfiledTable {
        func col(_ name: String, _ gen: String) -> ProfiledColumn {
            var c = ProfiledColumn(name: name, type: "text", summary: "")
            c.gen = gen
            return c
        }
        return ProfiledTable(
            name: "sales", rows: 3000, sampled: 3000, perParent: nil,
            columns: [
                col("region", "{ choice: { north: 750, south: 750, east: 750, west: 750 } }"),
                col("country", "{ choice: { NO: 750, ZA: 750, JP: 750, US: 750 } }"),
                col("amount", "{ uniform: { min: 100, max: 450 } }"),
                col("coin", "{ bernoulli: 0.5 }"),
            ])
    }

    @Test func theTreeLinksDependentColumnsAndLeavesIndependentOnesAlone() {
        var table = Self.table()
        let links = ConditionalModel(privacy: PrivacyFilter(minCount: 10)).apply(&table, inputs: Self.inputs())
        #expect(links.count == 2, "\(links)")
        let gens = Dictionary(uniqueKeysWithValues: table.columns.map { ($0.name, $0.gen ?? "") })
        #expect(gens["region"]!.hasPrefix("{ choice: { north"), "the root keeps its marginal")
        #expect(gens["country"]!.hasPrefix("{ choice: { by: region, \"north\": { \"NO\": "), "\(gens["country"]!)")
        #expect(gens["amount"]!.hasPrefix("{ quantiles: { by: region, "), "\(gens["amount"]!)")
        #expect(gens["coin"] == "{ bernoulli: 0.5 }", "no link to a column that depends on nothing")
        #expect(!gens["country"]!.contains("XX"), "a value seen fewer than k times never appears")
    }

    @Test func theWrittenConditionalsLoadAsASpec() throws {
        var table = Self.table()
        _ = ConditionalModel(privacy: PrivacyFilter(minCount: 10)).apply(&table, inputs: Self.inputs())
        let columns = table.columns.map { c in
            "      \(c.name): { type: \(c.name == "amount" ? "double precision" : c.name == "coin" ? "boolean" : "text"), gen: \(c.gen!) }"
        }
        let yaml = "dataset: d\ntables:\n  sales:\n    rows: 10\n    columns:\n" + columns.joined(separator: "\n")
        let spec = try SpecLoader.load(text: yaml, file: "sales.yaml")
        #expect(spec.tables[0].columns.count == 4)
    }

    @Test func rangesOfANumberBecomeCaseKeys() {
        let values: [Double?] = (0..<400).map { Double($0) } + [nil]
        let quantiles = PrivacyFilter(minCount: 10).quantiles(values.compactMap { $0 })
        let edges = DiscreteColumn.quartileEdges(quantiles, round: { $0.rounded() })
        #expect(edges.count == 3)
        let column = DiscreteColumn.ranges("n", values: values, edges: edges, format: { Fmt.num($0) })!
        #expect(column.labels.first! == "..\(Fmt.num(edges[0]))")
        #expect(column.labels[3]! == "\(Fmt.num(edges[2]))..")
        #expect(column.labels.last! == "null", "NULL is a bin of its own")
        #expect(column.codes.last == 4)
        #expect(Set(column.codes.dropLast()).count == 4)
    }

    @Test func strengthIsOneForADeterminedColumnAndNearZeroForNoise() {
        let inputs = Self.inputs()
        let model = ConditionalModel(privacy: PrivacyFilter(minCount: 10))
        let region = model.discretise(inputs[0])!, country = model.discretise(inputs[1])!, coin = model.discretise(inputs[3])!
        #expect(ChowLiuTree.strength(region, country, minRows: 50)! > 0.95)
        #expect(ChowLiuTree.strength(region, coin, minRows: 50)! < 0.01)
        #expect(ChowLiuTree.strength(region, coin, minRows: 5000) == nil, "too few rows to judge")
    }
}
