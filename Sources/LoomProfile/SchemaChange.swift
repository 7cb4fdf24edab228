/// A difference between the tables a spec describes and the tables in the database, found by
/// `loom profile --update`.
public enum SchemaChange: Sendable, Hashable, CustomStringConvertible {
    /// The spec's table is not in the database: kept as written.
    case tableMissing(table: String)
    /// A table of the schema the spec does not describe.
    case tableAdded(table: String)
    /// A table of both that the profile could not read (why): kept as written.
    case tableUnreadable(table: String, reason: String)
    /// The spec's column is not in the database table: kept in the spec, never dropped silently.
    case columnDropped(table: String, column: String)
    /// A column of the database table the spec does not have; `added` when the update wrote it
    /// into the spec with its fitted generator.
    case columnAdded(table: String, column: String, type: String, added: Bool)
    /// The column's type in the database differs from the spec's; `refitted` when the update
    /// rewrote its type and generator.
    case columnRetyped(table: String, column: String, spec: String, database: String, refitted: Bool)

    public var description: String {
        switch self {
        case .tableMissing(let t):
            "table \(t): not in the database; kept in the spec as written"
        case .tableAdded(let t):
            "table \(t): in the database, not in the spec (learn it with loom profile --table \(t))"
        case .tableUnreadable(let t, let reason):
            "table \(t): could not be profiled (\(reason)); kept in the spec as written"
        case .columnDropped(let t, let c):
            "column \(t).\(c): dropped from the database; still in the spec (remove it by hand if it is gone for good)"
        case .columnAdded(let t, let c, let type, let added):
            added
                ? "column \(t).\(c): added in the database (\(type)); added to the spec with its fitted generator"
                : "column \(t).\(c): added in the database (\(type)); not in the spec (its type is not supported, or it could not be written here)"
        case .columnRetyped(let t, let c, let spec, let database, let refitted):
            "column \(t).\(c): type changed from \(spec) (spec) to \(database) (database)"
                + (refitted ? "; type and generator refitted" : "; kept as written: update its type and generator by hand")
        }
    }
}
