import LoomPostgres
import Testing

/// Range types through binary and text COPY.
@Suite struct RangeTypesTests {
    @Test func rangesRoundTrip() throws {
        let db = try TestCluster.database()
        let rows = try TypeRoundTrip.check(
            """
            dataset: ranges
            seed: 23
            tables:
              t:
                rows: 300
                columns:
                  id:    { type: bigint, gen: sequence }
                  i4:    { type: int4range, gen: { range: { lower: { uniform: { min: -100, max: 100 } }, length: { uniform: { min: 0, max: 20 } } } } }
                  top:   { type: int4range, gen: { range: { lower: { constant: 2147483640 }, length: 100 } } }
                  i8:    { type: int8range, gen: { range: { lower: { uniform: { min: 1, max: 1000000000000 } }, length: { poisson: 5 } } } }
                  num:   { type: numrange, gen: { range: { lower: { normal: { mean: 10, sd: 5 } }, length: { uniform: { min: 0.5, max: 3.25 } } } } }
                  days:  { type: daterange, gen: { range: { lower: { date: { from: 2020-01-01, to: 2024-12-31 } }, length: { uniform: { min: 1, max: 30 } } } }, null_rate: 0.1 }
                  stay:  { type: tsrange, gen: { range: { lower: { timestamp: { from: 2024-01-01, to: 2024-12-31 } }, length: { interval: { min: 1 hour, max: 3 days } } } } }
                  slot:  { type: tstzrange, gen: { range: { lower: { timestamp: { from: 2024-01-01, to: 2024-12-31 } }, length: { exponential: { mean: 3600 } } } } }
            """, table: "t", database: db)
        #expect(rows.count == 300)
        #expect(rows.contains { $0[1] == "empty" } && rows.contains { $0[1]!.hasPrefix("[") })
        #expect(Set(rows.map { $0[2]! }) == ["[2147483640,2147483647)"])
    }
}
