import LoomGen
import LoomSpec
import Testing

/// `pick: { with: COLUMN }`: the columns of a composite foreign key take one picked row, so the
/// tuple always exists in the target table.
@Suite struct CompositeReferenceTests {
    static let yaml = """
        dataset: composite
        seed: 11
        tables:
          regions:
            rows: 40
            columns:
              id: { type: integer, gen: sequence, primary_key: true }
              country: { type: text, gen: { choice: [DE, FR, JP, US] } }
              code: { type: text, gen: { pattern: "[A-Z]{2}[0-9]" } }
          stores:
            rows: 500
            columns:
              id: { type: integer, gen: sequence, primary_key: true }
              country: { ref: regions.country, pick: { zipf: 1.1 } }
              region: { ref: regions.code, pick: { with: country } }
        """

    @Test func everyPairIsARowOfTheTarget() throws {
        let plan = try DatasetPlan(spec: try TestSupport.spec(Self.yaml))
        let regions = Set(TestSupport.rows(try TestSupport.output(plan, "regions", format: .copy)).map { "\($0[1])/\($0[2])" })
        let stores = TestSupport.rows(try TestSupport.output(plan, "stores", format: .copy))
        #expect(stores.count == 500)
        let pairs = stores.map { "\($0[1])/\($0[2])" }
        #expect(pairs.allSatisfy(regions.contains), "a store's (country, region) is a region")
        #expect(Set(pairs).count > 10, "and the pick still spreads: \(Set(pairs).count) pairs")
        let shard = TestSupport.rows(try TestSupport.output(plan, "stores", format: .copy, shard: .init(index: 2, count: 3)))
        let range = DatasetPlan.shardRange(units: 500, index: 1, of: 3)
        #expect(shard.map { "\($0[1])/\($0[2])" } == Array(pairs[Int(range.lowerBound)..<Int(range.upperBound)]), "shard identity")
    }

    @Test func aWithThatNamesNoReferenceIsAnError() throws {
        let bad: [(String, String)] = [
            ("region: { ref: regions.code, pick: { with: nope } }", "'nope' is not another reference column"),
            ("region: { ref: regions.code, pick: { with: id } }", "'id' is not another reference column"),
            ("region: { ref: regions.code, pick: { with: region } }", "'region' is not another reference column"),
        ]
        for (line, message) in bad {
            let text = Self.yaml.replacingOccurrences(of: "region: { ref: regions.code, pick: { with: country } }", with: line)
            do {
                _ = try TestSupport.spec(text)
                Issue.record("accepted: \(line)")
            } catch { #expect("\(error)".contains(message) && "\(error)".contains("test.yaml:15:"), "\(error)") }
        }
    }
}
