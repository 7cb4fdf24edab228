import LoomPostgres
import Testing

/// `interval`, `time` and `timetz` through binary and text COPY.
@Suite struct TimeTypesTests {
    @Test func intervalTimeAndTimetzRoundTrip() throws {
        let db = try TestCluster.database()
        let rows = try TypeRoundTrip.check(
            """
            dataset: times
            seed: 3
            tables:
              t:
                rows: 400
                columns:
                  id:    { type: bigint, gen: sequence }
                  span:  { type: interval, gen: { interval: { min: 1 second, max: 30 days } } }
                  short: { type: interval, gen: { uniform: { min: -90000, max: 90000 } } }
                  frac:  { type: interval, gen: { normal: { mean: 3600, sd: 20000 } }, null_rate: 0.1 }
                  fixed: { type: interval, gen: { choice: ["1 day", "00:00:00", "-2 days 04:00:00", "0.25 seconds"] } }
                  at:    { type: time, gen: { time: { from: "08:00", to: "18:00" } } }
                  edge:  { type: time, gen: { choice: ["00:00", "23:59:59.999999", "24:00:00"] } }
                  tz:    { type: timetz, gen: { time: { from: "00:00", to: "23:59:59" } } }
            """, table: "t", database: db)
        #expect(rows.count == 400)
        #expect(Set(rows.map { $0[4] }) == ["1 day", "00:00:00", "-1 days -20:00:00", "00:00:00.25"])
    }
}

extension TimeTypesTests {
    /// `loom validate` measures intervals, times and money as it sketches them.
    @Test func validatePassesOnNewTypes() throws {
        let db = try TestCluster.database()
        let spec = """
            dataset: measured
            seed: 8
            tables:
              t:
                rows: 3000
                columns:
                  id:    { type: bigint, gen: sequence }
                  wait:  { type: interval, gen: { normal: { mean: 3600, sd: 600 } } }
                  at:    { type: time, gen: { time: { from: "08:00", to: "18:00" } } }
                  price: { type: money, gen: { uniform: { min: 1, max: 100 } } }
                  tier:  { type: money, gen: { choice: ["9.99", "19.99"] } }
            expectations:
              t.wait: { mean: 3600, sd: 600 }
            """
        try ProfileTests.generate(spec, schema: "public", db: db)
        try ProfileTests.expectValidates(spec, schema: "public", db: db)
    }
}
