import LoomSpec
import Testing

/// Precedence and associativity of the expression grammar, and its limits.
@Suite struct ExpressionParserTests {
    /// The tree of `text` printed with every operation in parentheses.
    func shape(_ text: String) throws -> String {
        func show(_ n: ExprNode) -> String {
            switch n {
            case .literal(let l, _): "\(l)"
            case .column(let c, _): c
            case .parent(let c, _): "parent.\(c)"
            case .child(let t, let c, _): "\(t).\(c)"
            case .unary(let op, let a, _): "(\(op.rawValue) \(show(a)))"
            case .binary(let op, let a, let b, _): "(\(show(a)) \(op.rawValue) \(show(b)))"
            case .call(let f, let args, _): "\(f)(\(args.map(show).joined(separator: ", ")))"
            }
        }
        return show(try Expression(parsing: text).root)
    }

    func error(_ text: String) -> ExpressionError? {
        do throws(ExpressionError) {
            _ = try Expression(parsing: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func operatorsBindAsDocumented() throws {
        #expect(try shape("a + b * c") == "(a + (b * c))")
        #expect(try shape("a - b - c") == "((a - b) - c)")
        #expect(try shape("-a * b") == "((- a) * b)")
        #expect(try shape("- -a") == "(- (- a))")
        #expect(try shape("a || b + c") == "(a || (b + c))")
        #expect(try shape("a + b < c || d") == "((a + b) < (c || d))")
        #expect(try shape("not a = b and c or d") == "(((not (a == b)) and c) or d)")
        #expect(try shape("not not a") == "(not (not a))")
        #expect(try shape("a or b and c") == "(a or (b and c))")
        #expect(try shape("a && b") == "(a and b)")
        #expect(try shape("a < b and c <> d") == "((a < b) and (c != d))")
        #expect(try shape("(a < b) = c") == "((a < b) == c)")
        #expect(try shape("if(a, parent.b, -c) % 2") == "(if(a, parent.b, (- c)) % 2)")
        #expect(try shape("sum(items.total) / count(items.id)") == "(sum(items.total) / count(items.id))")
    }

    @Test func aComparisonTakesOneComparison() {
        #expect(error("a < b < c")?.message == "unexpected '<' after the end of the expression")
        #expect(error("(a < b < c)")?.message == "expected ')' but found '<'")
    }

    @Test func limitsAreLocated() {
        let deep = String(repeating: "(", count: 300) + "1" + String(repeating: ")", count: 300)
        #expect(error(deep)?.offset == Expression.maxDepth)
        let chain = Array(repeating: "1", count: 1_000).joined(separator: "+")
        #expect(error(chain)?.offset == 2 * Expression.maxDepth - 1)
        #expect(error(String(repeating: " ", count: Expression.maxLength) + "1")?.message.contains("longer than") == true)
    }
}
