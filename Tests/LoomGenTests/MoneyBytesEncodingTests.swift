import LoomGen
import LoomSpec
import Testing

/// `money` and `bytea`: the text, CSV, JSONL and binary encodings.
@Suite struct MoneyBytesEncodingTests {
    static let spec = """
        dataset: b
        tables:
          t:
            rows: 1
            columns:
              m: { type: money, gen: { constant: "-12.5" } }
              b: { type: bytea, gen: { bytes: 3 } }
              e: { type: bytea, gen: { bytes: 0 } }
              s: { type: text, gen: { bytes: 2 } }
        """

    @Test func everyFormatWritesPostgreSQLsForms() throws {
        let plan = try DatasetPlan(spec: try TestSupport.spec(Self.spec))
        let text = TestSupport.rows(try TestSupport.output(plan, "t", format: .copy))
        let hex = String(text[0][1].dropFirst(3)), short = String(text[0][3].dropFirst(3))
        #expect(text[0][0] == "-12.50" && text[0][1].hasPrefix("\\\\x") && hex.count == 6 && text[0][2] == "\\\\x" && short.count == 4)
        let csv = String(decoding: try TestSupport.output(plan, "t", format: .csv), as: UTF8.self)
        #expect(csv == "m,b,e,s\n-12.50,\\x\(hex),\\x,\\x\(short)\n")
        let json = String(decoding: try TestSupport.output(plan, "t", format: .jsonl), as: UTF8.self)
        #expect(json == #"{"m":-12.50,"b":"\\x"# + hex + #"","e":"\\x","s":"\\x"# + short + "\"}\n")

        let out = try TestSupport.output(plan, "t", format: .copyBinary)
        let row = Array(out[19..<(out.count - 2)])
        var want: [UInt8] = [0, 4, 0, 0, 0, 8] + withUnsafeBytes(of: UInt64(bitPattern: -1250).bigEndian, Array.init)
        want += [0, 0, 0, 3] + (0..<3).map { UInt8(hex.dropFirst(2 * $0).prefix(2), radix: 16)! }
        want += [0, 0, 0, 0, 0, 0, 0, 6] + Array("\\x\(short)".utf8)
        #expect(row == want)
    }

    @Test func byteLengthsFollowTheirLaw() throws {
        let spec = try TestSupport.spec(
            """
            dataset: r
            tables:
              t:
                rows: 1000
                columns:
                  b: { type: bytea, gen: { bytes: { length: { uniform: { min: 2, max: 5 } } } } }
            """)
        let rows = TestSupport.rows(try TestSupport.output(try DatasetPlan(spec: spec), "t", format: .copy))
        #expect(Set(rows.map { ($0[0].count - 3) / 2 }) == [2, 3, 4, 5])
    }
}
