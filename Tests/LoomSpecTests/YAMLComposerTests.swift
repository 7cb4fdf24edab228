@testable import LoomSpec
import Testing

@Suite("YAML composer")
struct YAMLComposerTests {
    func compose(_ text: String) throws(SpecError) -> YAMLNode? { try YAMLComposer(file: "t.yaml").compose(text) }

    func error(_ text: String) -> SpecError? {
        do throws(SpecError) {
            _ = try compose(text)
            return nil
        } catch {
            return error
        }
    }

    @Test func aliasesStandForTheirAnchorsNode() throws {
        let root = try #require(try compose("a: &p { poisson: 3 }\nb: *p\n"))
        guard case .mapping(let m) = root, case .mapping(let b) = m[1].value else {
            Issue.record("expected a mapping of mappings")
            return
        }
        #expect(b.first?.key.string == "poisson")
        #expect(b.mark == YAMLNode.Mark(line: 1, column: 4))
    }

    @Test func aSpecMayUseAnchorsForRepeatedParts() throws {
        let spec = try SpecLoader.load(
            text: """
                dataset: anchors
                tables:
                  t:
                    rows: 10
                    columns:
                      a: { type: integer, gen: &dice { uniform: { min: 1, max: 6 } } }
                      b: { type: integer, gen: *dice }
                """, file: "t.yaml")
        #expect(spec.tables[0].columns[1].source == spec.tables[0].columns[0].source)
    }

    @Test func aRepeatedKeyIsReportedWhereItIsRepeated() {
        let e = error("a: 1\nb:\n  x: 1\n  y: 2\n  x: 3\n")
        #expect(e?.location.line == 5 && e?.location.column == 3, "\(String(describing: e))")
        #expect(e?.message.contains("duplicate key 'x' in a mapping; it is already defined on line 3") == true)
    }

    @Test func keysCompareByTheirText() {
        #expect(error("\"1\": a\n1: b\n")?.message.contains("duplicate key '1'") == true)
        #expect(error("c: { [a, b]: 0.5, [a, b]: 0.3 }\n")?.message.contains("duplicate key '[a, b]'") == true)
        #expect(error("c: { [a, b]: 0.5, [b, a]: 0.3 }\n") == nil)
    }

    @Test func anAliasNeedsAnEarlierAnchor() {
        let e = error("a: *nowhere\n")
        #expect(e?.message.contains("alias '*nowhere' names no anchor") == true)
        #expect(e?.location.line == 1 && e?.location.column == 4)
    }

    @Test func aRepeatAfterManyKeysIsFound() throws {
        let text = (0..<200_000).map { "k\($0): \($0)" }.joined(separator: "\n") + "\nk17: again\n"
        #expect(error(text)?.location.line == 200_001)
    }

    @Test func aliasesOfAliasesAreBounded() {
        var lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        for i in 1..<12 { lines.append("a\(i): &a\(i) [" + Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ") + "]") }
        let e = error(lines.joined(separator: "\n"))
        #expect(e?.message.contains("aliases here stand for more than 1000000 nodes") == true)
        #expect(e?.location.line == 6)
    }

    @Test func controlCharactersAreLocated() {
        let e = error("a: 1\nb: x\u{1}y\n")
        #expect(e?.location.line == 2 && e?.location.column == 5, "\(String(describing: e))")
        #expect(e?.message.contains("U+0001") == true)
    }
}

extension YAMLComposerTests {
    @Test func aDocumentHasAtMostTwoMillionNodes() {
        let text = "a: [" + String(repeating: "1,", count: YAMLComposer.maxNodes) + "1]\n"
        let e = error(text)
        #expect(e?.message.contains("more than \(YAMLComposer.maxNodes) YAML nodes") == true)
        #expect(e?.location.line == 1 && e?.location.column == 2 * YAMLComposer.maxNodes - 1, "\(String(describing: e))")
    }
}
