import Testing

@testable import LoomSpec

/// Byte ranges of a spec's keys and values, for rewriting some values and keeping every other byte.
@Suite struct SpecOutlineTests {
    static let text = """
        dataset: café   # é takes two bytes
        tables:
          t:
            rows: 1
            columns:
              a: { type: integer, gen: &law { normal: { mean: 1, sd: 2 } } }   # flow
              b:
                type: text
                gen: "x"   # block
              c: { type: integer, gen: *law }

        """

    @Test func spansCoverTheTextOfValues() throws {
        let o = try SpecOutline(text: Self.text, file: "t.yaml")
        let columns = try #require(o.columns("t"))
        #expect(!columns.flow && columns.indent == "      ")
        let a = try #require(columns.entry("a")?.mapping)
        #expect(a.flow)
        let gen = try #require(a.entry("gen"))
        #expect(o.text(gen.valueSpan) == "&law { normal: { mean: 1, sd: 2 } }" || o.text(gen.valueSpan) == "{ normal: { mean: 1, sd: 2 } }")
        #expect(gen.head == "normal" && !gen.isAlias)
        #expect(o.text(a.entry("type")!.valueSpan) == "integer")
        let b = try #require(columns.entry("b")?.mapping)
        #expect(o.text(b.entry("gen")!.valueSpan) == "\"x\"")
        #expect(b.insertion(key: "k", value: "v") == "\n        k: v")
        #expect(a.insertion(key: "k", value: "v") == ", k: v")
        #expect(o.text(o.root.entry("dataset")!.valueSpan) == "café")
    }

    @Test func anAliasIsNotItsAnchorsText() throws {
        let o = try SpecOutline(text: Self.text, file: "t.yaml")
        let gen = try #require(o.columns("t")?.entry("c")?.mapping?.entry("gen"))
        #expect(gen.isAlias, "the alias's node is written at its anchor, before its key")
    }

    @Test func newLinesOfABlockMappingFollowTheLastValuesComment() throws {
        let o = try SpecOutline(text: Self.text, file: "t.yaml")
        let b = try #require(o.columns("t")?.entry("b")?.mapping)
        let utf8 = Array(Self.text.utf8)
        let before = String(decoding: utf8[..<b.insertionPoint], as: UTF8.self)
        #expect(before.hasSuffix("gen: \"x\"   # block"))
        let flow = try #require(o.columns("t")?.entry("a")?.mapping)
        let upTo = String(decoding: utf8[..<flow.insertionPoint], as: UTF8.self)
        #expect(upTo.hasSuffix("sd: 2 } }"), "a flow mapping takes a new entry after its last value, before the closing brace")
    }

    @Test func keepIsAColumnAttribute() throws {
        let spec = try SpecLoader.load(
            text: "dataset: d\ntables:\n  t:\n    rows: 1\n    columns:\n      a: { type: integer, gen: { poisson: 2 }, keep: true }\n",
            file: "t.yaml")
        #expect(spec.tables[0].columns[0].keep)
        #expect(throws: SpecErrors.self) {
            try SpecLoader.load(
                text:
                    "dataset: d\ntables:\n  t:\n    rows: 1\n    columns:\n      a: { type: integer, gen: { poisson: 2 }, keep: maybe }\n",
                file: "t.yaml")
        }
    }
}
