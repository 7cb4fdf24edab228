import LoomSpec
import Testing

/// What the loader reports for specs with many problems.
@Suite struct SpecLoaderLimitTests {
    @Test func manyErrorsAreCutAtTheLimit() throws {
        var lines = ["dataset: errors", "tables:", "  t:", "    rows: 1", "    columns:"]
        for i in 0..<2_000 { lines.append("      c\(i): { type: integer, expr: \"nope\(i) + 1\" }") }
        do throws(SpecErrors) {
            _ = try SpecLoader.load(text: lines.joined(separator: "\n"), file: "e.yaml")
            Issue.record("accepted")
        } catch {
            #expect(error.errors.count == SpecLoader.maxErrors + 1)
            #expect(error.errors.last?.message.contains("more errors follow") == true)
            #expect(error.errors.last?.location.line == 6 + SpecLoader.maxErrors)
        }
    }
}
