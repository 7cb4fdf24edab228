import LoomPostgres
import Testing

/// `json` and `jsonb` objects through binary and text COPY.
@Suite struct JSONTypesTests {
    @Test func jsonAndJsonbRoundTrip() throws {
        let db = try TestCluster.database()
        let object = """
            { json: { plan: { choice: [free, pro] }, seats: { uniform: { min: 1, max: 50 } },
                      trial: { gen: { bernoulli: 0.5 }, optional: 0.3 }, "a \\"key\\"": { words: 2 },
                      price: { uniform: { min: 0.5, max: 99.5 } },
                      address: { gen: { city: { dict: cities }, zip: { pattern: "[0-9]{5}" } }, optional: 0.5 },
                      tags: { array: { of: { choice: [x, "y,z"] }, length: { uniform: { min: 0, max: 3 } } } },
                      counts: { array: { of: { uniform: { min: 1, max: 9 } }, length: 2 } } } }
            """
        let rows = try TypeRoundTrip.check(
            """
            dataset: docs
            seed: 21
            tables:
              t:
                rows: 300
                columns:
                  id:   { type: bigint, gen: sequence }
                  doc:  { type: jsonb, gen: \(object) }
                  raw:  { type: json, gen: \(object), null_rate: 0.1 }
            """, table: "t", database: db)
        #expect(rows.count == 300)
        #expect(rows.contains { !$0[1]!.contains("\"trial\"") } && rows.contains { $0[1]!.contains("\"trial\"") })
        #expect(rows.allSatisfy { $0[1]!.hasPrefix("{\"plan\": ") })
    }
}
