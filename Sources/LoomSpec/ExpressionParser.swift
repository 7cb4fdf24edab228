/// Recursive-descent parser for `Expression`.
struct ExpressionParser {
    enum Token: Equatable {
        case number(String)
        case string(String)
        case identifier(String)
        case symbol(String)
        case end
    }

    /// A parsed subtree and its depth (a leaf is 1).
    private typealias Parsed = (node: ExprNode, depth: Int)

    private let chars: [Character]
    private var pos = 0
    private var token: Token = .end
    private var tokenStart = 0
    /// Parentheses, calls and prefix operators open around the current token.
    private var nesting = 0
    /// Nodes built so far.
    private var nodes = 0

    init(_ source: String) { chars = Array(source) }

    mutating func parse() throws(ExpressionError) -> ExprNode {
        try advance()
        if token == .end { throw ExpressionError("empty expression", at: 0) }
        let parsed = try parseExpression(.or)
        guard token == .end else { throw ExpressionError("unexpected \(describe(token)) after the end of the expression", at: tokenStart) }
        return parsed.node
    }

    /// Counts a node against `Expression.maxNodes` and `Expression.maxDepth`.
    private mutating func make(_ node: ExprNode, depth: Int) throws(ExpressionError) -> Parsed {
        nodes += 1
        if nodes > Expression.maxNodes {
            throw ExpressionError(
                "expression has more than \(Expression.maxNodes) values, operators and calls; split it over several columns",
                at: node.offset)
        }
        if depth > Expression.maxDepth { throw tooDeep(at: node.offset) }
        return (node, depth)
    }

    private func tooDeep(at offset: Int) -> ExpressionError {
        ExpressionError(
            "expression nests more than \(Expression.maxDepth) levels here (each operator, call or parenthesis inside another counts, "
                + "so does each term of a chain like a + b + c); split it over several columns", at: offset)
    }

    /// Enters a parenthesis, call or prefix operator, failing beyond `Expression.maxDepth`.
    private mutating func enter(at offset: Int) throws(ExpressionError) {
        nesting += 1
        if nesting > Expression.maxDepth { throw tooDeep(at: offset) }
    }

    private mutating func binary(_ op: BinaryOperator, _ a: Parsed, _ b: Parsed, at: Int) throws(ExpressionError) -> Parsed {
        try make(.binary(op, a.node, b.node, at: at), depth: max(a.depth, b.depth) + 1)
    }

    private func describe(_ t: Token) -> String {
        switch t {
        case .number(let n): "number '\(n)'"
        case .string: "string"
        case .identifier(let i): "'\(i)'"
        case .symbol(let s): "'\(s)'"
        case .end: "end of expression"
        }
    }

    private mutating func advance() throws(ExpressionError) {
        while pos < chars.count, chars[pos].isWhitespace { pos += 1 }
        tokenStart = pos
        guard pos < chars.count else { token = .end; return }
        let c = chars[pos]
        if c.isNumber {
            var s = ""
            while pos < chars.count, chars[pos].isNumber || chars[pos] == "_" { if chars[pos] != "_" { s.append(chars[pos]) }; pos += 1 }
            if pos + 1 < chars.count, chars[pos] == ".", chars[pos + 1].isNumber {
                s.append("."); pos += 1
                while pos < chars.count, chars[pos].isNumber { s.append(chars[pos]); pos += 1 }
            }
            if pos < chars.count, chars[pos] == "e" || chars[pos] == "E" {
                var p = pos + 1
                if p < chars.count, chars[p] == "-" || chars[p] == "+" { p += 1 }
                if p < chars.count, chars[p].isNumber {
                    s += String(chars[pos..<p]); pos = p
                    while pos < chars.count, chars[pos].isNumber { s.append(chars[pos]); pos += 1 }
                }
            }
            token = .number(s)
        } else if c.isLetter || c == "_" {
            var s = ""
            while pos < chars.count, chars[pos].isLetter || chars[pos].isNumber || chars[pos] == "_" { s.append(chars[pos]); pos += 1 }
            token = .identifier(s)
        } else if c == "'" || c == "\"" {
            var s = ""
            pos += 1
            while true {
                guard pos < chars.count else { throw ExpressionError("unterminated string", at: tokenStart) }
                if chars[pos] == c {
                    if pos + 1 < chars.count, chars[pos + 1] == c { s.append(c); pos += 2; continue }
                    pos += 1
                    break
                }
                s.append(chars[pos]); pos += 1
            }
            token = .string(s)
        } else {
            let two = pos + 1 < chars.count ? String(chars[pos...pos + 1]) : ""
            if ["==", "!=", "<=", ">=", "<>", "||", "&&"].contains(two) {
                token = .symbol(two == "<>" ? "!=" : two == "&&" ? "and" : two); pos += 2
            } else if "+-*/%()<>,.=".contains(c) {
                token = .symbol(c == "=" ? "==" : String(c)); pos += 1
            } else {
                throw ExpressionError("unexpected character '\(c)'", at: pos)
            }
        }
    }

    private func isKeyword(_ k: String) -> Bool {
        if case .identifier(let i) = token { return i.lowercased() == k }
        return false
    }

    /// Binding strength of operators, loosest first.
    private enum Level: Int, Comparable {
        case or = 1
        case and, not, comparison, concat, additive, multiplicative, unary

