/// Checks an expression against the columns it may read and works out the kind it produces.
///
/// Decimal columns are read as floats; `/` always produces a float (`div` divides integers).
public struct ExpressionTyper: Sendable {
    /// Kinds of the columns of the row the expression belongs to.
    public var columns: [String: ValueKind]
    /// Kinds of the parent row's columns, nil when the table has no parent.
    public var parentColumns: [String: ValueKind]?
    public var parentTable: String?
    /// Kinds of the columns of this table's child tables (`per_parent` on this table), by table.
    public var childColumns: [String: [String: ValueKind]] = [:]

    public init(columns: [String: ValueKind], parentColumns: [String: ValueKind]?, parentTable: String?) {
        self.columns = columns
        self.parentColumns = parentColumns
        self.parentTable = parentTable
    }

    /// Functions an expression may call, with the number of arguments each takes.
    public static let functions: [String: ClosedRange<Int>] = [
        "if": 3...3, "coalesce": 2...16, "min": 2...16, "max": 2...16,
        "round": 1...2, "floor": 1...1, "ceil": 1...1, "abs": 1...1, "sqrt": 1...1,
        "ln": 1...1, "exp": 1...1, "pow": 2...2, "div": 2...2,
        "concat": 1...16, "lower": 1...1, "upper": 1...1, "length": 1...1, "substr": 2...3,
        "days": 1...1, "hours": 1...1, "minutes": 1...1, "seconds": 1...1,
        "date": 1...1, "year": 1...1, "month": 1...1, "day": 1...1, "hour": 1...1, "weekday": 1...1,
        "int": 1...1, "float": 1...1, "text": 1...1,
        "uniform": 2...2, "normal": 2...2, "bernoulli": 1...1,
        "sum": 1...1, "count": 1...1,
    ]

    public func kind(of node: ExprNode) throws(ExpressionError) -> ValueKind { try kind(of: node, depth: 1) }

    /// The kind of `node` at nesting `depth`: a tree deeper than the parser accepts (built by
    /// hand) fails here rather than overflowing the stack.
    private func kind(of node: ExprNode, depth: Int) throws(ExpressionError) -> ValueKind {
        guard depth <= Expression.maxDepth else {
            throw ExpressionError(
                "expression nests more than \(Expression.maxDepth) levels here; split it over several columns", at: node.offset)
        }
        switch node {
        case .literal(let l, _):
            return l.kind
        case .column(let name, let at):
            guard let k = columns[name] else {
                let hint = closest(name, in: Array(columns.keys)).map { "; did you mean '\($0)'?" } ?? ""
                throw ExpressionError("unknown column '\(name)'\(hint)", at: at)
            }
            return k == .decimal ? .float : k
        case .parent(let name, let at):
            guard let parentColumns, let parentTable else {
                throw ExpressionError("'parent.\(name)' needs a parent table: give the table `per_parent`", at: at)
            }
            guard let k = parentColumns[name] else {
                throw ExpressionError("unknown column '\(name)' in parent table '\(parentTable)'", at: at)
            }
            return k == .decimal ? .float : k
        case .child(let table, let column, let at):
            throw ExpressionError(
                "'\(table).\(column)' reads a child table; aggregate it with sum(\(table).\(column)) or count(\(table).\(column))", at: at)
        case .call(let name, let args, let at) where name == "sum" || name == "count":
            guard args.count == 1, case .child(let table, let column, let cat) = args[0] else {
                throw ExpressionError(
                    "\(name)() takes one column of a child table, e.g. \(name)(order_items.line_total)", at: args.first?.offset ?? at)
            }
            guard let columns = childColumns[table] else {
                let hint =
                    childColumns.isEmpty
                    ? "; this table has no per_parent child tables"
                    : "; child tables: \(childColumns.keys.sorted().joined(separator: ", "))"
                throw ExpressionError("'\(table)' is not a child table of this table (a table with per_parent on it)\(hint)", at: cat)
            }
            guard let k = columns[column] else {
                let hint = closest(column, in: Array(columns.keys)).map { "; did you mean '\($0)'?" } ?? ""
                throw ExpressionError("unknown column '\(column)' in child table '\(table)'\(hint)", at: cat)
            }
            if name == "count" { return .int }
            guard k.isNumeric else { throw ExpressionError("sum() needs a numeric column, '\(table).\(column)' is \(k)", at: cat) }
            return k == .int ? .int : .float
        case .unary(let op, let a, let at):
            let k = try kind(of: a, depth: depth + 1)
            switch op {
            case .negate:
                guard k.isNumeric || k == .interval || k == .null else { throw ExpressionError("cannot negate a \(k) value", at: at) }
                return k
            case .not:
                guard k == .bool || k == .null else { throw ExpressionError("'not' needs a boolean, found \(k)", at: at) }
                return .bool
            }
        case .binary(let op, let a, let b, let at):
            return try binary(op, try kind(of: a, depth: depth + 1), try kind(of: b, depth: depth + 1), at: at)
        case .call(let name, let args, let at):
            guard let arity = Self.functions[name] else {
                let hint = closest(name, in: Array(Self.functions.keys)).map { "; did you mean '\($0)'?" } ?? ""
                throw ExpressionError("unknown function '\(name)'\(hint)", at: at)
            }
            guard arity.contains(args.count) else {
                let want = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "\(arity.lowerBound) to \(arity.upperBound)"
                throw ExpressionError("\(name)() takes \(want) argument\(arity.upperBound == 1 ? "" : "s"), found \(args.count)", at: at)
            }
            var kinds: [ValueKind] = []
            for a in args { kinds.append(try kind(of: a, depth: depth + 1)) }
            return try call(name, kinds, args, at: at)
        }
    }

