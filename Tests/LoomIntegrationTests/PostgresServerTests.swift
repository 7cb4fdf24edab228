#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
@testable import LoomPostgres
import Testing

@Suite struct PostgresServerTests {
    @Test func startReusesRunningServerAndStops() throws {
        let dir = Self.temporaryDirectory()
        let server = PostgresServer(directory: dir)
        defer { try? server.stop(mode: .immediate); try? FileManager.default.removeItem(atPath: dir) }
        #expect(!server.isRunning)
        #expect(server.endpoint == nil)

        let first = try server.start()
        #expect(server.isRunning)
        #expect(first.tcpHost == "127.0.0.1")
        #expect(first.socketDirectory == dir + "/socket")
        let second = try server.start(port: first.port + 1)
        #expect(second == first)
        #expect(server.endpoint == first)
        #expect(try Self.psql(first.conninfo(database: "postgres"), "select 1") == "1")
        #expect(try Self.psql(first.url(database: "postgres"), "select inet_server_addr()") == "127.0.0.1")
        // Without the state file the endpoint comes from postmaster.pid.
        try FileManager.default.removeItem(atPath: dir + "/loom-server.json")
        #expect(server.endpoint == first)

        try server.stop()
        #expect(!server.isRunning)
        #expect(server.endpoint == nil)
        try server.stop()

        // The cluster survives: the next start skips initdb and takes a new port and settings.
        let again = try server.start(settings: ["listen_addresses": "", "work_mem": "8MB"])
        #expect(again.tcpHost == nil)
        #expect(try Self.psql(again.conninfo(database: "postgres"), "show work_mem") == "8MB")
        try server.stop(mode: .immediate)
        #expect(!server.isRunning)
    }

    @Test func createDatabaseQuotesTheName() throws {
        let endpoint = try TestCluster.endpoint
        let name = "Odd \"db\"; name-\(getpid())"
        try TestCluster.server.createDatabase(name)
        #expect(try Self.psql(endpoint.conninfo(database: name), "select current_database()") == name)
        #expect(try Self.psql(endpoint.url(database: name), "select current_database()") == name)
        #expect(throws: PostgresServerError.self) { try TestCluster.server.createDatabase(name) }
    }

    @Test func testClusterGivesDistinctWorkingDatabases() throws {
        let a = try TestCluster.database()
        let b = try TestCluster.database()
        #expect(a != b)
        #expect(a.contains("dbname=testclustergivesdistinctworkingdatabases_"))
        #expect(try Self.psql(a, "select 1") == "1")
        #expect(try Self.psql(b, "select 1") == "1")
        _ = try Self.psql(a, "create table only_in_a (x int)")
        #expect(try Self.psql(b, "select count(*) from pg_class where relname = 'only_in_a'") == "0")
        #expect(try Self.psql(a, "show fsync") == "off")
        #expect(try TestCluster.endpoint.tcpHost == nil)
    }

    @Test func databaseNamesAreSanitised() {
        #expect(TestCluster.databaseName("myTest(arg:)", 7) == "mytest_arg_7")
        #expect(TestCluster.databaseName("1 é x", 2) == "t_1_x_2")
        #expect(TestCluster.databaseName(String(repeating: "a", count: 100), 3).utf8.count <= 63)
    }

    @Test func endpointFormats() {
        let tcp = PostgresServer.Endpoint(port: 5433, socketDirectory: "/tmp/x y/socket", tcpHost: "127.0.0.1")
        #expect(tcp.url(database: "my db") == "postgres://postgres@127.0.0.1:5433/my%20db")
        #expect(tcp.conninfo(database: "d") == "host='/tmp/x y/socket' port=5433 user=postgres dbname=d")
        let unix = PostgresServer.Endpoint(port: 5433, socketDirectory: "/tmp/s")
        #expect(unix.url(database: "d") == "postgres://postgres@/d?host=%2Ftmp%2Fs&port=5433")
        #expect(unix.conninfo(database: "it's") == "host=/tmp/s port=5433 user=postgres dbname='it\\'s'")
    }

