/// Splits a CHECK constraint as PostgreSQL prints it into tokens: names (quoted names keep
/// their case), numbers, string literals and punctuation.
enum CheckTokenizer {
    enum Token: Equatable {
        case name(String, quoted: Bool)
        case number(String)
        case string(String)
        case symbol(String)

        /// An unquoted name equal to `word`, ignoring case (`AND`, `ANY`, `ARRAY`).
        func isWord(_ word: String) -> Bool {
            if case .name(let n, false) = self { return n.uppercased() == word }
            return false
        }
    }

    static let symbols = [
        "!~~*", "!~~", "~~*", "~~", "!~*", "~*", "!~", "::", "<=", ">=", "<>", "!=", "(", ")", "[", "]", ",", "=", "<", ">", "-", "+", "*",
        "/", "~", "%", "|",
        "!",
    ]

    /// The tokens of `text`, nil when a string or quoted name is not closed.
    static func tokens(_ text: String) -> [Token]? {
        let chars = Array(text)
        var out: [Token] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            if c.isWhitespace {
                i += 1
            } else if c == "'" || c == "\"" {
                guard let (s, next) = quoted(chars, from: i) else { return nil }
                out.append(c == "'" ? .string(s) : .name(s, quoted: true))
                i = next
            } else if c.isNumber {
                var j = i
                while j < chars.count, chars[j].isNumber || chars[j] == "." || chars[j] == "e" || chars[j] == "E" { j += 1 }
                out.append(.number(String(chars[i..<j])))
                i = j
            } else if c.isLetter || c == "_" {
                var j = i
                while j < chars.count, chars[j].isLetter || chars[j].isNumber || chars[j] == "_" || chars[j] == "$" { j += 1 }
                out.append(.name(String(chars[i..<j]), quoted: false))
                i = j
            } else if let s = symbols.first(where: { matches($0, chars, at: i) }) {
                out.append(.symbol(s))
                i += s.count
            } else {
                out.append(.symbol(String(c)))
                i += 1
            }
        }
        return out
    }

    /// A `'...'` or `"..."` run starting at `start` (doubled quotes stand for one), and the
    /// index after it.
    static func quoted(_ chars: [Character], from start: Int) -> (String, Int)? {
        let q = chars[start]
        var s = ""
        var i = start + 1
        while i < chars.count {
            if chars[i] == q {
                if i + 1 < chars.count, chars[i + 1] == q {
                    s.append(q)
                    i += 2
                    continue
                }
                return (s, i + 1)
            }
            s.append(chars[i])
            i += 1
        }
        return nil
    }

    static func matches(_ symbol: String, _ chars: [Character], at i: Int) -> Bool {
        let s = Array(symbol)
        guard i + s.count <= chars.count else { return false }
        return Array(chars[i..<i + s.count]) == s
    }
}
