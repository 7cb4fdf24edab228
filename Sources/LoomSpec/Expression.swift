/// A derived column's formula, parsed once when the spec loads.
///
/// Grammar (lowest precedence first): `or`, `and`, `not`, comparisons
/// (`== != < <= > >=`, also `=` and `<>`), `||` (text concatenation), `+ -`, `* / %`,
/// unary `-`, then literals (`12`, `3.5`, `'text'`, `"text"`, `true`, `false`, `null`),
/// column names, `parent.column` and calls `name(arg, ...)`.
///
/// An expression is at most `maxLength` bytes long, with at most `maxNodes` nodes nested at most
/// `maxDepth` deep: everything that walks the tree (typing, compiling, evaluating a row) recurses
/// at most that deep, whatever the text.
public struct Expression: Sendable, Hashable {
    /// Longest expression text, in UTF-8 bytes.
    public static let maxLength = 100_000
    /// Most values, operators and calls in one expression.
    public static let maxNodes = 10_000
    /// Deepest nesting of operators, calls and parentheses; a chain `a + b + c` nests one level
    /// per operator.
    public static let maxDepth = 200

    public var source: String
    public var root: ExprNode

    public init(parsing source: String) throws(ExpressionError) {
        guard source.utf8.count <= Self.maxLength else {
            throw ExpressionError("expression is longer than \(Self.maxLength) bytes; split it over several columns", at: 0)
        }
        var parser = ExpressionParser(source)
        self.source = source
        self.root = try parser.parse()
    }

    /// Columns of the same row the expression reads.
    public var columns: [String] { root.references(parent: false) }
    /// Columns of the parent row the expression reads.
    public var parentColumns: [String] { root.references(parent: true) }
    /// Columns of child tables the expression aggregates (`sum(order_items.line_total)`).
    public var childColumns: [ChildColumn] { root.childReferences() }
}

/// A column of a child table read by an aggregate: `order_items.line_total`.
public struct ChildColumn: Sendable, Hashable {
    public var table: String
    public var column: String
    public init(table: String, column: String) { self.table = table; self.column = column }
}

/// A node of a parsed expression; `at` is the 0-based character offset in the source.
public indirect enum ExprNode: Sendable, Hashable {
    case literal(Literal, at: Int)
    case column(String, at: Int)
    case parent(String, at: Int)
    /// `table.column` of a child table, only inside an aggregate (`sum`, `count`).
    case child(String, String, at: Int)
    case unary(UnaryOperator, ExprNode, at: Int)
    case binary(BinaryOperator, ExprNode, ExprNode, at: Int)
    case call(String, [ExprNode], at: Int)

    public var offset: Int {
        switch self {
        case .literal(_, let at), .column(_, let at), .parent(_, let at), .child(_, _, let at),
            .unary(_, _, let at), .binary(_, _, _, let at), .call(_, _, let at):
            at
        }
    }

    func childReferences() -> [ChildColumn] {
        var out: [ChildColumn] = []
        var seen = Set<ChildColumn>()
        func walk(_ n: ExprNode) {
            switch n {
            case .child(let t, let c, _):
                let column = ChildColumn(table: t, column: c)
                if seen.insert(column).inserted { out.append(column) }
            case .unary(_, let a, _): walk(a)
            case .binary(_, let a, let b, _):
                walk(a)
                walk(b)
            case .call(_, let args, _): args.forEach(walk)
            default: break
            }
        }
        walk(self)
        return out
    }

    func references(parent wantParent: Bool) -> [String] {
        var out: [String] = []
        var seen = Set<String>()
        func walk(_ n: ExprNode) {
            switch n {
            case .literal, .child: break
            case .column(let c, _): if !wantParent, seen.insert(c).inserted { out.append(c) }
            case .parent(let c, _): if wantParent, seen.insert(c).inserted { out.append(c) }
            case .unary(_, let a, _): walk(a)
            case .binary(_, let a, let b, _):
                walk(a)
                walk(b)
            case .call(_, let args, _): args.forEach(walk)
            }
        }
        walk(self)
        return out
    }
}

public enum UnaryOperator: String, Sendable, Hashable {
    case negate = "-"
    case not = "not"
}

public enum BinaryOperator: String, Sendable, Hashable {
    case add = "+"
    case subtract = "-"
    case multiply = "*"
    case divide = "/"
    case remainder = "%"
    case concat = "||"
    case equal = "=="
    case notEqual = "!="
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case and, or
}

/// What is wrong with an expression and the 0-based character offset where it is.
public struct ExpressionError: Error, Sendable, Hashable {
    public var message: String
    public var offset: Int

    public init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }
}
