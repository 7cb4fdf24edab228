import LoomPostgres
import Testing

/// Arrays of the supported element types through binary and text COPY.
@Suite struct ArrayTypesTests {
    @Test func arraysRoundTrip() throws {
        let db = try TestCluster.database()
        let rows = try TypeRoundTrip.check(
            """
            dataset: arrays
            seed: 17
            tables:
              t:
                rows: 300
                columns:
                  id:     { type: bigint, gen: sequence }
                  ints:   { type: "integer[]", gen: { array: { of: { uniform: { min: -5, max: 500 } }, length: { uniform: { min: 0, max: 6 } } } } }
                  tags:   { type: "text[]", gen: { array: { of: { choice: [red, "a b", "", "NULL", "q\\"x", "b\\\\s", "{c}", "x,y"] } } } }
                  words:  { type: "varchar(6)[]", gen: { array: { of: { words: [1, 3] }, length: 2 } }, null_rate: 0.2 }
                  prices: { type: "numeric(8,2)[]", gen: { array: { of: { normal: { mean: 50, sd: 30 } }, length: 3 } } }
                  floats: { type: "double precision[]", gen: { array: { of: { normal: { mean: 0, sd: 1 } } } } }
                  flags:  { type: "boolean[]", gen: { array: { of: { bernoulli: 0.5 } } } }
                  days:   { type: "date[]", gen: { array: { of: { date: { from: 2020-01-01, to: 2024-12-31 } } } } }
                  ats:    { type: "timestamptz[]", gen: { array: { of: { timestamp: { from: 2020-01-01, to: 2024-12-31 } } } } }
                  ids:    { type: "uuid[]", gen: { array: { of: uuid, length: 2 } } }
                  spans:  { type: "interval[]", gen: { array: { of: { interval: { min: 1 second, max: 3 days } } } } }
                  nets:   { type: "inet[]", gen: { array: { of: ipv6 } } }
                  blobs:  { type: "bytea[]", gen: { array: { of: { bytes: 3 } } } }
                  bits:   { type: "bit(3)[]", gen: { array: { of: bits } } }
            """, table: "t", database: db)
        #expect(rows.count == 300)
        #expect(rows.contains { $0[1] == "{}" })
        #expect(rows.allSatisfy { $0[9]!.split(separator: ",").count == 2 })
    }
}
