/// One table: how many rows it has and its columns, in output order.
public struct TableSpec: Sendable, Hashable {
    /// How a table's row count is set.
    public enum Rows: Sendable, Hashable {
        /// A fixed count, multiplied by the job's scale.
        case fixed(Int64)
        /// For every row of `parent`, a count drawn from `count` (an integer generator).
        case perParent(parent: String, count: GeneratorSpec)
        /// For every row of `parent`, one walk through a state machine; a row per visited state.
        case sequence(parent: String, SequenceSpec)
    }

    public var name: String
    public var rows: Rows
    public var columns: [ColumnSpec]
    public var location: SourceLocation
    /// Where `per_parent` names the parent table.
    public var parentLocation: SourceLocation?
    /// Target correlations between numeric columns (`correlate:`), realised by a Gaussian copula.
    public var correlations: [Correlation] = []
    /// Where `correlate:` is written.
    public var correlateLocation: SourceLocation?
    /// Source rows no generated row may copy (`avoid_copies:`, written by `loom profile`).
    public var avoidCopies: AvoidCopies?
    /// The label column's shares changed on purpose (`balance:`), already applied to its generator.
    public var balance: Balance?

    public init(name: String, rows: Rows, columns: [ColumnSpec], location: SourceLocation) {
        self.name = name
        self.rows = rows
        self.columns = columns
        self.location = location
    }

    public func column(_ name: String) -> ColumnSpec? { columns.first { $0.name == name } }

    /// The parent table for `per_parent` tables.
    public var parent: String? {
        switch rows {
        case .perParent(let p, _), .sequence(let p, _): return p
        case .fixed: return nil
        }
    }

    /// The state machine of a `sequence` table.
    public var sequence: SequenceSpec? {
        if case .sequence(_, let s) = rows { return s }
        return nil
    }

    /// The primary key column: the one marked `primary_key`, if any.
    public var primaryKey: ColumnSpec? { columns.first { $0.primaryKey } }
}
