import LoomProfile
import LoomSpec
import Testing

/// Identifier-like text becomes a pattern of its shape, never words.
@Suite struct SemanticShapeTests {
    /// Whether the spec language takes `pattern` for a text column.
    func accepted(_ pattern: String) -> Bool {
        let text = """
            dataset: p
            tables:
              t: { rows: 1, columns: { c: { type: text, gen: { pattern: "\(pattern.replacingOccurrences(of: "\\", with: "\\\\"))" } } } }
            """
        return (try? SpecLoader.load(text: text, file: "p.yaml")) != nil
    }

    @Test func runsOfVaryingLengthGetRanges() {
        let values = (0..<200).map { i in "AB-\(String(repeating: "7", count: 3 + i % 2))-X" }
        #expect(SemanticDetector.rangedShape(values) == "[A-Z]{2}-[0-9]{3,4}-[A-Z]")
        guard case .code(let p) = SemanticDetector.detect(column: "sku", values: values) else {
            Issue.record("not a code")
            return
        }
        #expect(p == "[A-Z]{2}-[0-9]{3,4}-[A-Z]")
        #expect(accepted(p))
    }

    @Test func mixedIdentifiersGetTheirClasses() {
        let letters = Array("ABCDEFGHJKLMNPQRSTUVWXYZ"), digits = Array("0123456789")
        let values = (0..<300).map { i -> String in
            String((0..<5).map { k in (i * 7 + k * 3) % 2 == 0 ? letters[(i + k * 5) % letters.count] : digits[(i * 3 + k) % 10] })
        }
        #expect(SemanticDetector.rangedShape(values) == nil, "no single run structure")
        let p = SemanticDetector.identifierShape(values)
        #expect(p == "[0-9A-Z]{5}")
        guard case .code(let detected) = SemanticDetector.detect(column: "ref", values: values) else {
            Issue.record("identifiers became \(SemanticDetector.detect(column: "ref", values: values))")
            return
        }
        #expect(detected == p && accepted(detected))
        let dashed = values.map { $0 + "-a" }
        #expect(
            SemanticDetector.identifierShape(dashed).map(accepted) == true,
            "\(String(describing: SemanticDetector.identifierShape(dashed)))")
    }

    @Test func proseStaysWords() {
        let values = (0..<100).map { i in ["red apple", "big green tree", "a small dog barks"][i % 3] + " \(i % 2 == 0 ? "today" : "")" }
        if case .code = SemanticDetector.detect(column: "note", values: values) { Issue.record("prose became a code") }
    }
}
