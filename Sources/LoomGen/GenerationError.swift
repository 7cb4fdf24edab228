import LoomSpec

/// A problem found while preparing generation that the spec alone could not reveal
/// (row counts after scaling, a broken install), tied to the table and column.
public struct GenerationError: Error, CustomStringConvertible, Sendable {
    public var table: String
    public var column: String?
    public var message: String
    public var location: SourceLocation?

    public init(table: String, column: String? = nil, _ message: String, at location: SourceLocation? = nil) {
        self.table = table
        self.column = column
        self.message = message
        self.location = location
    }

    public var description: String {
        let what = column.map { "column '\(table).\($0)'" } ?? "table '\(table)'"
        let prefix = location.map { "\($0): error: " } ?? "error: "
        return "\(prefix)\(what): \(message)"
    }
}
