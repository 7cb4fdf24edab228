import Foundation

/// Reads a CHECK constraint as `pg_get_constraintdef` prints it into `CheckRule`s, or nil when
/// any part of it is a form Loom cannot honour (an `OR`, arithmetic, a function other than
/// `length`). Never fails otherwise: unknown text gives nil.
///
/// Recognised: `CHECK ((price > (0)::numeric))`, `CHECK (((rating >= 1) AND (rating <= 5)))`,
/// `CHECK ((status = ANY (ARRAY['new'::text, 'paid'::text])))` (also with `::character varying`
/// and `(status)::text`), `x IN (…)`, `x BETWEEN a AND b`, `CHECK ((end_date >= start_date))`,
/// `CHECK ((char_length(code) = 3))`, `x IS NOT NULL`, `x LIKE 'AB-%'`, `x ~ '^[A-Z]{3}$'`, and domain checks on
/// `VALUE`.
public struct CheckParser {
    /// One side of a comparison.
    indirect enum Operand: Equatable {
        case column(String)
        case literal(String)
        case call(String, Operand)
        case array([Operand])
    }

    typealias Token = CheckTokenizer.Token

    var tokens: [Token]
    var at = 0

    /// The rules of `definition` (with or without the leading `CHECK`), nil when not honoured.
    public static func parse(_ definition: String) -> [CheckRule]? {
        var text = definition.trimmingCharacters(in: .whitespaces)
        for suffix in [" NOT VALID", " NO INHERIT"] where text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        if text.uppercased().hasPrefix("CHECK") { text.removeFirst(5) }
        guard let tokens = CheckTokenizer.tokens(text), !tokens.isEmpty else { return nil }
        var p = CheckParser(tokens: tokens)
        guard let rules = p.conjunction(), p.at == tokens.count, !rules.isEmpty else { return nil }
        return rules
    }

    var next: Token? { at < tokens.count ? tokens[at] : nil }

    mutating func take(_ symbol: String) -> Bool {
        guard next == .symbol(symbol) else { return false }
        at += 1
        return true
    }

    mutating func takeWord(_ word: String) -> Bool {
        guard next?.isWord(word) == true else { return false }
        at += 1
        return true
    }

    /// `term (AND term)*`.
    mutating func conjunction() -> [CheckRule]? {
        guard var rules = term() else { return nil }
        while takeWord("AND") {
            guard let more = term() else { return nil }
            rules += more
        }
        return rules
    }

    /// A parenthesised conjunction, else a comparison.
    mutating func term() -> [CheckRule]? {
        let start = at
        if take("("), let rules = conjunction(), take(")") { return rules }
        at = start
        return comparison()
    }

    /// `a OP b`, `a = ANY (ARRAY[…])`, `a IN (…)`, `a BETWEEN x AND y`, `a IS NOT NULL`.
    mutating func comparison() -> [CheckRule]? {
        guard let lhs = operand() else { return nil }
        if takeWord("IS") {
            guard takeWord("NOT"), takeWord("NULL"), case .column(let c) = lhs else { return nil }
            return [.notNull(column: c)]
        }
        if takeWord("BETWEEN") {
            guard let lo = operand(), takeWord("AND"), let hi = operand() else { return nil }
            guard let a = Self.rule(lhs, .greaterOrEqual, lo), let b = Self.rule(lhs, .lessOrEqual, hi) else { return nil }
            return [a, b]
        }
        if takeWord("IN") {
            guard take("("), let items = list(until: ")") else { return nil }
            return Self.oneOf(lhs, items).map { [$0] }
        }
        if take("~~") {
            guard case .column(let c) = lhs, case .literal(let pattern)? = operand() else { return nil }
            return [.like(column: c, pattern: pattern)]
        }
        if take("~") || take("~*") {
            guard case .column(let c) = lhs, case .literal(let pattern)? = operand() else { return nil }
            return [.regex(column: c, pattern: pattern)]
        }
        guard case .symbol(let s) = next, let op = CheckRule.Comparison(rawValue: s == "!=" ? "<>" : s) else { return nil }
        at += 1
        if op == .equal, takeWord("ANY") {
            guard take("("), let array = operand(), take(")"), case .array(let items) = array else { return nil }
            return Self.oneOf(lhs, items).map { [$0] }
        }
        guard let rhs = operand() else { return nil }
        return Self.rule(lhs, op, rhs).map { [$0] }
    }

    /// Operands separated by commas, up to the closing `close` symbol.
    mutating func list(until close: String) -> [Operand]? {
        var items: [Operand] = []
        repeat {
            guard let item = operand() else { return nil }
            items.append(item)
        } while take(",")
        return take(close) ? items : nil
    }

    /// A name, literal, `ARRAY[…]`, one-argument call or parenthesised operand, with any casts.
    mutating func operand() -> Operand? {
        var value: Operand
        switch next {
        case .symbol("("):
            at += 1
            guard let inner = operand(), take(")") else { return nil }
            value = inner
        case .symbol("-"):
            at += 1
            guard case .number(let n) = next else { return nil }
            at += 1
            value = .literal("-" + n)
        case .number(let n): at += 1; value = .literal(n)
        case .string(let s): at += 1; value = .literal(s)
        case .name(let n, let quoted):
            at += 1
            if !quoted, n.uppercased() == "ARRAY" {
                guard take("["), let items = list(until: "]") else { return nil }
                value = .array(items)
            } else if !quoted, take("(") {
                guard let arg = operand(), take(")") else { return nil }
                value = .call(n.lowercased(), arg)
            } else {
                value = .column(n)
            }
        default: return nil
        }
        while take("::") { guard skipTypeName() else { return nil } }
        return value
    }

    /// A type name after `::`: words such as `character varying` or `timestamp with time zone`,
    /// an optional `(n)` and `[]`.
    mutating func skipTypeName() -> Bool {
        guard case .name = next else { return false }
        at += 1
        let words: Set<String> = ["VARYING", "PRECISION", "WITHOUT", "WITH", "TIME", "ZONE"]
        while case .name(let w, false) = next, words.contains(w.uppercased()) { at += 1 }
        if take("(") {
            while let t = next, t != .symbol(")") { at += 1 }
            guard take(")") else { return false }
        }
        while take("[") { guard take("]") else { return false } }
        return true
    }

    static func oneOf(_ lhs: Operand, _ items: [Operand]) -> CheckRule? {
        guard case .column(let c) = lhs else { return nil }
        var values: [String] = []
        for item in items {
            guard case .literal(let v) = item else { return nil }
            values.append(v)
        }
        return values.isEmpty ? nil : .oneOf(column: c, values: values)
    }

    /// The rule `lhs op rhs` stands for, nil for forms not honoured.
    static func rule(_ lhs: Operand, _ op: CheckRule.Comparison, _ rhs: Operand) -> CheckRule? {
        switch (lhs, rhs) {
        case (.column(let c), .literal(let v)):
            return op == .equal ? .oneOf(column: c, values: [v]) : .bound(column: c, op: op, value: v)
        case (.literal, .column), (.literal, .call):
            return rule(rhs, op.flipped, lhs)
        case (.column(let a), .column(let b)):
            switch op {
            case .greater, .greaterOrEqual: return .order(later: a, strict: op == .greater, earlier: b)
            case .less, .lessOrEqual: return .order(later: b, strict: op == .less, earlier: a)
            default: return nil
            }
        case (.call(let f, .column(let c)), .literal(let v)):
            guard ["length", "char_length", "character_length"].contains(f), let n = Int(v) else { return nil }
            return .length(column: c, op: op, value: n)
        default:
            return nil
        }
    }
}
