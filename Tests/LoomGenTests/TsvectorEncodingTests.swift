import LoomGen
import LoomSpec
import Testing

/// `tsvector`: the lexemes of a document (sorted, lowercased, with positions and PostgreSQL's
/// limits), its text and binary COPY forms, and shards that split it byte-identically.
@Suite struct TsvectorEncodingTests {
    @Test func lexemesAreSortedLowercasedAndPositioned() {
        #expect(TsvectorText.text(of: "The Cat sat on the mat, the CAT!") == "'cat':2,8 'mat':6 'on':4 'sat':3 'the':1,5,7")
        #expect(TsvectorText.text(of: "don't stop: 42 times") == "'42':4 'don':1 'stop':3 't':2 'times':5")
        #expect(TsvectorText.text(of: "") == "")
        #expect(TsvectorText.text(of: " ... , ") == "")
        #expect(TsvectorText.text(of: "a_b c9d") == "'a':1 'b':2 'c9d':3")
        // Shorter first on a common prefix; non-ASCII bytes sort after ASCII and stay as written.
        #expect(TsvectorText.text(of: "abc ab Ünï abd") == "'ab':2 'abc':1 'abd':4 'Ünï':3")
        // Words of 2048 bytes or more are skipped and take no position.
        #expect(TsvectorText.text(of: "x " + String(repeating: "y", count: 2048) + " z") == "'x':1 'z':2")
    }

    @Test func positionsStopWherePostgreSQLStops() {
        let out = TsvectorText.text(of: String(repeating: "w ", count: 300))
        let positions = out.split(separator: ":")[1].split(separator: ",")
        #expect(positions.count == 255, "a lexeme keeps at most 255 positions")
        #expect(positions.last == "255")
        let far = TsvectorText.text(of: String(repeating: "a ", count: 16390) + "b c")
        #expect(far.hasSuffix("'b':16383 'c':16383"), "positions are capped at 16383")
    }

    /// An independent, slow reading of ASCII text: split, lowercase, group, sort by bytes.
    static func naive(_ text: String) -> String {
        var positions: [[UInt8]: [Int]] = [:]
        var position = 0
        for word in text.split(whereSeparator: { !($0.isASCII && ($0.isLetter || $0.isNumber)) }) {
            position += 1
            positions[Array(word.lowercased().utf8), default: []].append(position)
        }
        return positions.keys.sorted { $0.lexicographicallyPrecedes($1) }.map { k in
            "'\(String(decoding: k, as: UTF8.self))':" + positions[k]!.prefix(255).map(String.init).joined(separator: ",")
        }.joined(separator: " ")
    }

    static let yaml = """
        dataset: ts
        seed: 3
        tables:
          docs:
            rows: 3000
            columns:
              id:    { type: bigint, gen: sequence }
              body:  { type: text, gen: { sentence: [1, 120] }, null_rate: 0.1 }
              words: { type: tsvector, gen: { tsvector: body } }
              own:   { type: tsvector, gen: { tsvector: { words: [1, 6] } }, null_rate: 0.2 }
        """

    @Test func theColumnHoldsTheLexemesOfItsSource() throws {
        let rows = TestSupport.rows(try TestSupport.output(try DatasetPlan(spec: try TestSupport.spec(Self.yaml)), "docs", format: .copy))
        #expect(rows.count == 3000)
        for r in rows { #expect(r[2] == (r[1] == "\\N" ? "" : Self.naive(r[1])), "\(r[1])") }
        #expect(rows.contains { $0[1] == "\\N" } && rows.contains { $0[3] == "\\N" } && rows.contains { $0[3].hasPrefix("'") })
    }

    @Test func shardsConcatenateToTheWhole() throws {
        let spec = try TestSupport.spec(Self.yaml)
        for format in OutputFormat.allCases {
            let whole = try TestSupport.output(try DatasetPlan(spec: spec), "docs", format: format)
            var joined: [UInt8] = []
            for k in 1...5 {
                joined += try TestSupport.output(
                    try DatasetPlan(spec: spec), "docs", format: format, shard: .init(index: UInt64(k), count: 5))
            }
            #expect(joined == whole, "format \(format.rawValue)")
        }
    }

    @Test func binaryFormIsWhatTsvectorrecvReads() throws {
        let spec = try TestSupport.spec(
            """
            dataset: b
            tables:
              t:
                rows: 1
                columns:
                  d: { type: text, gen: { constant: "b a b" } }
                  v: { type: tsvector, gen: { tsvector: d } }
                  e: { type: tsvector, gen: { tsvector: { constant: "" } } }
            """)
        #expect(SQLType(parsing: "tsvector") == .tsvector)
        if case .failure(let p) = SQLType.parse("tsvector[]") {
            #expect(p.message?.contains("arrays of tsvector") == true)
        } else {
            Issue.record("tsvector[] parsed")
        }
        let plan = try DatasetPlan(spec: spec)
        #expect(TestSupport.rows(try TestSupport.output(plan, "t", format: .copy)) == [["b a b", "'a':2 'b':1,3", ""]])
        let out = try TestSupport.output(plan, "t", format: .copyBinary)
        let row = Array(out[19..<(out.count - 2)])
        // count 2; 'a' NUL, 1 position (2); 'b' NUL, 2 positions (1, 3); then the empty tsvector.
        let v: [UInt8] = [0, 0, 0, 2] + [97, 0, 0, 1, 0, 2] + [98, 0, 0, 2, 0, 1, 0, 3]
        let want: [UInt8] = [0, 3] + [0, 0, 0, 5] + Array("b a b".utf8) + [0, 0, 0, UInt8(v.count)] + v + [0, 0, 0, 4, 0, 0, 0, 0]
        #expect(row == want)
    }
}
