import LoomGen
import LoomSpec
import Testing

/// `json`/`jsonb` objects: key order, optional keys, nesting and the encodings.
@Suite struct JSONEncodingTests {
    @Test func objectsAreWrittenAsJsonbPrintsThem() throws {
        let spec = try TestSupport.spec(
            """
            dataset: j
            tables:
              t:
                rows: 1
                columns:
                  d: { type: jsonb, gen: { json: { zeta: { constant: 1 }, b: { constant: "x\\ty" }, inner: { ok: { constant: true } }, xs: { array: { of: { constant: 2 }, length: 2 } } } } }
            """)
        let plan = try DatasetPlan(spec: spec)
        let want = #"{"b": "x\ty", "xs": [2, 2], "zeta": 1, "inner": {"ok": true}}"#
        #expect(TestSupport.rows(try TestSupport.output(plan, "t", format: .copy)) == [[want.replacingOccurrences(of: "\\", with: "\\\\")]])
        #expect(String(decoding: try TestSupport.output(plan, "t", format: .jsonl), as: UTF8.self) == #"{"d":"# + want + "}\n")
        let out = try TestSupport.output(plan, "t", format: .copyBinary)
        #expect(
            Array(out[19..<(out.count - 2)]) == [0, 1] + withUnsafeBytes(of: UInt32(want.utf8.count + 1).bigEndian, Array.init) + [1]
                + Array(want.utf8))
    }

    @Test func optionalKeysAreAbsentInTheirShare() throws {
        let spec = try TestSupport.spec(
            """
            dataset: j
            tables:
              t:
                rows: 4000
                columns:
                  d: { type: json, gen: { json: { a: { gen: { constant: 1 }, optional: 0.3 }, b: uuid } } }
            """)
        let rows = TestSupport.rows(try TestSupport.output(try DatasetPlan(spec: spec), "t", format: .copy))
        let absent = Double(rows.filter { !$0[0].contains("\"a\"") }.count) / 4000
        #expect(abs(absent - 0.3) < 0.03)
        #expect(rows.allSatisfy { $0[0].contains("\"b\": \"") })
    }
}
