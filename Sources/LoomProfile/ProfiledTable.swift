import LoomSpec

/// One column of a profile: the spec text to write and what was learned, for the report.
public struct ProfiledColumn: Sendable {
    public var name: String
    /// The spec type, e.g. `double precision`.
    public var type: String
    /// The generator as YAML flow text (`{ normal: { mean: 5, sd: 1 } }`), or nil for `ref`.
    public var gen: String?
    /// An expression computing the column from others (a relation found in the source).
    public var expr: String?
    /// `TABLE.COLUMN` for foreign keys.
    public var ref: String?
    public var nullRate = 0.0
    public var unique = false
    public var primaryKey = false
    public var clamp: ClosedRange<Double>?
    /// The grid every value fell on (`step:`), nil for none.
    public var step: ValueStep?
    /// The `expectations` entry as YAML flow text.
    public var expectation: String?
    /// `pick:` of a reference as YAML flow text (nil: the parent row's own key, or uniform).
    public var pick: String?
    /// What was found, e.g. `normal (KS 0.012)` or `email`.
    public var summary: String
    /// Values for the copula (numbers, dates in days), nil for columns outside it.
    var copulaValues: [Double?]? = nil
    /// For a copula column drawn `by:` another column: which case's law each row's value follows
    /// (`ConditionalModel.groups`); the copula then correlates the ranks within those laws.
    var copulaGroups: [Int32?]? = nil
    /// Whether the column takes part in the copula.
    var inCopula = false
    /// The kept categories (as measured) when the column is written as `choice`.
    var categories: [String]? = nil
    /// For a column that became `parent.X`: the `choice` it had, which the parent's column
    /// takes over when it has no categories of its own (so the values stay the source's).
    var choiceForParent: String? = nil
}

/// A table of a profile.
public struct ProfiledTable: Sendable {
    public var name: String
    /// Rows in the source table.
    public var rows: Int64
    /// Rows read (fewer than `rows` when sampled).
    public var sampled: Int
    /// How a child table's rows hang under its driving parent, nil for tables of fixed size.
    public var perParent: ProfiledFanOut?
    public var columns: [ProfiledColumn]
    /// Copula correlations between columns.
    public var correlations: [(a: String, b: String, r: Double)] = []
    /// Source rows no generated row may equal (`avoid_copies:`), nil when not written.
    public var avoidCopies: AvoidCopies?
    /// Why the table has no `avoidCopies` although it was asked for: its compared columns take
    /// few combinations that the source all holds (see `CopyCoverage`).
    public var avoidCopiesWaived: String?
    /// Redraws per row in the trial generation (tables with `avoidCopies`).
    public var redrawsPerRow: Double?
    /// Columns left out, with the reason (unsupported types).
    public var skipped: [(column: String, type: String)] = []
    /// Other things the user should know about this table.
    public var warnings: [String] = []
    /// Columns drawn given another column by the conditional model (`child given parent (strength)`).
    public var links: [String] = []
    /// `balance:` as YAML flow text (`loom profile --balance`).
    public var balance: String?
}

/// The `per_parent` of a child table: its driving parent, the count as YAML flow text, and the
/// `pick:` its reference takes instead if the table has to become a table of fixed size.
public struct ProfiledFanOut: Sendable {
    public var parent: String
    /// The child's column that refers to the parent.
    public var column: String
    public var count: String
    public var pick: String?
    public var summary: String
}
