import LoomGen
import LoomSpec
import Testing

/// `bit(n)` and `varbit(n)`: fitting to the column and the text, CSV and binary encodings.
@Suite struct BitEncodingTests {
    @Test func bitsArePackedAndFitted() throws {
        let spec = try TestSupport.spec(
            """
            dataset: b
            tables:
              t:
                rows: 1
                columns:
                  a: { type: bit(10), gen: { constant: "1000000011" } }
                  b: { type: bit(4), gen: { constant: "1" } }
                  c: { type: varbit(3), gen: { constant: "101101" } }
                  d: { type: varbit, gen: { constant: "" } }
            """)
        #expect(SQLType(parsing: "bit varying(3)") == .varbit(3))
        #expect(SQLType(parsing: "bit") == .bit(1))
        let plan = try DatasetPlan(spec: spec)
        #expect(TestSupport.rows(try TestSupport.output(plan, "t", format: .copy)) == [["1000000011", "1000", "101", ""]])
        #expect(String(decoding: try TestSupport.output(plan, "t", format: .csv), as: UTF8.self) == "a,b,c,d\n1000000011,1000,101,\"\"\n")
        let out = try TestSupport.output(plan, "t", format: .copyBinary)
        let row = Array(out[19..<(out.count - 2)])
        let want: [UInt8] =
            [0, 4] + [0, 0, 0, 6, 0, 0, 0, 10, 0b1000_0000, 0b1100_0000] + [0, 0, 0, 5, 0, 0, 0, 4, 0b1000_0000]
            + [0, 0, 0, 5, 0, 0, 0, 3, 0b1010_0000] + [0, 0, 0, 4, 0, 0, 0, 0]
        #expect(row == want)
    }

    @Test func onesFollowTheirProbability() throws {
        let spec = try TestSupport.spec(
            """
            dataset: r
            tables:
              t:
                rows: 500
                columns:
                  f: { type: bit(64), gen: bits }
                  s: { type: bit(64), gen: { bits: { ones: 0.1 } } }
            """)
        let rows = TestSupport.rows(try TestSupport.output(try DatasetPlan(spec: spec), "t", format: .copy))
        func share(_ k: Int) -> Double { Double(rows.map { $0[k].filter { $0 == "1" }.count }.reduce(0, +)) / (500 * 64) }
        #expect(abs(share(0) - 0.5) < 0.02 && abs(share(1) - 0.1) < 0.02)
    }
}
