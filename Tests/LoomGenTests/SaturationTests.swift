@testable import LoomGen
import LoomSpec
import Testing

/// Integers too large for their type saturate at its bounds (docs/SPEC.md), in generators,
/// expressions, clamps and aggregates; they never wrap around or stop generation.
@Suite struct SaturationTests {
    /// The CSV rows of table `table` of `yaml`, without the header.
    func rows(_ yaml: String, _ table: String = "t") throws -> [[String]] {
        let plan = try DatasetPlan(spec: try SpecLoader.load(text: yaml, file: "edge.yaml"))
        let text = String(decoding: try TestSupport.output(plan, table, format: .csv), as: UTF8.self)
        return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    @Test func sequencesStopAtTheBounds() {
        let up = SequenceEvaluator(start: .max - 2, step: 1)
        let top = [Int64.max - 2, .max - 1, .max, .max, .max].map { "int(\($0))" }
        #expect((0..<5).map { "\(up.evaluate(UInt64($0), RowFrame(columns: 0)))" } == top)
        let steep = SequenceEvaluator(start: 0, step: .max)
        #expect("\(steep.evaluate(3, RowFrame(columns: 0)))" == "int(\(Int64.max))")
        let down = SequenceEvaluator(start: .min + 1, step: -1)
        #expect(
            (0..<3).map { "\(down.evaluate(UInt64($0), RowFrame(columns: 0)))" } == [
                "int(\(Int64.min + 1))", "int(\(Int64.min))", "int(\(Int64.min))",
            ])
    }

    @Test func integerArithmeticSaturates() {
        let max = Value.int(.max), min = Value.int(.min)
        #expect("\(ExpressionCompiler.arithmetic(.add, max, .int(1)))" == "int(\(Int64.max))")
        #expect("\(ExpressionCompiler.arithmetic(.subtract, min, .int(1)))" == "int(\(Int64.min))")
        #expect("\(ExpressionCompiler.arithmetic(.multiply, max, .int(-2)))" == "int(\(Int64.min))")
        #expect("\(ExpressionCompiler.arithmetic(.multiply, min, .int(-1)))" == "int(\(Int64.max))")
        #expect("\(ExpressionCompiler.arithmetic(.add, .int(1), .int(2)))" == "int(3)")
        #expect("\(ExpressionCompiler.arithmetic(.add, .interval(.max), .interval(1)))" == "interval(\(Int64.max))")
        #expect("\(ExpressionCompiler.arithmetic(.add, .timestamp(.max - 1), .interval(5)))" == "timestamp(\(Int64.max))")
        #expect("\(ExpressionCompiler.arithmetic(.subtract, .date(0), .date(.min)))" == "int(\(Int64.max))")
        #expect("\(ExpressionCompiler.arithmetic(.add, .date(10), .int(.max)))" == "date(\(Saturating.days.upperBound))")
    }

    @Test func expressionsAtTheEdgesOfBigint() throws {
        let rows = try rows(
            """
            dataset: edge
            tables:
              t:
                rows: 2
                columns:
                  big:   { type: bigint, gen: { constant: 9223372036854775807 } }
                  small: { type: bigint, gen: { constant: -9223372036854775808 } }
                  plus:  { type: bigint, expr: "big + 1" }
                  twice: { type: bigint, expr: "big * 2" }
                  neg:   { type: bigint, expr: "-small" }
                  minus: { type: bigint, expr: "small - 1" }
                  d:     { type: date, gen: { date: { from: 2024-01-01, to: 2024-01-01 } } }
                  day:   { type: date, expr: "d + big" }
                  year:  { type: bigint, expr: "year(d + big)" }
                  int4:  { type: integer, expr: "big - 1" }
            """)
        let max = "\(Int64.max)", min = "\(Int64.min)"
        #expect(rows.map { Array($0[2...5]) } == Array(repeating: [max, max, max, min], count: 2))
        #expect(rows[0][9] == "\(Int32.max)")
        #expect(rows[0][8] == "\(CivilTime.civil(fromDays: Saturating.days.upperBound).year)")
    }

    @Test func aClampBeyondBigintKeepsTheValue() throws {
        let rows = try rows(
            """
            dataset: edge
            tables:
              t:
                rows: 3
                columns:
                  big: { type: bigint, gen: { sequence: { start: 9223372036854775806, step: 1 } }, clamp: [0, 1e19] }
                  low: { type: bigint, gen: { sequence: { start: -9223372036854775807, step: -1 } }, clamp: [-1e19, 0] }
            """)
        #expect(rows.map { $0[0] } == ["\(Int64.max - 1)", "\(Int64.max)", "\(Int64.max)"])
        #expect(rows.map { $0[1] } == ["\(Int64.min + 1)", "\(Int64.min)", "\(Int64.min)"])
    }

    @Test func sumsOfChildRowsSaturate() throws {
        let rows = try rows(
            """
            dataset: edge
            tables:
              p:
                rows: 1
                columns:
                  id:    { type: bigint, gen: sequence, primary_key: true }
                  total: { type: bigint, expr: "sum(c.v)" }
              c:
                per_parent: { p: { constant: 3 } }
                columns:
                  p_id: { ref: p.id }
                  v:    { type: bigint, gen: { constant: 9223372036854775807 } }
            """, "p")
        #expect(rows.first?[1] == "\(Int64.max)")
    }
}
