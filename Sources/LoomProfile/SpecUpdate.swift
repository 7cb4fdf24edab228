import Foundation

/// The result of `loom profile --update`: the refitted spec text, what happened to each column,
/// and how the database's tables differ from the spec's.
public struct SpecUpdate: Sendable {
    /// Distances above this count as a moved column (KS or total variation, or a NULL rate).
    public static let movedThreshold = 0.05

    /// The spec after the update; equal to the original when nothing was refitted.
    public var text: String
    /// Every column of the spec's tables that are in the database, in spec order.
    public var columns: [ColumnRefit]
    /// The tables' `correlate:` and `avoid_copies:` sections, refitted or kept.
    public var sections: [SectionRefit]
    public var changes: [SchemaChange]
    /// Other differences worth knowing (row counts), each left as written.
    public var notes: [String]
    /// Whether `text` differs from the spec as it was.
    public var changed: Bool

    public init(
        text: String, columns: [ColumnRefit], sections: [SectionRefit] = [], changes: [SchemaChange], notes: [String] = [], changed: Bool
    ) {
        self.text = text
        self.columns = columns
        self.sections = sections
        self.changes = changes
        self.notes = notes
        self.changed = changed
    }

    public var refitted: [ColumnRefit] { columns.filter { $0.outcome == .refitted } }

    public var moved: [ColumnRefit] { refitted.filter { $0.moved(Self.movedThreshold) } }

    /// The diff for people: refitted columns with their distance (moved ones flagged), the
    /// columns kept as written and why, and the schema changes.
    public func report(file: String) -> [String] {
        var lines = [
            "\(file): \(refitted.count) column\(refitted.count == 1 ? "" : "s") refitted, \(moved.count) moved by more than \(Fmt.num(Self.movedThreshold)), \(columns.count - refitted.count) kept as written"
        ]
        if !refitted.isEmpty {
            var rows = [["column", "was", "now (fit to the data)", "moved by", "null rate", ""]]
            for c in refitted {
                let distance = c.distance.map { "\(c.measure) \(String(format: "%.3f", $0))" } ?? "-"
                let nulls =
                    c.nullBefore == c.nullAfter
                    ? Fmt.num(c.nullAfter, digits: 3) : "\(Fmt.num(c.nullBefore, digits: 3)) → \(Fmt.num(c.nullAfter, digits: 3))"
                rows.append([
                    "\(c.table).\(c.column)", c.before, c.after.count > 60 ? String(c.after.prefix(59)) + "…" : c.after, distance, nulls,
                    c.moved(Self.movedThreshold) ? "MOVED" : c.oldGen == c.newGen ? "unchanged" : "",
                ])
            }
            lines.append("")
            lines += Self.align(rows)
        }
        if !sections.isEmpty {
            lines.append("")
            lines.append("Sections:")
            lines += sections.map { "- \($0.line)" }
        }
        let kept = columns.filter { $0.outcome != .refitted }
        if !kept.isEmpty {
            lines.append("")
            lines.append("Kept as written:")
            for c in kept {
                if case .kept(let why) = c.outcome { lines.append("- \(c.table).\(c.column) (\(c.before)): \(why)") }
            }
        }
        if !notes.isEmpty {
            lines.append("")
            lines.append("Notes:")
            lines += notes.map { "- \($0)" }
        }
        if !changes.isEmpty {
            lines.append("")
            lines.append("Schema changes (the spec's tables and the database differ):")
            lines += changes.map { "- \($0)" }
        }
        return lines
    }

    /// Columns padded to their widest cell.
    static func align(_ rows: [[String]]) -> [String] {
        guard let width = rows.first?.count else { return [] }
        let widths = (0..<width).map { i in rows.map { $0[i].count }.max() ?? 0 }
        return rows.map { row in
            row.enumerated().map { i, cell in cell.padding(toLength: widths[i], withPad: " ", startingAt: 0) }
                .joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }
}
