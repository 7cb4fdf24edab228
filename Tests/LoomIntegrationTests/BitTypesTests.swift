import LoomPostgres
import Testing

/// `bit(n)` and `varbit(n)` through binary and text COPY.
@Suite struct BitTypesTests {
    @Test func bitAndVarbitRoundTrip() throws {
        let db = try TestCluster.database()
        let rows = try TypeRoundTrip.check(
            """
            dataset: bits
            seed: 11
            tables:
              t:
                rows: 400
                columns:
                  id:     { type: bigint, gen: sequence }
                  flags:  { type: bit(8), gen: bits }
                  one:    { type: bit, gen: { bits: { ones: 0.9 } } }
                  wide:   { type: bit(70), gen: { bits: { ones: 0.1 } }, null_rate: 0.2 }
                  mask:   { type: varbit(12), gen: bits }
                  free:   { type: varbit, gen: { bits: { length: { uniform: { min: 0, max: 100 } } } } }
                  text:   { type: bit(4), gen: { pattern: "[01]{2}" } }
                  fixed:  { type: varbit(5), gen: { choice: ["", "1", "10101"] } }
            """, table: "t", database: db)
        #expect(rows.count == 400)
        #expect(rows.allSatisfy { $0[1]!.count == 8 && $0[6]!.count == 4 && $0[6]!.hasSuffix("00") })
        #expect(Set(rows.map { $0[7]! }) == ["", "1", "10101"])
        #expect(Set(rows.map { $0[4]!.count }).count > 8)
    }
}