    @Test func errorsSayWhatToDo() throws {
        let missing = PostgresServer(directory: Self.temporaryDirectory(), binDirectory: "/nonexistent/bin")
        let error = #expect(throws: PostgresServerError.self) { try missing.start() }
        #expect(error == .binariesNotFound(searched: ["/nonexistent/bin"]))
        #expect(error?.description.contains("apt-get install -y postgresql") == true)
        #expect(!missing.isRunning)

        let server = PostgresServer(directory: Self.temporaryDirectory())
        #expect(throws: PostgresServerError.invalidSetting(name: "bad name")) { try server.start(settings: ["bad name": "1"]) }
        #expect(throws: PostgresServerError.notRunning(directory: server.directory)) { try server.createDatabase("x") }

        let long = PostgresServer(directory: "/tmp/" + String(repeating: "d", count: 100))
        defer { try? FileManager.default.removeItem(atPath: long.directory) }
        let tooLong = #expect(throws: PostgresServerError.self) { try long.start() }
        #expect(tooLong?.description.contains("use a shorter directory") == true)

        let failed = PostgresServerError.commandFailed(command: "pg_ctl start", status: 1, output: "waiting\nFATAL: boom\n", log: "/d/server.log")
        #expect(failed.description == "pg_ctl start failed (exit 1): boom; see /d/server.log")
    }

    @Test func failedStartPointsAtTheLog() throws {
        let dir = Self.temporaryDirectory()
        let server = PostgresServer(directory: dir)
        defer { try? server.stop(mode: .immediate); try? FileManager.default.removeItem(atPath: dir) }
        let error = #expect(throws: PostgresServerError.self) {
            try server.start(settings: ["listen_addresses": "", "shared_buffers": "lots"])
        }
        let text = error?.description ?? ""
        #expect(text.hasPrefix("pg_ctl start failed (exit 1): "))
        #expect(text.contains("FATAL") == false)
        #expect(text.contains(": invalid value for parameter \"shared_buffers\": \"lots\"; configuration file "))
        #expect(text.hasSuffix("; see \(dir)/server.log"))
        #expect(!server.isRunning)
        // The next start rewrites the settings and succeeds on the same cluster.
        #expect(try server.start(settings: ["listen_addresses": ""]).tcpHost == nil)
    }

    @Test func serverReasonReadsTheLog() {
        let log = """
        2026-01-01 10:00:00.000 UTC [7] LOG:  starting PostgreSQL 15.8
        2026-01-01 10:00:00.001 UTC [7] FATAL:  database files are incompatible with server
        2026-01-01 10:00:00.001 UTC [7] DETAIL:  The data directory was initialized by PostgreSQL version 14.
        """
        #expect(PostgresServerError.serverReason(in: log)
            == "database files are incompatible with server; The data directory was initialized by PostgreSQL version 14.")
        #expect(PostgresServerError.serverReason(in: "no fatal here") == nil)
    }

    @Test func freePortIsBindable() throws {
        let port = try PostgresServer.freePort()
        #expect(port > 1024 && port < 65536)
    }

    // MARK: Helpers

    static func temporaryDirectory() -> String {
        "/tmp/loom-pgserver-\(getpid())-\(UUID().uuidString.prefix(8))"
    }

    /// Runs one statement with `psql` (as `postgres` when root) and returns its unaligned output.
    static func psql(_ connection: String, _ sql: String) throws -> String {
        let psql = try PostgresServer.findBinDirectory() + "/psql"
        let args = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", connection, "-c", sql]
        let process = Process()
        if geteuid() == 0 {
            process.executableURL = URL(fileURLWithPath: "/usr/sbin/runuser")
            process.arguments = ["-u", "postgres", "--", psql] + args
        } else {
            process.executableURL = URL(fileURLWithPath: psql)
            process.arguments = args
        }
        process.currentDirectoryURL = URL(fileURLWithPath: "/")
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0 else { throw PSQLFailure(sql: sql, output: output) }
        return output
    }

    struct PSQLFailure: Error, CustomStringConvertible {
        var sql: String
        var output: String
        var description: String { "psql -c '\(sql)' failed: \(output)" }
    }
}
