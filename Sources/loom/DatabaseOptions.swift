@preconcurrency import Glibc
import ArgumentParser
import Foundation
import LoomPostgres

/// Where to connect: `--database URL`, else the `PG*` environment, else the embedded server.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "A postgres:// URL or libpq conninfo. Default: DATABASE_URL or PG* variables; with none, a private server under .loom/.")
    var database: String?

    @Option(help: "Load into this schema.")
    var schema: String = "public"

    /// The conninfo to use, starting the embedded server when nothing names a database.
    func resolve() throws -> String {
        if let database { try Self.check(database) }
        if let c = ConnectionTarget.resolve(explicit: database) {
            ProcessTitle.scrubPasswords()
            return c
        }
        let endpoint = try EmbeddedDatabase.start()
        fputs("using the embedded PostgreSQL under \(EmbeddedDatabase.directory): psql '\(endpoint.url(database: EmbeddedDatabase.database))'\n", stderr)
        return endpoint.conninfo(database: EmbeddedDatabase.database)
    }
}

extension DatabaseOptions {
    /// Refuses a `--database` that cannot name a server, before anything is retried: an empty
    /// value would otherwise fall through to the embedded server, and a bare word would be
    /// retried as a database name on the local socket.
    static func check(_ database: String) throws {
        let text = database.trimmingCharacters(in: .whitespaces)
        guard !text.isEmpty else {
            throw Failure("--database is empty: give a postgres:// URL or key=value conninfo, or leave it out to use DATABASE_URL, PG* variables or the embedded server")
        }
        guard text.contains("://") || text.contains("=") else {
            throw Failure("--database '\(database)' is neither a postgres:// URL nor a key=value conninfo; e.g. postgres://user@host:5432/db or 'host=db1 dbname=app'")
        }
    }
}

/// The private PostgreSQL server `load` and `run` use when no database is configured.
enum EmbeddedDatabase {
    static var directory: String { FileManager.default.currentDirectoryPath + "/.loom/postgres" }
    static let database = "loom"

    static var server: PostgresServer { PostgresServer(directory: directory) }

    /// Starts (or reuses) the server and makes sure the `loom` database exists.
    static func start() throws -> PostgresServer.Endpoint {
        let s = server
        do {
            let wasRunning = s.isRunning
            let endpoint = try s.start(settings: [
                "max_wal_size": "4GB", "checkpoint_timeout": "30min", "synchronous_commit": "off",
                "maintenance_work_mem": "512MB", "shared_buffers": "256MB",
            ])
            if !wasRunning { _ = try? s.createDatabase(database) }
            return endpoint
        } catch let e as PostgresServerError {
            throw Failure("embedded PostgreSQL: \(e)")
        }
    }
}
