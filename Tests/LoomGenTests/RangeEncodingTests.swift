import LoomGen
import LoomSpec
import Testing

/// Range types: bounds, empty ranges and the encodings.
@Suite struct RangeEncodingTests {
    @Test func rangesAreWrittenAsPostgreSQLPrintsThem() throws {
        let spec = try TestSupport.spec(
            """
            dataset: r
            tables:
              t:
                rows: 1
                columns:
                  a: { type: int4range, gen: { range: { lower: { constant: 3 }, length: 4 } } }
                  e: { type: int8range, gen: { range: { lower: { constant: 3 }, length: 0 } } }
                  d: { type: daterange, gen: { range: { lower: { constant: 2024-02-28 }, length: 2 } } }
                  s: { type: tstzrange, gen: { range: { lower: { constant: "2024-01-01 10:00:00" }, length: "1 hour" } } }
                  n: { type: numrange, gen: { range: { lower: { constant: 1.5 }, length: 0.25 } } }
            """)
        let plan = try DatasetPlan(spec: spec)
        let text = TestSupport.rows(try TestSupport.output(plan, "t", format: .copy))
        #expect(
            text == [["[3,7)", "empty", "[2024-02-28,2024-03-01)", #"["2024-01-01 10:00:00+00","2024-01-01 11:00:00+00")"#, "[1.50,1.75)"]])
        let json = String(decoding: try TestSupport.output(plan, "t", format: .jsonl), as: UTF8.self)
        #expect(json.hasPrefix(#"{"a":"[3,7)","e":"empty","#))
        let out = try TestSupport.output(plan, "t", format: .copyBinary)
        let row = Array(out[19..<(out.count - 2)])
        #expect(
            Array(row.prefix(2 + 21 + 5)) == [0, 5] + [0, 0, 0, 17, 2, 0, 0, 0, 4, 0, 0, 0, 3, 0, 0, 0, 4, 0, 0, 0, 7] + [0, 0, 0, 1, 1])
    }
}
