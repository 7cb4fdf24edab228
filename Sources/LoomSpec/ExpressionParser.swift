/// Recursive-descent parser for `Expression`.
struct ExpressionParser {
    enum Token: Equatable {
        case number(String)
        case string(String)
        case identifier(String)
        case symbol(String)
        case end
    }

    private let chars: [Character]
    private var pos = 0
    private var token: Token = .end
    private var tokenStart = 0

    init(_ source: String) { chars = Array(source) }

    mutating func parse() throws(ExpressionError) -> ExprNode {
        try advance()
        if token == .end { throw ExpressionError("empty expression", at: 0) }
        let node = try parseOr()
        guard token == .end else { throw ExpressionError("unexpected \(describe(token)) after the end of the expression", at: tokenStart) }
        return node
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

    private mutating func parseOr() throws(ExpressionError) -> ExprNode {
        var lhs = try parseAnd()
        while isKeyword("or") {
            let at = tokenStart
            try advance()
            lhs = .binary(.or, lhs, try parseAnd(), at: at)
        }
        return lhs
    }

    private mutating func parseAnd() throws(ExpressionError) -> ExprNode {
        var lhs = try parseNot()
        while isKeyword("and") || token == .symbol("and") {
            let at = tokenStart
            try advance()
            lhs = .binary(.and, lhs, try parseNot(), at: at)
        }
        return lhs
    }

    private mutating func parseNot() throws(ExpressionError) -> ExprNode {
        if isKeyword("not") {
            let at = tokenStart
            try advance()
            return .unary(.not, try parseNot(), at: at)
        }
        return try parseComparison()
    }

    private mutating func parseComparison() throws(ExpressionError) -> ExprNode {
        let lhs = try parseConcat()
        if case .symbol(let s) = token,
            let op = [BinaryOperator.equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual].first(where: { $0.rawValue == s })
        {
            let at = tokenStart
            try advance()
            return .binary(op, lhs, try parseConcat(), at: at)
        }
        return lhs
    }

    private mutating func parseConcat() throws(ExpressionError) -> ExprNode {
        var lhs = try parseAdditive()
        while token == .symbol("||") {
            let at = tokenStart
            try advance()
            lhs = .binary(.concat, lhs, try parseAdditive(), at: at)
        }
        return lhs
    }

    private mutating func parseAdditive() throws(ExpressionError) -> ExprNode {
        var lhs = try parseMultiplicative()
        while case .symbol(let s) = token, s == "+" || s == "-" {
            let at = tokenStart
            try advance()
            lhs = .binary(s == "+" ? .add : .subtract, lhs, try parseMultiplicative(), at: at)
        }
        return lhs
    }

    private mutating func parseMultiplicative() throws(ExpressionError) -> ExprNode {
        var lhs = try parseUnary()
        while case .symbol(let s) = token, s == "*" || s == "/" || s == "%" {
            let at = tokenStart
            try advance()
            let op: BinaryOperator = s == "*" ? .multiply : s == "/" ? .divide : .remainder
            lhs = .binary(op, lhs, try parseUnary(), at: at)
        }
        return lhs
    }

    private mutating func parseUnary() throws(ExpressionError) -> ExprNode {
        if token == .symbol("-") {
            let at = tokenStart
            try advance()
            return .unary(.negate, try parseUnary(), at: at)
        }
        return try parsePrimary()
    }

    private mutating func parsePrimary() throws(ExpressionError) -> ExprNode {
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
        case .symbol("("):
            try advance()
            let inner = try parseOr()
            guard token == .symbol(")") else { throw ExpressionError("expected ')' but found \(describe(token))", at: tokenStart) }
            try advance()
            return inner
        case .identifier(let name):
            try advance()
            switch name.lowercased() {
            case "true": return .literal(.bool(true), at: at)
            case "false": return .literal(.bool(false), at: at)
            case "null": return .literal(.null, at: at)
            default: break
            }
            if token == .symbol("(") {
                try advance()
                var args: [ExprNode] = []
                if token != .symbol(")") {
                    while true {
                        args.append(try parseOr())
                        if token == .symbol(",") { try advance(); continue }
                        break
                    }
                }
                guard token == .symbol(")") else {
                    throw ExpressionError("expected ',' or ')' in call to \(name) but found \(describe(token))", at: tokenStart)
                }
                try advance()
                return .call(name.lowercased(), args, at: at)
            }
            if name == "parent", token == .symbol(".") {
                try advance()
                guard case .identifier(let column) = token else {
                    throw ExpressionError("expected a column name after 'parent.'", at: tokenStart)
                }
                try advance()
                return .parent(column, at: at)
            }
            if token == .symbol(".") {
                try advance()
                guard case .identifier(let column) = token else {
                    throw ExpressionError("expected a column name after '\(name).'", at: tokenStart)
                }
                try advance()
                return .child(name, column, at: at)
            }
            return .column(name, at: at)
        case .end:
            throw ExpressionError("expression ends where a value was expected", at: at)
        default:
            throw ExpressionError("expected a value but found \(describe(token))", at: at)
        }
    }
}
