import Foundation
import LoomPostgres
import LoomSpec
import LoomWorker
import Testing

/// Password handling against a server that requires SCRAM over TCP.
@Suite struct AuthTests {
    @Test func wrongPasswordFailsAtOnceWithoutLeakingIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loom-auth-\(getpid())").path
        let server = PostgresServer(directory: dir)
        defer {
            try? server.stop(mode: .immediate)
            try? FileManager.default.removeItem(atPath: dir)
        }
        let endpoint = try server.start(settings: ["listen_addresses": "127.0.0.1", "fsync": "off"])
        let admin = try PostgresConnection(endpoint.conninfo(database: "postgres"))
        try admin.execute("ALTER ROLE postgres PASSWORD 'right-horse-battery'")
        let hba = server.dataDirectory + "/pg_hba.conf"
        try "local all all trust\nhost all all 127.0.0.1/32 scram-sha-256\n".write(toFile: hba, atomically: true, encoding: .utf8)
        try admin.execute("SELECT pg_reload_conf()")
        Thread.sleep(forTimeInterval: 0.3)

        let wrong = "postgres://postgres:wrong-staple@127.0.0.1:\(endpoint.port)/postgres"
        let spec = try SpecLoader.load(text: LoadTests.shop, file: "shop.yaml")
        let started = Date()
        #expect {
            _ = try LoadJob(spec: spec, options: LoadTests.options(), conninfo: wrong).run()
        } throws: { e in
            let text = "\(e)"
            return text.contains("password authentication failed for user \"postgres\"") && !text.contains("wrong-staple")
        }
        #expect(Date().timeIntervalSince(started) < 5, "a wrong password is not retried")
        let right = try PostgresConnection("postgres://postgres:right-horse-battery@127.0.0.1:\(endpoint.port)/postgres")
        #expect(try right.execute("SELECT 1").value(0, 0) == "1")
        #expect(!right.target.contains("right-horse-battery"))
    }
}
