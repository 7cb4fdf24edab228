import CLibPQ
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// One libpq connection: simple and parameterised statements, transactions and COPY FROM STDIN.
///
/// Not thread-safe: use one connection per thread (libpq's own rule).
public final class PostgresConnection: @unchecked Sendable {
    private var handle: OpaquePointer?
    /// The connection target without any password, for messages.
    public let target: String

    /// Connects with a libpq conninfo string or `postgres://` URL; an empty string uses the
    /// `PG*` environment variables and `~/.pgpass`, as psql does.
    public init(_ conninfo: String, applicationName: String = "loom") throws(PostgresError) {
        target = ConnectionTarget.redacted(conninfo)
        let keys = ["dbname", "application_name", "connect_timeout"]
        let timeout = getenv("PGCONNECT_TIMEOUT").map { String(cString: $0) } ?? "10"
        let values = [conninfo, applicationName, timeout]
        let conn: OpaquePointer? = withArrayOfCStrings(keys) { k in
            withArrayOfCStrings(values) { v in PQconnectdbParams(k, v, 1) }
        }
        guard let conn else { throw PostgresError(.connection, "out of memory connecting to \(target)") }
        guard PQstatus(conn) == CONNECTION_OK else {
            let message = Self.clean(String(cString: PQerrorMessage(conn)))
            PQfinish(conn)
            throw PostgresError(.connection, "cannot connect to \(target): \(message)")
        }
        handle = conn
        _ = try execute("SET client_min_messages = warning")
    }

    deinit { if let handle { PQfinish(handle) } }

    /// Closes the connection; later calls fail.
    public func close() {
        if let handle { PQfinish(handle) }
        handle = nil
    }

    private func conn() throws(PostgresError) -> OpaquePointer {
        guard let handle else { throw PostgresError(.connection, "connection to \(target) is closed") }
        return handle
    }

    /// Whether the connection is still usable.
    public var isHealthy: Bool { handle.map { PQstatus($0) == CONNECTION_OK } ?? false }

    /// Server version as an integer, e.g. 150008.
    public var serverVersion: Int { handle.map { Int(PQserverVersion($0)) } ?? 0 }

    /// libpq's multi-line message as one line, without the `ERROR:  ` / `FATAL:  ` prefixes.
    static func clean(_ message: String) -> String {
        message.split(separator: "\n").map { line -> String in
            var l = line.trimmingCharacters(in: .whitespaces)
            for prefix in ["ERROR:", "FATAL:", "PANIC:"] where l.hasPrefix(prefix) {
                l = String(l.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
            }
            return l
        }.filter { !$0.isEmpty }.joined(separator: "; ")
    }

    private func error(_ result: OpaquePointer?, _ kind: PostgresError.Kind) -> PostgresError {
        let c = handle
        var message = result.map { String(cString: PQresultErrorMessage($0)) } ?? ""
        if message.isEmpty, let c { message = String(cString: PQerrorMessage(c)) }
        let state = result.flatMap { PQresultErrorField($0, Int32(UInt8(ascii: "C"))) }.map { String(cString: $0) }
        let broken = c.map { PQstatus($0) != CONNECTION_OK } ?? true
        return PostgresError(broken ? .connection : kind, Self.clean(message), sqlState: state)
    }

    /// Runs one or more statements without parameters.
    @discardableResult
    public func execute(_ sql: String) throws(PostgresError) -> PostgresResult {
        let c = try conn()
        guard let r = PQexec(c, sql) else { throw error(nil, .query) }
        let status = PQresultStatus(r)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let e = error(r, .query)
            PQclear(r)
            throw e
        }
        return PostgresResult(r)
    }

    /// Runs one statement with text parameters `$1, $2, ...` (nil is NULL).
    @discardableResult
    public func execute(_ sql: String, _ params: [String?]) throws(PostgresError) -> PostgresResult {
        let c = try conn()
        let r: OpaquePointer? = withArrayOfOptionalCStrings(params) { values in
            PQexecParams(c, sql, Int32(params.count), nil, values, nil, nil, 0)
        }
        guard let r else { throw error(nil, .query) }
        let status = PQresultStatus(r)
        guard status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK else {
            let e = error(r, .query)
            PQclear(r)
            throw e
        }
        return PostgresResult(r)
    }

    /// Starts `COPY ... FROM STDIN`; send data with `putCopyData`, finish with `endCopy`.
    public func beginCopy(_ sql: String) throws(PostgresError) {
        let c = try conn()
        guard let r = PQexec(c, sql) else { throw error(nil, .copy) }
        defer { PQclear(r) }
        guard PQresultStatus(r) == PGRES_COPY_IN else { throw error(r, .copy) }
    }

    /// Sends COPY data (blocks while the server catches up).
    public func putCopyData(_ bytes: UnsafeRawBufferPointer) throws(PostgresError) {
        let c = try conn()
        var offset = 0
        while offset < bytes.count {
            let n = min(bytes.count - offset, 1 << 30)
            let rc = PQputCopyData(c, bytes.baseAddress!.assumingMemoryBound(to: CChar.self) + offset, Int32(n))
            guard rc == 1 else { throw error(nil, .copy) }
            offset += n
        }
    }

    /// Ends COPY; with `failure` the server aborts it. Returns the rows copied.
    @discardableResult
    public func endCopy(failure: String? = nil) throws(PostgresError) -> Int64 {
        let c = try conn()
        guard PQputCopyEnd(c, failure) == 1 else { throw error(nil, .copy) }
        var copied: Int64 = 0
        var failed: PostgresError? = nil
        while let r = PQgetResult(c) {
            if PQresultStatus(r) == PGRES_COMMAND_OK {
                copied = Int64(String(cString: PQcmdTuples(r))) ?? 0
            } else if failed == nil {
                failed = error(r, .copy)
            }
            PQclear(r)
        }
        if let failed { throw failed }
        return copied
    }

    /// Runs `body` in a transaction: COMMIT when it returns, ROLLBACK when it throws.
    public func transaction<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            if isHealthy { _ = try? execute("ROLLBACK") }
            throw error
        }
    }
}

/// Passes Swift strings to C as a `const char * const *` array.
func withArrayOfCStrings<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    withArrayOfOptionalCStrings(strings.map { Optional($0) } + [nil]) { body($0) }
}

func withArrayOfOptionalCStrings<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
    let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.map { strdup($0)! } }
    defer { copies.forEach { free($0) } }
    let pointers = copies.map { UnsafePointer($0) }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}
