/// One table section of a spec after `loom profile --update`: its `correlate:` (the copula) or
/// its `avoid_copies:` (the source rows no generated row may copy), refitted from the database
/// or kept as written.
public struct SectionRefit: Sendable, Hashable {
    public var table: String
    /// `correlate` or `avoid_copies`.
    public var section: String
    /// Refitted (what changed is in `summary`) or kept as written, and why.
    public var outcome: ColumnRefit.Outcome
    /// What the refit changed, for people: `12 pairs refitted (largest move [a, b] 0.61 → 0.74)`.
    public var summary: String

    public init(table: String, section: String, outcome: ColumnRefit.Outcome, summary: String = "") {
        self.table = table
        self.section = section
        self.outcome = outcome
        self.summary = summary
    }

    /// The line of the report: `users.correlate: 12 pairs refitted …` or `… kept as written: why`.
    public var line: String {
        switch outcome {
        case .refitted: "\(table).\(section): \(summary)"
        case .kept(let why): "\(table).\(section): kept as written: \(why)"
        }
    }
}
