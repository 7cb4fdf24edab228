/// One column of a spec after `loom profile --update` (or a table's children per parent row):
/// refitted (its old and new law, and how far apart they are) or kept as written (and why).
public struct ColumnRefit: Sendable {
    /// What the update did with the column.
    public enum Outcome: Sendable, Hashable {
        /// The generator (and its NULL rate, clamp and expectation) were replaced by a fresh fit.
        case refitted
        /// Left byte for byte as written, for the reason given.
        case kept(String)
    }

    public var table: String
    /// The column's name; `per_parent` for the children per parent row (`isCount`).
    public var column: String
    /// Stands for the children per parent row of a `per_parent` table, not a column.
    public var isCount = false
    public var outcome: Outcome
    /// The generator's name before (`normal`, `choice`, …).
    public var before: String
    /// What the fresh fit found (`normal (KS 0.012)`), for refitted columns.
    public var after: String = ""
    /// The generator text before and after, for refitted columns.
    public var oldGen: String = ""
    public var newGen: String = ""
    /// `KS` for numbers, dates and times, `TV` for categories and text.
    public var measure: String = ""
    /// KS or total-variation distance between the old and new laws (values drawn from both);
    /// nil when they could not be drawn.
    public var distance: Double?
    /// The NULL rate before and after.
    public var nullBefore = 0.0
    public var nullAfter = 0.0

    public init(table: String, column: String, outcome: Outcome, before: String) {
        self.table = table
        self.column = column
        self.outcome = outcome
        self.before = before
    }

    /// Whether the law moved by more than `threshold` (or its NULL rate did).
    public func moved(_ threshold: Double) -> Bool {
        guard outcome == .refitted else { return false }
        return (distance ?? 0) > threshold || abs(nullAfter - nullBefore) > threshold
    }
}
