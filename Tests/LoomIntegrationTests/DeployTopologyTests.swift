#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import LoomGen
import LoomPostgres
import LoomSpec
import Testing
import Yams

/// docker-compose.yml's topology for real on one machine: the throwaway PostgreSQL, a role made
/// by Deploy/postgres/loom-role.sql, and coordinator, workers (as many as `deploy.replicas`)
/// and monitor as separate processes run with the compose file's own commands — only
/// endpoints, ports and the spec path are made local — and DATABASE_URL in the environment as
/// the env file gives it. Configs/ecommerce.yaml loads at a small size, the monitor's
/// /metrics shows every loaded row, and `loom verify` passes.
@Suite(.serialized) struct DeployTopologyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let rows = "3000", shardRows = "2000"

    /// A `loom` process with exactly the environment given (as a container gets it).
    final class Service {
        let process = Process()
        let log: String

        init(_ args: [String], environment: [String: String]) throws {
            let binary = Child.loomBinary
            try #require(FileManager.default.isExecutableFile(atPath: binary), "build the loom product first: \(binary)")
            log = FaultTests.workDirectory + "/deploy-\(UUID().uuidString).log"
            _ = FileManager.default.createFile(atPath: log, contents: nil)
            process.executableURL = URL(fileURLWithPath: binary)
            process.arguments = args
            process.currentDirectoryURL = URL(fileURLWithPath: FaultTests.workDirectory)
            var env = ["PATH": ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin", "HOME": FaultTests.workDirectory]
            env.merge(environment) { $1 }
            process.environment = env
            process.standardInput = FileHandle.nullDevice
            let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
        }

        deinit { stop() }

        var output: String { (try? String(contentsOfFile: log, encoding: .utf8)) ?? "" }

        func wait(timeout: Double) -> Bool {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning {
                if Date() > deadline { stop(); return false }
                usleep(20_000)
            }
            return true
        }

        func stop() {
            guard process.isRunning else { return }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// The compose file's services.
    static func services() throws -> [String: [String: Any]] {
        let text = try String(contentsOf: root.appendingPathComponent("docker-compose.yml"), encoding: .utf8)
        let doc = try #require(try Yams.load(yaml: text) as? [String: Any])
        return try #require(doc["services"] as? [String: [String: Any]])
    }

    /// A compose command made local: `tcp://HOST:PORT` and `0.0.0.0:PORT` to loopback with the
    /// mapped port, `/specs/…` to Configs/…, sizing replaced by the test's.
    static func localize(_ command: [String], ports: [String: Int]) throws -> [String] {
        var out: [String] = []
        var i = 0
        while i < command.count {
            var a = command[i]
            if let m = a.firstMatch(of: /^(tcp:\/\/)?[A-Za-z0-9.\-]+:([0-9]+)$/) {
                let port = try #require(ports[String(m.2)], "no local port for \(a)")
                a = (m.1 == nil ? "" : "tcp://") + "127.0.0.1:\(port)"
            } else if a.hasPrefix("/specs/") {
                a = root.appendingPathComponent("Configs/" + a.dropFirst("/specs/".count)).path
            } else if a == "--shard-rows" || a == "--rows" || a == "--scale" {
                i += 2
                continue
            }
            out.append(a)
            i += 1
        }
        return out
    }

    func metrics(_ port: Int) -> String {
        let r = try? Child.run("/usr/bin/curl", ["-s", "--max-time", "5", "http://127.0.0.1:\(port)/metrics"], timeout: 10)
        return r?.stdout ?? ""
    }

    /// The value of the series `name{…table="T"…}`, per table.
    func perTable(_ metrics: String, _ name: String) -> [String: Int64] {
        var out: [String: Int64] = [:]
        for line in metrics.split(separator: "\n") where line.hasPrefix(name + "{") {
            guard let t = line.firstMatch(of: /table="([^"]+)"/), let v = line.split(separator: " ").last.flatMap({ Double($0) }) else { continue }
            out[String(t.1)] = Int64(v)
        }
        return out
    }

    @Test func composeTopologyLoadsTheDemoSpec() throws {
        let services = try Self.services()
        let coordinatorCommand = try #require(services["coordinator"]?["command"] as? [String])
        let workerCommand = try #require(services["worker"]?["command"] as? [String])
        let monitorCommand = try #require(services["monitor"]?["command"] as? [String])
        let replicas = try #require((services["worker"]?["deploy"] as? [String: Any])?["replicas"] as? Int)
        #expect(replicas >= 2)
        #expect((services["coordinator"]?["volumes"] as? [String])?.contains("./Configs:/specs:ro") == true, "the spec is mounted from Configs/")

        // The database, and the role the compose demo loads as, made by the same SQL.
        let conninfo = try TestCluster.database()
        let endpoint = try TestCluster.endpoint
        let database = try #require(conninfo.firstMatch(of: /dbname=([a-z0-9_]+)/).map { String($0.1) })
        let role = "loom_\(database)"
        let sql = Self.root.appendingPathComponent("Deploy/postgres/loom-role.sql").path
        let psql = try Child.run("/usr/bin/psql", ["-X", "-q", "-v", "loom_role=\(role)", "-v", "loom_password=unused-over-the-socket",
                                                   "-v", "loom_database=\(database)", "-f", sql, conninfo], timeout: 30)
        #expect(psql.status == 0, "loom-role.sql: \(psql.stderr)")
        let url = endpoint.url(database: database).replacingOccurrences(of: "postgres://postgres@", with: "postgres://\(role)@")
        let env = ["DATABASE_URL": url]

        var ports: [String: Int] = [:]
        for p in ["5555", "5556", "9464"] { ports[p] = try PostgresServer.freePort() }
        let sizing = ["--rows", Self.rows, "--shard-rows", Self.shardRows]
        let monitor = try Service(try Self.localize(monitorCommand, ports: ports), environment: [:])
        defer { monitor.stop() }
        let coordinator = try Service(try Self.localize(coordinatorCommand, ports: ports) + sizing, environment: env)
        defer { coordinator.stop() }
        var workers: [Service] = []
        for _ in 0..<replicas { workers.append(try Service(try Self.localize(workerCommand, ports: ports), environment: env)) }
        defer { workers.forEach { $0.stop() } }

        #expect(coordinator.wait(timeout: 240), "the job finishes")
        #expect(coordinator.process.terminationStatus == 0, "\(coordinator.output)")
        #expect(coordinator.output.contains("finished job ecommerce-"), "\(coordinator.output)")
        #expect(coordinator.output.components(separatedBy: " joined (").count - 1 == replicas, "every worker joined: \(coordinator.output)")
        for w in workers {
            #expect(w.wait(timeout: 30), "workers exit when the job is done")
            #expect(w.process.terminationStatus == 0, "\(w.output)")
        }

        // Every table's rows, as the monitor reports them to Prometheus.
        let spec = try SpecLoader.load(path: Self.root.appendingPathComponent("Configs/ecommerce.yaml").path)
        var overrides: [String: Int64] = [:]
        for t in spec.tables { if case .fixed = t.rows { overrides[t.name] = Int64(Self.rows)! } }
        let plan = try DatasetPlan(spec: spec, rowOverrides: overrides)
        var planned: [String: Int64] = [:]
        for t in spec.tables { planned[t.name] = Int64(try plan.rows(t.name)) }
        let http = ports["9464"]!
        var text = ""
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            text = metrics(http)
            if text.contains("loom_job_finished{job=\"ecommerce-"), perTable(text, "loom_rows_loaded_total") == planned { break }
            usleep(200_000)
        }
        #expect(perTable(text, "loom_rows_loaded_total") == planned, "monitor: \(text)\n\(monitor.output)")
        #expect(perTable(text, "loom_rows_planned") == planned)
        #expect(text.contains("loom_job_finished{job=\"ecommerce-") && text.contains("} 1"), "\(text)")

        // The rows belong to the unprivileged role, and verify passes as it.
        let c = try PostgresConnection(conninfo)
        #expect(try c.execute("SELECT rolsuper FROM pg_roles WHERE rolname = $1", [role]).value(0, 0) == "f")
        #expect(try c.execute("SELECT tableowner FROM pg_tables WHERE schemaname = 'public' AND tablename = 'orders'").value(0, 0) == role)
        #expect(try c.execute("SELECT count(*) FROM events").value(0, 0) == String(planned["events"] ?? -1))
        let verify = try Service(["verify", Self.root.appendingPathComponent("Configs/ecommerce.yaml").path] + sizing, environment: env)
        #expect(verify.wait(timeout: 120))
        #expect(verify.process.terminationStatus == 0, "\(verify.output)")
        #expect(verify.output.contains("verify: all") && verify.output.contains("checks passed"), "\(verify.output)")
    }
}