        static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    /// The binary operator at the current token and its level, if any.
    private func binaryOperator() -> (BinaryOperator, Level)? {
        if isKeyword("or") { return (.or, .or) }
        if isKeyword("and") || token == .symbol("and") { return (.and, .and) }
        guard case .symbol(let s) = token else { return nil }
        switch s {
        case "==": return (.equal, .comparison)
        case "!=": return (.notEqual, .comparison)
        case "<": return (.less, .comparison)
        case "<=": return (.lessOrEqual, .comparison)
        case ">": return (.greater, .comparison)
        case ">=": return (.greaterOrEqual, .comparison)
        case "||": return (.concat, .concat)
        case "+": return (.add, .additive)
        case "-": return (.subtract, .additive)
        case "*": return (.multiply, .multiplicative)
        case "/": return (.divide, .multiplicative)
        case "%": return (.remainder, .multiplicative)
        default: return nil
        }
    }

    /// An expression whose operators bind at least as tightly as `level` (precedence climbing).
    /// Chains of one level are built in a loop, so the parser recurses once per parenthesis,
    /// call or prefix operator, never per term.
    private mutating func parseExpression(_ level: Level) throws(ExpressionError) -> Parsed {
        var lhs: Parsed
        if level <= .not, isKeyword("not") {
            let at = tokenStart
            try advance()
            try enter(at: at)
            let operand = try parseExpression(.not)
            nesting -= 1
            lhs = try make(.unary(.not, operand.node, at: at), depth: operand.depth + 1)
        } else if token == .symbol("-") {
            let at = tokenStart
            try advance()
            try enter(at: at)
            let operand = try parseExpression(.unary)
            nesting -= 1
            lhs = try make(.unary(.negate, operand.node, at: at), depth: operand.depth + 1)
        } else {
            lhs = try parsePrimary()
        }
        var compared = false
        while let (op, opLevel) = binaryOperator(), opLevel >= level {
            // A comparison takes one comparison: `a < b < c` leaves the second one unparsed.
            if opLevel == .comparison {
                if compared { break }
                compared = true
            }
            let at = tokenStart
            try advance()
            let rhs = try parseExpression(opLevel == .or ? .and : opLevel == .and ? .not : Level(rawValue: opLevel.rawValue + 1)!)
            lhs = try binary(op, lhs, rhs, at: at)
        }
        return lhs
    }

    /// A value: a literal, a column, `parent.x`, `child.x`, a call, or an expression in parentheses.
    /// (Cases that need no recursion are parsed by helpers, keeping the frame of this function,
    /// which recurses once per parenthesis or call, small.)
    private mutating func parsePrimary() throws(ExpressionError) -> Parsed {
        let at = tokenStart
        switch token {
        case .symbol("("):
            try advance()
            try enter(at: at)
            let inner = try parseExpression(.or)
            nesting -= 1
            guard token == .symbol(")") else { throw expected(")") }
            try advance()
            return inner
        case .identifier(let name):
            try advance()
            if token == .symbol("("), !["true", "false", "null"].contains(name.lowercased()) { return try parseCall(name, at: at) }
            return try make(try named(name, at: at), depth: 1)
        default:
            return try make(try literal(), depth: 1)
        }
    }

    private func expected(_ what: String) -> ExpressionError {
        ExpressionError("expected '\(what)' but found \(describe(token))", at: tokenStart)
    }

    /// `name(args...)`, the current token being `(`.
    private mutating func parseCall(_ name: String, at: Int) throws(ExpressionError) -> Parsed {
        try advance()
        try enter(at: at)
        var args: [ExprNode] = []
        var depth = 0
        if token != .symbol(")") {
            while true {
                let arg = try parseExpression(.or)
                args.append(arg.node)
                depth = max(depth, arg.depth)
                if token == .symbol(",") {
                    try advance()
                    continue
                }
                break
            }
        }
        nesting -= 1
        guard token == .symbol(")") else {
            throw ExpressionError("expected ',' or ')' in call to \(name) but found \(describe(token))", at: tokenStart)
        }
        try advance()
        return try make(.call(name.lowercased(), args, at: at), depth: depth + 1)
    }

    /// A name that is not a call: `true`, `false`, `null`, a column, `parent.x` or `child.x`.
    private mutating func named(_ name: String, at: Int) throws(ExpressionError) -> ExprNode {
        switch name.lowercased() {
        case "true": return .literal(.bool(true), at: at)
        case "false": return .literal(.bool(false), at: at)
        case "null": return .literal(.null, at: at)
        default: break
        }
        guard token == .symbol(".") else { return .column(name, at: at) }
        try advance()
        guard case .identifier(let column) = token else {
            throw ExpressionError("expected a column name after '\(name).'", at: tokenStart)
        }
        try advance()
        return name == "parent" ? .parent(column, at: at) : .child(name, column, at: at)
    }

    /// A number or string literal.
    private mutating func literal() throws(ExpressionError) -> ExprNode {
        let at = tokenStart
        switch token {
        case .number(let n):
            try advance()
            if n.contains(".") || n.contains("e") || n.contains("E") {
                guard let d = Double(n) else { throw ExpressionError("bad number '\(n)'", at: at) }
                return .literal(.float(d), at: at)
            }
            guard let i = Int64(n) else { throw ExpressionError("integer '\(n)' is too large", at: at) }
            return .literal(.int(i), at: at)
        case .string(let s):
            try advance()
            return .literal(.text(s), at: at)
        case .end:
            throw ExpressionError("expression ends where a value was expected", at: at)
        default:
            throw ExpressionError("expected a value but found \(describe(token))", at: at)
        }
    }
}
