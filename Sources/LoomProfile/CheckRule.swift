/// One condition of a CHECK constraint that `loom init` knows how to honour when it chooses a
/// column's generator. A CHECK is a conjunction of such rules (`a >= 1 AND a <= 5` is two).
public enum CheckRule: Sendable, Equatable {
    /// A comparison with `>`, `>=`, `<`, `<=`, `=` or `<>`.
    public enum Comparison: String, Sendable, Equatable {
        case less = "<"
        case lessOrEqual = "<="
        case greater = ">"
        case greaterOrEqual = ">="
        case equal = "="
        case notEqual = "<>"

        /// The same comparison with its sides swapped: `a < b` is `b > a`.
        public var flipped: Comparison {
            switch self {
            case .less: .greater
            case .lessOrEqual: .greaterOrEqual
            case .greater: .less
            case .greaterOrEqual: .lessOrEqual
            case .equal, .notEqual: self
            }
        }
    }

    /// `column OP literal` (numbers, and dates or timestamps as their text).
    case bound(column: String, op: Comparison, value: String)
    /// `column = ANY (ARRAY[...])` or `column IN (...)`: one of these values.
    case oneOf(column: String, values: [String])
    /// `later OP earlier` between two columns of the row, with OP `>` or `>=`.
    case order(later: String, strict: Bool, earlier: String)
    /// `char_length(column) OP n` or `length(column) OP n`.
    case length(column: String, op: Comparison, value: Int)
    /// `column IS NOT NULL`.
    case notNull(column: String)
    /// `column LIKE pattern` (`~~`; `%` any run, `_` one character).
    case like(column: String, pattern: String)
    /// `column ~ regex` or `~*` (case-insensitive).
    case regex(column: String, pattern: String)

    /// The columns the rule constrains.
    public var columns: [String] {
        switch self {
        case .bound(let c, _, _), .oneOf(let c, _), .length(let c, _, _), .notNull(let c), .like(let c, _), .regex(let c, _): [c]
        case .order(let later, _, let earlier): [later, earlier]
        }
    }

    /// The rule with `VALUE` (a domain's stand-in for its column) replaced by `column`.
    public func replacingValue(with column: String) -> CheckRule {
        func sub(_ c: String) -> String { c == "VALUE" ? column : c }
        switch self {
        case .bound(let c, let op, let v): return .bound(column: sub(c), op: op, value: v)
        case .oneOf(let c, let v): return .oneOf(column: sub(c), values: v)
        case .order(let l, let s, let e): return .order(later: sub(l), strict: s, earlier: sub(e))
        case .length(let c, let op, let v): return .length(column: sub(c), op: op, value: v)
        case .notNull(let c): return .notNull(column: sub(c))
        case .like(let c, let p): return .like(column: sub(c), pattern: p)
        case .regex(let c, let p): return .regex(column: sub(c), pattern: p)
        }
    }
}
