/// One table: how many rows it has and its columns, in output order.
public struct TableSpec: Sendable, Hashable {
    /// How a table's row count is set.
    public enum Rows: Sendable, Hashable {
        /// A fixed count, multiplied by the job's scale.
        case fixed(Int64)
        /// For every row of `parent`, a count drawn from `count` (an integer generator).
        case perParent(parent: String, count: GeneratorSpec)
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

    public init(name: String, rows: Rows, columns: [ColumnSpec], location: SourceLocation) {
        self.name = name
        self.rows = rows
        self.columns = columns
        self.location = location
    }

    public func column(_ name: String) -> ColumnSpec? { columns.first { $0.name == name } }

    /// The parent table for `per_parent` tables.
    public var parent: String? {
        if case .perParent(let p, _) = rows { return p }
        return nil
    }

    /// The primary key column: the one marked `primary_key`, if any.
    public var primaryKey: ColumnSpec? { columns.first { $0.primaryKey } }
}
