/// The spec `loom init` writes, before it is text: tables in load order with one entry per
/// column, the enums they use, and what the header reports.
public struct InitPlan: Sendable {
    /// Where a column's values come from.
    public enum Source: Sendable, Equatable {
        case gen(String)
        case ref(String, pick: String?)
        case expr(String)
    }

    /// One column of the spec.
    public struct Column: Sendable, Equatable {
        public var name: String
        /// The spec type; nil for a reference, which takes its target's type.
        public var type: String?
        public var source: Source
        public var nullRate: Double = 0
        public var unique = false
        public var primaryKey = false
        public var clamp: ClosedRange<Double>?
        public var round: Int?
        /// A comment written above the column.
        public var comment: String?

        public init(name: String, type: String?, source: Source) {
            self.name = name; self.type = type; self.source = source
        }
    }

    /// How many rows a table gets.
    public enum Size: Sendable, Equatable {
        case rows(Int)
        /// `per_parent: { PARENT: COUNT }`.
        case perParent(parent: String, count: String)
    }

    /// One table of the spec.
    public struct Table: Sendable, Equatable {
        public var name: String
        public var size: Size
        public var columns: [Column] = []
        /// Comments written above the table: CHECKs not honoured, keys written partly.
        public var comments: [String] = []

        public init(name: String, size: Size) { self.name = name; self.size = size }
    }

    public var schema: String
    public var tables: [Table] = []
    /// Enums to declare, with their labels in sort order.
    public var enums: [(name: String, labels: [String])] = []
    /// CHECK constraints honoured, as `table: CHECK (...)`.
    public var honouredChecks: [String] = []
    /// CHECK constraints not honoured, as `table: CHECK (...)`.
    public var unhonouredChecks: [String] = []
    /// Columns the database fills (generated columns, types Loom cannot write), `table.column (why)`.
    public var leftToDatabase: [String] = []
    /// Everything the user should know, one line each.
    public var warnings: [String] = []

    public init(schema: String) { self.schema = schema }
}
