import LoomPostgres
import Testing

/// `inet`, `cidr` and `macaddr` through binary and text COPY.
@Suite struct NetworkTypesTests {
    @Test func inetCidrAndMacaddrRoundTrip() throws {
        let db = try TestCluster.database()
        let rows = try TypeRoundTrip.check(
            """
            dataset: nets
            seed: 5
            tables:
              t:
                rows: 500
                columns:
                  id:    { type: bigint, gen: sequence }
                  v4:    { type: inet, gen: ipv4 }
                  v6:    { type: inet, gen: ipv6 }
                  doc:   { type: inet, gen: { ipv4: 198.18.0.0/15 }, unique: true }
                  masked: { type: inet, gen: { ipv4: { network: 198.51.100.0/24, prefix: 28 } }, null_rate: 0.2 }
                  net4:  { type: cidr, gen: { ipv4: { network: 10.0.0.0/8, prefix: 24 } }, unique: true }
                  net6:  { type: cidr, gen: ipv6 }
                  zeros: { type: inet, gen: { ipv6: "2001:db8::/112" } }
                  fixed: { type: inet, gen: { choice: ["::1", "2001:db8:0:0:1:0:0:1", "fe80::1:0:0:0/64", "10.1.2.3/8"] } }
                  mac:   { type: macaddr, gen: mac, unique: true }
            """, table: "t", database: db)
        #expect(rows.count == 500)
        #expect(Set(rows.map { $0[3]! }).count == 500)
        #expect(rows.allSatisfy { $0[7]!.hasPrefix("2001:db8::") })
        #expect(Set(rows.map { $0[8]! }) == ["::1", "2001:db8::1:0:0:1", "fe80::1:0:0:0/64", "10.1.2.3/8"])
        #expect(rows.allSatisfy { $0[5]!.hasPrefix("10.") && $0[5]!.hasSuffix(".0/24") })
    }
}
