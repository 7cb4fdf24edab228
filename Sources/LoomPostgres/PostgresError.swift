/// A PostgreSQL failure, with what Loom was doing and the server's SQLSTATE when there is one.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// Could not connect or the connection broke: worth retrying after a pause.
        case connection
        /// The server rejected a statement.
        case query
        /// Streaming COPY data failed.
        case copy
    }

    public var kind: Kind
    public var message: String
    /// Five-character SQLSTATE, e.g. `23505` for a unique violation.
    public var sqlState: String?
    /// What Loom was doing, e.g. `loading users shard 3`.
    public var context: String?

    public init(_ kind: Kind, _ message: String, sqlState: String? = nil, context: String? = nil) {
        self.kind = kind
        self.message = message
        self.sqlState = sqlState
        self.context = context
    }

    /// Whether retrying on a fresh connection may succeed (lost connection, server shutting
    /// down or starting up, too many connections, serialization failures).
    public var isTransient: Bool {
        if kind == .connection { return true }
        guard let s = sqlState else { return false }
        return s.hasPrefix("08") || s == "57P01" || s == "57P02" || s == "57P03" || s == "53300" || s == "40001" || s == "40P01"
    }

    public var description: String {
        let code = sqlState.map { " (SQLSTATE \($0))" } ?? ""
        let prefix = context.map { "\($0): " } ?? ""
        return "\(prefix)\(message)\(code)"
    }

    public func with(context: String) -> PostgresError {
        var e = self
        e.context = context
        return e
    }
}
