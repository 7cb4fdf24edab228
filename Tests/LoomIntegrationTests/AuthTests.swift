import Foundation
import LoomLoad
import LoomPostgres
import LoomSpec
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

    /// A role that may use an existing ledger (created by an administrator) but create nothing
    /// outside its own schema loads a job: the ledger's setup is skipped when it is complete.
    @Test func leastPrivilegeRoleLoadsIntoAPreparedLedger() throws {
        let db = try TestCluster.database()
        let admin = try PostgresConnection(db)
        try Ledger(admin).prepare()
        let dbname = try #require(admin.execute("SELECT current_database()").value(0, 0))
        let role = "loader_\(getpid())"
        try admin.execute(
            """
            CREATE ROLE \(role) LOGIN;
            REVOKE CREATE ON DATABASE \(dbname) FROM PUBLIC;
            REVOKE CREATE ON SCHEMA public FROM PUBLIC;
            CREATE SCHEMA data AUTHORIZATION \(role);
            GRANT USAGE ON SCHEMA loom TO \(role);
            GRANT SELECT, INSERT, UPDATE, DELETE ON loom.jobs, loom.shards TO \(role);
            """)
        defer { _ = try? admin.execute("DROP OWNED BY \(role) CASCADE; DROP ROLE \(role)") }
        let asRole = db.replacingOccurrences(of: "user=postgres", with: "user=\(role)")
        let spec = try SpecLoader.load(text: LoadTests.shop, file: "shop.yaml")
        var options = LoadTests.options()
        options.schema = "data"
        let summary = try LoadJob(spec: spec, options: options, conninfo: asRole).run()
        #expect(summary.tables.reduce(0) { $0 + $1.rows } > 0)
        let canCreate = try admin.execute("SELECT has_database_privilege('\(role)', current_database(), 'CREATE')").value(0, 0)
        #expect(canCreate == "f", "the role really lacks CREATE on the database")
        let owner = try admin.execute("SELECT tableowner FROM pg_tables WHERE schemaname = 'data' LIMIT 1").value(0, 0)
        #expect(owner == role)
    }
}
