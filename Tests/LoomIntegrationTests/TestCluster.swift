#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation
import LoomPostgres

/// One throwaway PostgreSQL cluster per test process, one fresh database per test.
///
/// The first use runs `initdb` in `/tmp/loom-test-<pid>` and starts a durability-off server on
/// a unix socket only; an `atexit` handler stops it (`immediate`) and removes the directory.
/// Missing PostgreSQL binaries fail the test, never skip it.
enum TestCluster {
    private final class State: @unchecked Sendable {
        let lock = NSLock()
        var server: PostgresServer?
        var endpoint: PostgresServer.Endpoint?
        var counter = 0
    }

    private static let state = State()

    /// The shared server, started on first use.
    static var server: PostgresServer {
        get throws { try started().server }
    }

    /// Where the shared server listens.
    static var endpoint: PostgresServer.Endpoint {
        get throws { try started().endpoint }
    }

    /// A libpq conninfo string for a new, empty database named after the caller.
    static func database(_ name: String = #function) throws -> String {
        let (server, endpoint) = try started()
        let db = state.lock.withLock {
            state.counter += 1
            return databaseName(name, state.counter)
        }
        try server.createDatabase(db)
        return endpoint.conninfo(database: db)
    }

    /// `myTest(arg:)` + 7 → `mytest_arg_7`: lower-case letters, digits and `_`, within 63 bytes.
    static func databaseName(_ caller: String, _ counter: Int) -> String {
        var base = ""
        for ch in caller.lowercased().unicodeScalars {
            let ok = ("a"..."z").contains(ch) || ("0"..."9").contains(ch)
            if ok { base.unicodeScalars.append(ch) } else if !base.isEmpty, !base.hasSuffix("_") { base += "_" }
        }
        while base.hasSuffix("_") { base.removeLast() }
        if base.isEmpty || base.first!.isNumber { base = "t_" + base }
        return String(base.prefix(40)) + "_\(counter)"
    }

    private static func started() throws -> (server: PostgresServer, endpoint: PostgresServer.Endpoint) {
        try state.lock.withLock {
            if let server = state.server, let endpoint = state.endpoint { return (server, endpoint) }
            let dir = "/tmp/loom-test-\(getpid())"
            let server = PostgresServer(directory: dir)
            // A directory left by an earlier process with the same pid.
            try? server.stop(mode: .immediate)
            try? FileManager.default.removeItem(atPath: dir)
            let endpoint: PostgresServer.Endpoint
            do {
                endpoint = try server.start(settings: [
                    "fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "listen_addresses": "",
                ])
            } catch {
                try? server.stop(mode: .immediate)
                try? FileManager.default.removeItem(atPath: dir)
                throw error
            }
            state.server = server
            state.endpoint = endpoint
            atexit { TestCluster.shutdown() }
            return (server, endpoint)
        }
    }

    private static func shutdown() {
        guard let server = state.lock.withLock({ state.server }) else { return }
        try? server.stop(mode: .immediate)
        try? FileManager.default.removeItem(atPath: server.directory)
    }
}