    private func numeric(_ k: ValueKind) -> Bool { k.isNumeric || k == .null }

    private func binary(_ op: BinaryOperator, _ a: ValueKind, _ b: ValueKind, at: Int) throws(ExpressionError) -> ValueKind {
        func fail() -> ExpressionError { ExpressionError("operator '\(op.rawValue)' cannot combine \(a) and \(b)", at: at) }
        switch op {
        case .and, .or:
            guard a == .bool || a == .null, b == .bool || b == .null else { throw fail() }
            return .bool
        case .concat:
            return .text
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            guard
                a == b || a == .null || b == .null || (numeric(a) && numeric(b))
                    || (a == .date && b == .timestamp) || (a == .timestamp && b == .date)
            else { throw fail() }
            return .bool
        case .add:
            if numeric(a), numeric(b) { return a == .float || b == .float ? .float : (a == .null ? b : a) }
            if a == .date, b == .int || b == .null { return .date }
            if b == .date, a == .int { return .date }
            if a == .date || a == .timestamp, b == .interval { return .timestamp }
            if a == .interval, b == .date || b == .timestamp { return .timestamp }
            if a == .interval, b == .interval { return .interval }
            if a == .text || b == .text { throw ExpressionError("operator '+' does not join text; use '||' or concat()", at: at) }
            throw fail()
        case .subtract:
            if numeric(a), numeric(b) { return a == .float || b == .float ? .float : (a == .null ? b : a) }
            if a == .date, b == .int { return .date }
            if a == .date, b == .date { return .int }
            if a == .date || a == .timestamp, b == .interval { return .timestamp }
            if a == .date || a == .timestamp, b == .timestamp || b == .date { return .interval }
            if a == .interval, b == .interval { return .interval }
            throw fail()
        case .multiply:
            if numeric(a), numeric(b) { return a == .float || b == .float ? .float : (a == .null ? b : a) }
            if a == .interval, numeric(b) { return .interval }
            if numeric(a), b == .interval { return .interval }
            throw fail()
        case .divide:
            if numeric(a), numeric(b) { return .float }
            if a == .interval, numeric(b) { return .interval }
            throw fail()
        case .remainder:
            guard numeric(a), numeric(b) else { throw fail() }
            return a == .float || b == .float ? .float : .int
        }
    }

