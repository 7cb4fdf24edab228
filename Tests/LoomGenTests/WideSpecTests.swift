import LoomGen
import LoomSpec
import Testing

/// Specs far larger than people write are checked and planned completely, in time linear in their
/// size (absolute times are measured by `Benchmarks/check.sh`).
@Suite struct WideSpecTests {
    /// A table of `n` columns mixing generators, expressions, conditions and references.
    static func wide(_ n: Int) -> String {
        var lines = [
            "dataset: wide", "tables:", "  users:", "    rows: 100", "    columns:",
            "      id: { type: bigint, gen: sequence, primary_key: true }",
            "  wide:", "    rows: 1000", "    columns:", "      id: { type: bigint, gen: sequence, primary_key: true }",
        ]
        for i in 0..<n {
            switch i % 5 {
            case 0: lines.append("      c\(i): { type: integer, gen: { uniform: { min: 1, max: 100 } } }")
            case 1: lines.append("      c\(i): { type: integer, expr: \"c\(i - 1) + 1\" }")
            case 2: lines.append("      c\(i): { type: text, gen: { choice: [a, b, c] } }")
            case 3: lines.append("      c\(i): { type: text, gen: { constant: { by: c\(i - 1), a: x, b: y, c: z } } }")
            default: lines.append("      c\(i): { ref: users.id }")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// A table of `n` columns, each computed from the one before.
    static func chain(_ n: Int) -> String {
        var lines = ["dataset: chain", "tables:", "  t:", "    rows: 10", "    columns:", "      c0: { type: bigint, gen: sequence }"]
        for i in 1..<n { lines.append("      c\(i): { type: bigint, expr: \"c\(i - 1) + 1\" }") }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `n` tables, each the child of the one before.
    static func tables(_ n: Int) -> String {
        var lines = [
            "dataset: tables", "tables:", "  t0:", "    rows: 2", "    columns:",
            "      id: { type: bigint, gen: sequence, primary_key: true }",
        ]
        for i in 1..<n {
            lines += [
                "  t\(i):", "    per_parent: { t\(i - 1): { constant: 1 } }", "    columns:",
                "      id: { type: bigint, gen: sequence, primary_key: true }", "      up: { ref: t\(i - 1).id }",
            ]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    func check(_ text: String) throws -> DatasetPlan {
        try DatasetPlan(spec: try SpecLoader.load(text: text, file: "wide.yaml"))
    }

    /// Checking grows linearly with the number of columns: four times the columns take well under
    /// eight times the CPU (a quadratic check takes sixteen). A ratio of two runs on the same thread,
    /// so a busy machine slows both alike.
    @Test func twentyThousandColumnsArePlannedInLinearTime() throws {
        var planned: DatasetPlan?
        let small = try CPUTime.seconds { _ = try check(Self.wide(5_000)) }
        let large = try CPUTime.seconds { planned = try check(Self.wide(20_000)) }
        #expect(large / max(small, 0.001) < 8, "5,000 columns took \(small) s of CPU, 20,000 took \(large) s")
        let plan = try #require(planned)
        let order = try #require(plan.tables["wide"]).order
        #expect(order.count == 20_001)
        #expect(try #require(order.firstIndex(of: 1)) < #require(order.firstIndex(of: 2)), "c1 reads c0")
    }

    @Test func aChainOfTwentyThousandColumnsChecks() throws {
        var rows: [[String]] = []
        let plan = try check(Self.chain(20_000))
        try plan.generate("t", units: 9..<10) { frame in rows.append([frame[0], frame[19_999]].map { "\($0)" }) }
        #expect(rows == [["int(10)", "int(20009)"]])
    }

    @Test func aChainOfTwoThousandTablesChecks() throws {
        let plan = try check(Self.tables(2_000))
        #expect(plan.tables.count == 2_000)
        #expect(try plan.rows("t1999") == 2)
    }
}

extension WideSpecTests {
    /// Long lists inside one table: expectations for every column, a persona and a `by:` with
    /// many values, a walk through many states.
    static func longLists(_ n: Int) -> String {
        var lines = ["dataset: lists", "personas:", "  tier: [" + (0..<n).map { "v\($0)" }.joined(separator: ", ") + "]", "tables:"]
        lines += ["  t:", "    rows: 10", "    columns:", "      id: { type: bigint, gen: sequence, primary_key: true }"]
        lines.append("      tier: { type: text, gen: persona }")
        lines.append(
            "      size: { type: integer, gen: { constant: { by: tier, " + (0..<n).map { "v\($0): \($0)" }.joined(separator: ", ")
                + " } } }")
        for i in 0..<n { lines.append("      c\(i): { type: integer, gen: { uniform: { min: 0, max: 9 } } }") }
        lines += ["  walks:", "    sequence:", "      parent: t", "      states:"]
        for i in 0..<n { lines.append("        s\(i): { next: { s\((i + 1) % n): 0.5, s\((i * 7) % n): 0.3, exit: 0.2 } }") }
        lines += ["    columns:", "      t_id: { ref: t.id }", "      state: { type: text, gen: state }"]
        lines.append("expectations:")
        for i in 0..<n { lines.append("  t.c\(i): { min: 0, max: 9 }") }
        return lines.joined(separator: "\n") + "\n"
    }

    @Test func longListsAreChecked() throws {
        let plan = try check(Self.longLists(5_000))
        #expect(plan.tables["t"]?.spec.columns.count == 5_003)
        #expect(plan.spec.expectations.count == 5_000)
    }
}
