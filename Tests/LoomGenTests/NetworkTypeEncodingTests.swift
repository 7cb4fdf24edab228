import LoomGen
import LoomSpec
import Testing

/// `inet`, `cidr` and `macaddr`: parsing and the text and binary encodings.
@Suite struct NetworkTypeEncodingTests {
    static func text(_ raw: String, cidr: Bool = false) throws -> String {
        let n = try #require(IPNetwork(parsing: raw))
        return TimeTypeEncodingTests.text(.inet(n.hi, n.lo, InetMeta.make(n, cidr: cidr)))
    }

    @Test func addressesPrintAsPostgreSQLDoes() throws {
        #expect(try Self.text("10.0.0.1") == "10.0.0.1")
        #expect(try Self.text("10.0.0.0/8", cidr: true) == "10.0.0.0/8")
        #expect(try Self.text("10.0.0.1/32", cidr: true) == "10.0.0.1/32")
        #expect(try Self.text("::") == "::")
        #expect(try Self.text("::1") == "::1")
        #expect(try Self.text("1::") == "1::")
        #expect(try Self.text("2001:db8:0:1:1:1:1:1") == "2001:db8:0:1:1:1:1:1")
        #expect(try Self.text("2001:0db8:0:0:1:0:0:1") == "2001:db8::1:0:0:1")
        #expect(try Self.text("2001:db8::/32", cidr: true) == "2001:db8::/32")
        #expect(IPNetwork(parsing: "10.0.0.256") == nil)
        #expect(IPNetwork(parsing: "10.0.0.0/33") == nil)
        #expect(IPNetwork(parsing: "1:2:3:4:5:6:7:8:9") == nil)
        #expect(IPNetwork(parsing: "1::2::3") == nil)
        #expect(TimeTypeEncodingTests.text(.macaddr(0x08002B_010203)) == "08:00:2b:01:02:03")
        #expect(Literal.parseMAC("08-00-2B-01-02-03") == 0x08002B_010203)
    }

    @Test func binaryFieldsAreWhatPostgreSQLReads() throws {
        let spec = try TestSupport.spec(
            """
            dataset: b
            tables:
              t:
                rows: 1
                columns:
                  a: { type: inet, gen: { constant: 192.0.2.1 } }
                  n: { type: cidr, gen: { constant: "2001:db8::/32" } }
                  m: { type: macaddr, gen: { constant: "08:00:2b:01:02:03" } }
            """)
        let plan = try DatasetPlan(spec: spec)
        let out = try TestSupport.output(plan, "t", format: .copyBinary)
        let row = Array(out[19..<(out.count - 2)])
        var want: [UInt8] = [0, 3, 0, 0, 0, 8, 2, 32, 0, 4, 192, 0, 2, 1]
        want += [0, 0, 0, 20, 3, 32, 1, 16, 0x20, 0x01, 0x0d, 0xb8] + [UInt8](repeating: 0, count: 12)
        want += [0, 0, 0, 6, 0x08, 0, 0x2b, 1, 2, 3]
        #expect(row == want)
        #expect(
            TestSupport.rows(try TestSupport.output(plan, "t", format: .copy)) == [["192.0.2.1", "2001:db8::/32", "08:00:2b:01:02:03"]])
    }

    @Test func generatedAddressesStayInTheirNetworks() throws {
        let spec = try TestSupport.spec(
            """
            dataset: r
            tables:
              t:
                rows: 3000
                columns:
                  a:   { type: inet, gen: ipv4, unique: true }
                  n:   { type: cidr, gen: { ipv6: { prefix: 48 } } }
                  mac: { type: macaddr, gen: mac }
            """)
        let rows = TestSupport.rows(try TestSupport.output(try DatasetPlan(spec: spec), "t", format: .copy))
        #expect(Set(rows.map { $0[0] }).count == 3000)
        #expect(rows.allSatisfy { $0[0].hasPrefix("10.") && !$0[0].contains("/") })
        #expect(rows.allSatisfy { $0[1].hasPrefix("2001:db8:") && $0[1].hasSuffix("::/48") })
        // Locally administered, unicast: the first octet's low two bits are 1 0.
        #expect(rows.allSatisfy { UInt8($0[2].prefix(2), radix: 16)! & 3 == 2 })
    }
}
