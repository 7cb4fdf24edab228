import LoomPostgres
import Testing

/// `money` and `bytea` through binary and text COPY.
@Suite struct MoneyBytesTypesTests {
    @Test func moneyAndByteaRoundTrip() throws {
        let db = try TestCluster.database()
        let rows = try TypeRoundTrip.check(
            """
            dataset: money
            seed: 9
            tables:
              t:
                rows: 400
                columns:
                  id:    { type: bigint, gen: sequence }
                  price: { type: money, gen: { uniform: { min: -100, max: 100000 } } }
                  tip:   { type: money, gen: { lognormal: { mu: 1, sigma: 1 } }, null_rate: 0.2 }
                  fixed: { type: money, gen: { choice: ["0.5", "-12.34", "0"] } }
                  blob:  { type: bytea, gen: { bytes: { length: { uniform: { min: 0, max: 40 } } } } }
                  key:   { type: bytea, gen: bytes }
                  bare:  { type: bytea, gen: { bytes: 3 }, null_rate: 0.3 }
            """, table: "t", database: db, read: ["price": "price::numeric", "tip": "tip::numeric", "fixed": "fixed::numeric"])
        #expect(rows.count == 400)
        #expect(Set(rows.map { $0[3]! }) == ["0.50", "-12.34", "0.00"])
        #expect(rows.allSatisfy { $0[5]!.count == 2 + 32 && $0[5]!.hasPrefix("\\x") })
        #expect(rows.contains { $0[4] == "\\x" })
    }
}
