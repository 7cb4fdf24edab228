import LoomGen
import LoomSpec
import Testing

/// Arrays: element determinism and the text, CSV, JSONL and binary encodings.
@Suite struct ArrayEncodingTests {
    static func spec(length: String) -> String {
        """
        dataset: a
        seed: 4
        tables:
          t:
            rows: 50
            columns:
              xs: { type: "integer[]", gen: { array: { of: { uniform: { min: 1, max: 1000 } }, length: \(length) } } }
        """
    }

    @Test func elementsDependOnRowAndIndexOnly() throws {
        let short = TestSupport.rows(
            try TestSupport.output(try DatasetPlan(spec: try TestSupport.spec(Self.spec(length: "2"))), "t", format: .copy))
        let long = TestSupport.rows(
            try TestSupport.output(try DatasetPlan(spec: try TestSupport.spec(Self.spec(length: "5"))), "t", format: .copy))
        for (s, l) in zip(short, long) {
            #expect(l[0].hasPrefix(String(s[0].dropLast())) && l[0].split(separator: ",").count == 5)
        }
    }

    @Test func everyFormatWritesTheArray() throws {
        let spec = try TestSupport.spec(
            """
            dataset: a
            tables:
              t:
                rows: 1
                columns:
                  s: { type: "text[]", gen: { array: { of: { constant: "a \\"b\\"\\\\" }, length: 2 } } }
                  e: { type: "integer[]", gen: { array: { of: { constant: 1 }, length: 0 } } }
                  b: { type: "boolean[]", gen: { array: { of: { constant: true }, length: 1 } } }
            """)
        let plan = try DatasetPlan(spec: spec)
        let copy = String(decoding: try TestSupport.output(plan, "t", format: .copy), as: UTF8.self)
        #expect(copy == #"{"a \\"b\\"\\\\","a \\"b\\"\\\\"}"# + "\t{}\t{t}\n")
        let csv = String(decoding: try TestSupport.output(plan, "t", format: .csv), as: UTF8.self)
        #expect(csv == #"s,e,b"# + "\n" + #""{""a \""b\""\\"",""a \""b\""\\""}",{},{t}"# + "\n")
        let json = String(decoding: try TestSupport.output(plan, "t", format: .jsonl), as: UTF8.self)
        #expect(json == #"{"s":["a \"b\"\\","a \"b\"\\"],"e":[],"b":[true]}"# + "\n")
        let out = try TestSupport.output(plan, "t", format: .copyBinary)
        let row = Array(out[19..<(out.count - 2)])
        // e: ndim 0, no nulls, int4; b: one bool dimension of 1 from 1, then the element.
        let e: [UInt8] = [0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 23]
        let b: [UInt8] = [0, 0, 0, 25, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 16, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1]
        #expect(Array(row.suffix(e.count + b.count)) == e + b)
    }
}
