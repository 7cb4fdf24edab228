@testable import LoomSpec
import Testing

/// Locations of the characters of a value, stored as runs, are those computed one by one.
@Suite struct TextLocationsTests {
    static let yaml = """
        a: "x + \\u00e9 +
          y \\" z"
        b: 'it''s
          folded'
        c: |
          first line
            second
        d: plain value
        """

    @Test(arguments: ["a", "b", "c", "d"])
    func runsGiveTheSameLocations(_ key: String) throws {
        let reader = YAMLReader(file: "t.yaml", text: Self.yaml)
        let root = try #require(try YAMLComposer(file: "t.yaml").compose(Self.yaml))
        guard case .mapping(let m) = root, let node = reader.entry(m, key)?.value else {
            Issue.record("no key \(key)")
            return
        }
        let each = reader.characterLocations(node)
        let runs = reader.textLocations(node)
        #expect(runs.count == each.count)
        for k in each.indices { #expect(runs[k] == each[k], "\(key): character \(k)") }
        #expect(runs[each.count + 5] == each[each.count - 1])
        #expect(runs[-1] == each[0])
    }

    @Test func aLineOfTextIsOneRun() throws {
        let text = "e: " + String(repeating: "a + ", count: 10_000) + "a\n"
        let reader = YAMLReader(file: "t.yaml", text: text)
        let root = try #require(try YAMLComposer(file: "t.yaml").compose(text))
        guard case .mapping(let m) = root else { return }
        let runs = reader.textLocations(m[0].value)
        #expect(runs[39_999] == SourceLocation(file: "t.yaml", line: 1, column: 40_003))
    }
}
