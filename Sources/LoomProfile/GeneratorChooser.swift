import Foundation
import LoomSpec

/// Chooses the generator `loom init` writes for one column: by its CHECK constraints first (a
/// list of values, bounds, an order against another column, a length), then by what its name
/// says (`email`, `created_at`, `unit_price`), then by its type. Pure: the same column always
/// gets the same text.
public enum GeneratorChooser {
    /// What is known about a column when its generator is chosen.
    public struct Context: Sendable {
        public var table: String
        public var column: String
        public var type: InitType
        /// The CHECK rules that constrain this column alone (bounds, lists, lengths) and the
        /// order rules where it is the later column.
        public var rules: [CheckRule]
        /// Names of the table's other columns that hold values of their own (not left out).
        public var siblings: [String]
        public var unique: Bool
        public var primaryKey: Bool
        /// Rows the table is expected to get, for unique values.
        public var rows: Int
        /// Spec types of the siblings, to tell whether an order rule can be an expression.
        public var siblingTypes: [String: SQLType]

        public init(
            table: String, column: String, type: InitType, rules: [CheckRule] = [], siblings: [String] = [], unique: Bool = false,
            primaryKey: Bool = false, rows: Int = 1000, siblingTypes: [String: SQLType] = [:]
        ) {
            self.table = table; self.column = column; self.type = type; self.rules = rules; self.siblings = siblings
            self.unique = unique; self.primaryKey = primaryKey; self.rows = rows; self.siblingTypes = siblingTypes
        }

        var semantic: ColumnSemantic? { ColumnSemantic.of(column: column, table: table) }
        var sql: SQLType { type.sql }
        var keyed: Bool { unique || primaryKey }
    }

    /// The generator (or expression) chosen, and which rules it honours.
    public struct Choice: Sendable, Equatable {
        /// A `gen:` value, e.g. `{ uniform: { min: 1, max: 5 } }`; nil when `expr` is set.
        public var gen: String?
        /// An `expr:` value reading other columns.
        public var expr: String?
        /// Columns the expression reads (they must not be NULL where this column is NOT NULL).
        public var reads: [String] = []
        /// A `clamp:` for laws with long tails.
        public var clamp: ClosedRange<Double>?
        /// A `round:` for floats.
        public var round: Int?
        /// Rules the generator honours; the caller reports the others.
        public var honoured: [CheckRule] = []
        /// The field of the `cities` dictionary the column takes (`city`, `country`), so that
        /// the columns of one row can agree with `like:`.
        public var citiesField: String?
        /// Whether `unique`/`primary_key` holds with this generator.
        public var keyable: Bool = false

        public init(gen: String? = nil, expr: String? = nil) { self.gen = gen; self.expr = expr }
    }

    /// The choice for `context`.
    public static func choose(_ c: Context) -> Choice {
        if let choice = byDocument(c) { return choice }
        if let choice = byOrder(c) { return choice }
        if let choice = byList(c) { return choice }
        if let choice = byLike(c) ?? byRegex(c) { return withTextRules(choice, c) }
        if var choice = byEnum(c) {
            choice.keyable = c.rows <= c.type.enumeration!.labels.count
            return withTextRules(choice, c)
        }
        if c.keyed, let choice = byKey(c) { return choice }
        if let choice = byBounds(c) { return choice }
        if let choice = byLength(c) { return choice }
        if let choice = byName(c) { return withTextRules(choice, c) }
        return withTextRules(byType(c), c)
    }

    /// `<> ''` and `IS NOT NULL` hold for every generator of non-empty text (and NOT NULL is
    /// the caller's null rate).
    static func withTextRules(_ choice: Choice, _ c: Context) -> Choice {
        var out = choice
        for r in c.rules where !out.honoured.contains(r) {
            switch r {
            case .notNull: out.honoured.append(r)
            case .bound(_, .notEqual, ""): if c.sql.kind == .text, choice.gen != nil { out.honoured.append(r) }
            case .bound(_, let op, let v) where c.sql == .interval && [.greater, .greaterOrEqual].contains(op):
                // Interval generators start at one minute.
                if ["0", "00:00:00", "0 seconds", "00:00"].contains(v), choice.gen == byType(c).gen { out.honoured.append(r) }
            default: break
            }
        }
        return out
    }

    /// `IN (…)` / `= ANY (ARRAY[…])`: a choice over the listed values (those of every list).
    static func byList(_ c: Context) -> Choice? {
        let lists = c.rules.compactMap { r -> [String]? in if case .oneOf(_, let v) = r { v } else { nil } }
        guard var values = lists.first, [.text, .int, .decimal, .float].contains(c.sql.kind) else { return nil }
        if c.sql.kind != .text, !values.allSatisfy({ Double($0) != nil }) { return nil }
        for l in lists.dropFirst() { values = values.filter(l.contains) }
        if let labels = c.type.enumeration?.labels { values = values.filter(labels.contains) }
        guard !values.isEmpty else { return nil }
        var choice = Choice(gen: "{ choice: [\(values.map(Fmt.flowItem).joined(separator: ", "))] }")
        choice.honoured = c.rules.filter { if case .oneOf = $0 { true } else { false } }
        choice.keyable = c.rows <= values.count
        return choice
    }

    /// `later >= earlier` (or `>`): the column as an expression on the earlier one.
    static func byOrder(_ c: Context) -> Choice? {
        for r in c.rules {
            guard case .order(let later, let strict, let earlier) = r, later == c.column, !c.keyed,
                let other = c.siblingTypes[earlier], let name = Fmt.identifier(earlier),
                var expr = orderExpression(c.sql, after: other, name, strict: strict)
            else { continue }
            if [.int, .decimal].contains(c.sql.kind), let hi = ValueBounds.of(c.sql)?.hi, hi < 1e6 {
                // Stay inside the type: numeric(5,2) holds at most 999.99.
                expr = "min(\(expr), \(Fmt.exact(hi)))"
            }
            var choice = Choice(expr: expr)
            choice.reads = [earlier]
            choice.honoured = [r]
            return choice
        }
        return nil
    }

    /// An expression a little after `earlier` (a column named `name`), by the two columns'
    /// types; nil when they do not fit.
    static func orderExpression(_ later: SQLType, after earlier: SQLType, _ name: String, strict: Bool) -> String? {
        let lo = strict ? 1 : 0
        switch (later.kind, earlier.kind) {
        case (.date, .date): return "\(name) + int(uniform(\(lo), 30))"
        // The next midnight or later: after any time of the earlier day.
        case (.date, .timestamp): return "date(\(name)) + int(uniform(1, 30))"
        case (.timestamp, .timestamp): return "\(name) + hours(uniform(1, 72))"
        case (.int, .int): return "\(name) + int(uniform(\(lo), 10))"
        case (.decimal, .decimal), (.decimal, .int), (.float, .float), (.float, .int), (.float, .decimal):
            return "\(name) + uniform(\(lo), 100)"
        default: return nil
        }
    }
}
