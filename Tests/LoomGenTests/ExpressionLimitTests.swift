import Foundation
import LoomGen
import LoomSpec
import Testing

/// The deepest expressions the parser accepts are typed, compiled and evaluated without
/// overflowing the stack; one level more is a located error.
@Suite struct ExpressionLimitTests {
    /// Expressions of each shape nested `depth` deep (the tree depth the parser counts).
    static func shapes(depth d: Int) -> [String: String] {
        [
            "chain": Array(repeating: "x", count: d).joined(separator: " + "),
            "parentheses": String(repeating: "(x + ", count: d - 1) + "x" + String(repeating: ")", count: d - 1),
            "calls": String(repeating: "abs(", count: d - 1) + "x" + String(repeating: ")", count: d - 1),
            "negations": String(repeating: "-", count: d - 1) + "x",
            "ifs": String(repeating: "if(x > 1, x, ", count: d - 2) + "x" + String(repeating: ")", count: d - 2),
        ]
    }

    static func spec(_ expression: String) -> String {
        """
        dataset: deep
        tables:
          t:
            rows: 5
            columns:
              x: { type: bigint, gen: sequence }
              y: { type: bigint, expr: "\(expression)" }
        """
    }

    /// Runs `body` on a thread with a 2 MiB stack (a quarter of Linux's default), so the test
    /// also holds where threads get less than the main thread.
    static func onSmallStack(_ body: @escaping @Sendable () -> Void) {
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            body()
            done.signal()
        }
        thread.stackSize = 2 << 20
        thread.start()
        done.wait()
    }

    @Test func theDeepestAcceptedExpressionsAreTypedCompiledAndEvaluated() {
        Self.onSmallStack {
            for (shape, text) in Self.shapes(depth: Expression.maxDepth) {
                do {
                    let spec = try SpecLoader.load(text: Self.spec(text), file: "deep.yaml")
                    let plan = try DatasetPlan(spec: spec)
                    var rows = 0
                    try plan.generate("t", units: 0..<5) { _ in rows += 1 }
                    #expect(rows == 5, "\(shape)")
                } catch {
                    Issue.record("\(shape): \(error)")
                }
            }
        }
    }

    @Test func oneLevelMoreIsALocatedError() {
        for (shape, text) in Self.shapes(depth: Expression.maxDepth + 2) {
            do throws(SpecErrors) {
                _ = try SpecLoader.load(text: Self.spec(text), file: "deep.yaml")
                Issue.record("\(shape) was accepted")
            } catch {
                let first = error.errors.first
                #expect(first?.message.contains("expression nests more than \(Expression.maxDepth) levels") == true, "\(shape): \(error)")
                #expect(first?.location.line == 7, "\(shape): \(error)")
            }
        }
    }

    @Test func aChainEvaluatesLeftToRight() throws {
        let spec = try SpecLoader.load(text: Self.spec("x - 1 - 2 - 3"), file: "chain.yaml")
        let plan = try DatasetPlan(spec: spec)
        var values: [String] = []
        let bytes = try TestSupport.output(plan, "t", format: .csv)
        for row in String(decoding: bytes, as: UTF8.self).split(separator: "\n").dropFirst() {
            values.append(String(row.split(separator: ",")[1]))
        }
        #expect(values == ["-5", "-4", "-3", "-2", "-1"])
    }
}
