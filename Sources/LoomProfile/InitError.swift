/// Why `loom init` cannot write a spec that fills a schema: a column it cannot generate and
/// the database cannot fill, or a cycle of NOT NULL foreign keys. Says what to change.
public struct InitError: Error, CustomStringConvertible, Sendable, Equatable {
    public var description: String

    public init(_ message: String) { description = message }

    /// A NOT NULL column without DEFAULT whose type Loom cannot generate.
    public static func unsupported(schema: String, table: String, column: String, type: String) -> InitError {
        InitError(
            "\(schema).\(table).\(column) is NOT NULL without a DEFAULT and of type \(type), which Loom cannot generate; "
                + "give it a DEFAULT, make it nullable, or drop it (a column left out of the spec is filled by the database)")
    }

    /// Foreign keys that are all NOT NULL and refer around in a circle.
    public static func cycle(schema: String, tables: [String]) -> InitError {
        InitError(
            "the NOT NULL foreign keys of \(tables.map { "\(schema).\($0)" }.joined(separator: " → ")) form a cycle, so no table of it "
                + "can be loaded first; make one of these foreign key columns nullable (or DEFERRABLE and nullable)")
    }
}
