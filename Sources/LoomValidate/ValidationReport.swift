import LoomStats

/// What `loom validate` found: every judged column of the loaded tables (and the children per
/// parent row of `per_parent` tables), and whether that fails the run.
public struct ValidationReport: Sendable, Equatable, Codable {
    public var columns: [ColumnDrift]

    public init(columns: [ColumnDrift]) {
        self.columns = columns
    }

    /// The name of the row judging the children per parent row of a `per_parent` table.
    public static func fanOutColumn(parent: String) -> String { "(per \(parent))" }

    /// `table.column`, or `table (per parent)` for a fan-out row.
    public static func name(_ d: ColumnDrift) -> String {
        d.column.hasPrefix("(") ? "\(d.table) \(d.column)" : "\(d.table).\(d.column)"
    }

    /// The worst severity of any column (`ok` when there are none).
    public var worst: DriftSeverity { columns.map(\.severity).max() ?? .ok }

    /// How many columns are at `severity`.
    public func count(_ severity: DriftSeverity) -> Int { columns.filter { $0.severity == severity }.count }

    /// Whether the run fails: a column at `alert`, or with `strict` also at `warn`.
    public func failed(strict: Bool) -> Bool { worst >= (strict ? .warn : .alert) }

    /// One line for people: how many columns at each severity.
    public var summary: String {
        var parts: [String] = []
        for s in [DriftSeverity.ok, .warn, .alert, .collecting] where count(s) > 0 {
            parts.append("\(count(s)) \(s == .collecting ? "too few rows to judge" : s.rawValue)")
        }
        let n = columns.count
        return "\(n) column\(n == 1 ? "" : "s") judged" + (parts.isEmpty ? "" : ": " + parts.joined(separator: ", "))
    }
}