    private func call(_ name: String, _ k: [ValueKind], _ args: [ExprNode], at: Int) throws(ExpressionError) -> ValueKind {
        func need(_ i: Int, _ ok: Bool, _ what: String) throws(ExpressionError) {
            if !ok { throw ExpressionError("argument \(i + 1) of \(name)() must be \(what), found \(k[i])", at: args[i].offset) }
        }
        switch name {
        case "if":
            try need(0, k[0] == .bool || k[0] == .null, "a boolean")
            return try unify(k[1], k[2], name: name, at: at)
        case "coalesce", "min", "max":
            var r = k[0]
            for x in k.dropFirst() { r = try unify(r, x, name: name, at: at) }
            if name != "coalesce", r == .bool || r == .uuid { throw ExpressionError("\(name)() cannot order \(r) values", at: at) }
            return r
        case "round", "floor", "ceil":
            try need(0, numeric(k[0]), "a number")
            if k.count == 2 { try need(1, k[1] == .int, "an integer number of digits") }
            return k[0] == .int ? .int : (k.count == 2 ? .float : .int)
        case "abs":
            try need(0, numeric(k[0]) || k[0] == .interval, "a number")
            return k[0]
        case "sqrt", "ln", "exp":
            try need(0, numeric(k[0]), "a number")
            return .float
        case "pow":
            try need(0, numeric(k[0]), "a number"); try need(1, numeric(k[1]), "a number")
            return .float
        case "div":
            try need(0, k[0] == .int, "an integer"); try need(1, k[1] == .int, "an integer")
            return .int
        case "concat": return .text
        case "lower", "upper":
            try need(0, k[0] == .text || k[0] == .null, "text")
            return .text
        case "length":
            try need(0, k[0] == .text || k[0] == .null, "text")
            return .int
        case "substr":
            try need(0, k[0] == .text || k[0] == .null, "text")
            for i in 1..<k.count { try need(i, k[i] == .int, "an integer") }
            return .text
        case "days", "hours", "minutes", "seconds":
            try need(0, numeric(k[0]), "a number")
            return .interval
        case "date":
            try need(0, k[0] == .timestamp || k[0] == .date, "a timestamp")
            return .date
        case "year", "month", "day", "weekday":
            try need(0, k[0] == .timestamp || k[0] == .date, "a date or timestamp")
            return .int
        case "hour":
            try need(0, k[0] == .timestamp, "a timestamp")
            return .int
        case "int":
            try need(0, numeric(k[0]) || k[0] == .bool, "a number")
            return .int
        case "float":
            try need(0, numeric(k[0]), "a number")
            return .float
        case "text": return .text
        case "uniform", "normal":
            try need(0, numeric(k[0]), "a number"); try need(1, numeric(k[1]), "a number")
            return name == "uniform" && k[0] == .int && k[1] == .int ? .int : .float
        case "bernoulli":
            try need(0, numeric(k[0]), "a probability")
            return .bool
        default:
            throw ExpressionError("unknown function '\(name)'", at: at)
        }
    }

    private func unify(_ a: ValueKind, _ b: ValueKind, name: String, at: Int) throws(ExpressionError) -> ValueKind {
        if a == b || b == .null { return a }
        if a == .null { return b }
        if numeric(a), numeric(b) { return .float }
        if (a == .date && b == .timestamp) || (a == .timestamp && b == .date) { return .timestamp }
        throw ExpressionError("\(name)() mixes \(a) and \(b)", at: at)
    }
}

/// The candidate closest to `name` by edit distance (of their UTF-8 bytes), if it is close
/// enough to be a likely typo.
///
/// Only candidates whose length is within the allowed distance are compared, and only along the
/// diagonal band the allowed distance leaves; names longer than 100 bytes get no suggestion: a
/// hint costs little even among many names.
public func closest(_ name: String, in candidates: [String]) -> String? {
    let a = Array(name.utf8)
    guard a.count <= 100 else { return nil }
    let allowed = max(1, name.count / 3)
    let far = allowed + 1
    var rows = [Int](repeating: 0, count: 2 * (a.count + allowed + 2))
    /// The distance of `a` and `b`, or `far` when it is more than `allowed`.
    func distance(_ b: UnsafeBufferPointer<UInt8>) -> Int {
        rows.withUnsafeMutableBufferPointer { r in
            // Two rows of the table; cells outside the band |i - j| <= allowed count as `far`.
            let width = b.count + 1
            var prev = 0, cur = width
            for j in 0..<width { r[j] = j <= allowed ? j : far }
            for i in stride(from: 1, through: a.count, by: 1) {
                var rowMin = far
                r[cur] = i <= allowed ? i : far
                let lo = max(1, i - allowed), hi = min(b.count, i + allowed)
                if lo > 1 { r[cur + lo - 1] = far }
                if lo <= hi {
                    for j in lo...hi {
                        let substitution = r[prev + j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                        let v = min(substitution, r[prev + j] + 1, r[cur + j - 1] + 1, far)
                        r[cur + j] = v
                        rowMin = min(rowMin, v)
                    }
                }
                if hi < b.count { r[cur + hi + 1] = far }
                if rowMin > allowed { return far }
                swap(&prev, &cur)
            }
            return r[prev + b.count]
        }
    }
    var best: (name: String, distance: Int)? = nil
    for candidate in candidates where abs(candidate.utf8.count - a.count) <= allowed {
        let d = candidate.utf8.withContiguousStorageIfAvailable(distance) ?? Array(candidate.utf8).withUnsafeBufferPointer(distance)
        guard d <= allowed else { continue }
        if let found = best, found.distance < d || (found.distance == d && found.name <= candidate) { continue }
        best = (candidate, d)
    }
    return best?.name
}
