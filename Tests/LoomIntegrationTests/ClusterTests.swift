import Foundation
import LoomGen
import LoomLoad
import LoomPostgres
import LoomSpec
import LoomProtocol
import LoomWire
import Testing

/// The cluster with real processes over real ZeroMQ sockets and a real PostgreSQL: a
/// coordinator and workers load a job; workers and the coordinator are killed with SIGKILL;
/// foreign and malformed peers are refused or ignored.
@Suite(.serialized) struct ClusterTests {
    static let specText = """
        dataset: cluster
        seed: 5
        tables:
          users:
            rows: 60000
            columns:
              id:    { type: bigint, gen: sequence, primary_key: true }
              first: { type: text, gen: { dict: first_names } }
              last:  { type: text, gen: { dict: last_names } }
              email: { type: text, gen: { email: [first, last] }, unique: true }
          orders:
            per_parent: { users: { poisson: 1 } }
            columns:
              id:      { type: bigint, gen: sequence, primary_key: true }
              user_id: { ref: users.id }
              total:   { type: "numeric(10,2)", gen: { uniform: { min: 1, max: 300 } } }
        """

    static var specPath: String {
        let path = FaultTests.workDirectory + "/cluster.yaml"
        if !FileManager.default.fileExists(atPath: path) { try? specText.write(toFile: path, atomically: true, encoding: .utf8) }
        return path
    }

    static let shardRows = "4000"

    func coordinator(_ db: String, port: Int, resume: Bool = false, leaseSeconds: String = "2") throws -> Child {
        try Child.loom(
            [
                "coordinator", Self.specPath, "--database", db, "--bind", "tcp://127.0.0.1:\(port)",
                "--shard-rows", Self.shardRows, "--lease-seconds", leaseSeconds,
            ] + (resume ? ["--resume"] : []))
    }

    func worker(_ db: String, port: Int, slots: Int = 1) throws -> Child {
        try Child.loom(["worker", "--connect", "tcp://127.0.0.1:\(port)", "--database", db, "--slots", String(slots)])
    }

    func committedShards(_ db: String) -> Int {
        guard let c = try? PostgresConnection(db),
            let v = try? c.execute("SELECT count(*) FROM loom.shards").value(0, 0)
        else { return 0 }
        return Int(v) ?? 0
    }

    /// Exact counts, no duplicate keys, FK integrity and every shard checksum.
    func verify(_ db: String, _ context: String, shardRows: String = ClusterTests.shardRows) throws {
        let spec = try SpecLoader.load(text: Self.specText, file: Self.specPath)
        let options = LoadOptions(shardRows: UInt64(shardRows)!)
        let checks = try LoadVerifier(spec: spec, options: options, connection: try PostgresConnection(db)).run()
        #expect(
            checks.allSatisfy { $0.passed }, "\(context): \(checks.filter { !$0.passed }.map { "\($0.table) \($0.name): \($0.detail)" })")
    }

    func waitFor(_ what: String, timeout: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        Issue.record("timed out after \(timeout) s waiting for \(what)")
        return false
    }

    @Test func coordinatorAndTwoWorkersLoadTheJob() throws {
        let db = try TestCluster.database()
        let port = try PostgresServer.freePort()
        let c = try coordinator(db, port: port)
        let workers = [try worker(db, port: port, slots: 2), try worker(db, port: port)]
        #expect(c.wait(timeout: 120))
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout.contains("finished job cluster-"))
        for w in workers {
            #expect(w.wait(timeout: 20), "workers exit when the coordinator says the job is done")
            #expect(w.status == 0, "\(w.stderr)")
        }
        try verify(db, "two workers")
    }

    @Test func killedWorkersLoseTheirLeasesAndTheJobStillCompletes() throws {
        var rng = SystemRandomNumberGenerator()
        for trial in 1...10 {
            let db = try TestCluster.database("killWorker\(trial)")
            let port = try PostgresServer.freePort()
            let c = try coordinator(db, port: port)
            let victim = try worker(db, port: port)
            let survivor = try worker(db, port: port)
            let threshold = Int.random(in: 0...20, using: &rng)
            guard waitFor("\(threshold) committed shards", timeout: 60, { committedShards(db) >= threshold || !c.isRunning }) else {
                return
            }
            usleep(UInt32.random(in: 0...300_000, using: &rng))
            victim.kill9()
            #expect(c.wait(timeout: 120), "trial \(trial)")
            #expect(c.status == 0, "trial \(trial), killed after \(threshold) shards: \(c.stderr)")
            #expect(survivor.wait(timeout: 20))
            try verify(db, "trial \(trial), worker killed after \(threshold) shards")
        }
    }

    @Test func killedCoordinatorResumesAndWorkersReconnect() throws {
        var rng = SystemRandomNumberGenerator()
        for trial in 1...3 {
            let db = try TestCluster.database("killCoordinator\(trial)")
            let port = try PostgresServer.freePort()
            let first = try coordinator(db, port: port)
            let workers = [try worker(db, port: port), try worker(db, port: port)]
            let threshold = Int.random(in: 2...20, using: &rng)
            guard waitFor("\(threshold) committed shards", timeout: 60, { committedShards(db) >= threshold || !first.isRunning }) else {
                return
            }
            first.kill9()
            _ = first.wait(timeout: 5)
            let second = try coordinator(db, port: port, resume: true)
            #expect(second.wait(timeout: 120), "trial \(trial)")
            #expect(second.status == 0, "trial \(trial): \(second.stderr)")
            for w in workers {
                #expect(w.wait(timeout: 30), "trial \(trial): workers reconnect on their own and exit at the end")
                #expect(w.status == 0)
            }
            try verify(db, "trial \(trial), coordinator killed after \(threshold) shards")
        }
    }

    @Test func nullSinkRunsTheClusterWithoutADatabase() throws {
        let port = try PostgresServer.freePort()
        let c = try Child.loom([
            "coordinator", Self.specPath, "--bind", "tcp://127.0.0.1:\(port)", "--shard-rows", Self.shardRows, "--sink", "null",
        ])
        let w = try Child.loom(["worker", "--connect", "tcp://127.0.0.1:\(port)", "--sink", "null", "--slots", "2"])
        #expect(c.wait(timeout: 120))
        #expect(c.status == 0, "\(c.stderr)")
        let spec = try SpecLoader.load(text: Self.specText, file: Self.specPath)
        let plan = try DatasetPlan(spec: spec)
        let rows = try plan.rows("users") + plan.rows("orders")
        #expect(c.stdout.contains("\(rows) rows"), "\(c.stdout)")
        #expect(w.wait(timeout: 20))
        #expect(!FileManager.default.fileExists(atPath: FaultTests.workDirectory + "/.loom"), "no embedded server was started")
    }

    @Test func curveAdmitsOnlyAllowListedWorkers() throws {
        let dir = FaultTests.workDirectory
        for name in ["coord", "good", "bad"] {
            let k = try Child.loom(["keys", "--out", "\(dir)/\(name)"], timeout: 20)
            #expect(k.status == 0, "\(k.stderr)")
        }
        let goodPublic = try String(contentsOfFile: "\(dir)/good.public", encoding: .utf8)
        try goodPublic.write(toFile: "\(dir)/allowed", atomically: true, encoding: .utf8)
        let db = try TestCluster.database()
        let port = try PostgresServer.freePort()
        let c = try Child.loom([
            "coordinator", Self.specPath, "--database", db, "--bind", "tcp://127.0.0.1:\(port)", "--shard-rows", Self.shardRows,
            "--curve-secret", "\(dir)/coord.secret", "--curve-allow", "\(dir)/allowed",
        ])
        // A worker that knows the server key but has an unlisted key pair gets nothing.
        let bad = try Child.loom([
            "worker", "--connect", "tcp://127.0.0.1:\(port)", "--database", db,
            "--curve-server-key", "\(dir)/coord.public", "--curve-secret", "\(dir)/bad.secret",
        ])
        // One without CURVE at all gets nothing either.
        let plain = try worker(db, port: port)
        Thread.sleep(forTimeInterval: 2)
        #expect(committedShards(db) == 0, "no shard may be loaded by a refused worker")
        let good = try Child.loom([
            "worker", "--connect", "tcp://127.0.0.1:\(port)", "--database", db,
            "--curve-server-key", "\(dir)/coord.public", "--curve-secret", "\(dir)/good.secret",
        ])
        #expect(c.wait(timeout: 120))
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stderr.contains("is not on the allow-list"), "\(c.stderr)")
        #expect(c.stderr.split(separator: "\n").filter { $0.contains("joined (") }.count == 1, "\(c.stderr)")
        #expect(good.wait(timeout: 20))
        #expect(!bad.stderr.contains("joined job"))
        #expect(!plain.stderr.contains("joined job"))
        bad.stop()
        plain.stop()
        try verify(db, "curve")
    }

    @Test func runStartsTheClusterAndStopsItCleanlyOnInterrupt() throws {
        let db = try TestCluster.database()
        let done = try Child.loom(["run", Self.specPath, "--database", db, "--workers", "2", "--shard-rows", Self.shardRows], timeout: 120)
        #expect(done.status == 0, "\(done.stderr)")
        try verify(db, "loom run")

        let db2 = try TestCluster.database("runInterrupted")
        let run = try Child.loom(["run", Self.specPath, "--database", db2, "--workers", "2", "--shard-rows", "1000"])
        guard waitFor("2 committed shards", timeout: 60, { committedShards(db2) >= 2 || !run.isRunning }) else { return }
        kill(run.process.processIdentifier, SIGINT)
        #expect(run.wait(timeout: 20), "loom run stops within 20 s of Ctrl-C")
        #expect(run.status == 130)
        #expect(run.stderr.contains("stopping the coordinator and 2 workers"))
        let left = try Child.run("/usr/bin/pgrep", ["-f", "\(db2)"], timeout: 10)
        #expect(left.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "processes left behind: \(left.stdout)")
    }

    @Test func poisonShardFailsTheJobWithItsError() throws {
        let db = try TestCluster.database()
        let port = try PostgresServer.freePort()
        let c = try coordinator(db, port: port)
        guard waitFor("the job's tables", timeout: 30, { (try? TableCatalog(PostgresConnection(db)).exists("orders")) == true }) else {
            return
        }
        // Every orders shard now fails on every attempt.
        try PostgresConnection(db).execute("ALTER TABLE orders ADD CONSTRAINT no_big_orders CHECK (total < 50)")
        let w = try worker(db, port: port, slots: 2)
        #expect(c.wait(timeout: 120))
        #expect(c.status == 1)
        #expect(c.stderr.contains("failed on every attempt") && c.stderr.contains("no_big_orders"), "\(c.stderr)")
        #expect(w.wait(timeout: 20), "workers stop when the job fails")
        let ledger = try PostgresConnection(db).execute("SELECT count(*) FROM loom.shards WHERE table_name = 'orders'").value(0, 0)
        #expect(ledger == "0")
    }

    @Test func monitorServesMetricsStatusAndDashboard() throws {
        let db = try TestCluster.database()
        let port = try PostgresServer.freePort(), events = try PostgresServer.freePort(), http = try PostgresServer.freePort()
        let monitor = try Child.loom(["monitor", "--listen", "127.0.0.1:\(http)", "--connect", "tcp://127.0.0.1:\(events)"])
        defer { monitor.stop() }
        let c = try Child.loom([
            "coordinator", Self.specPath, "--database", db, "--bind", "tcp://127.0.0.1:\(port)",
            "--shard-rows", Self.shardRows, "--events", "tcp://127.0.0.1:\(events)",
        ])
        let w = try worker(db, port: port, slots: 2)
        #expect(c.wait(timeout: 120))
        #expect(c.status == 0, "\(c.stderr)")
        #expect(w.wait(timeout: 20))
        func get(_ path: String) -> String {
            let r = try? Child.run("/usr/bin/curl", ["-s", "--max-time", "5", "http://127.0.0.1:\(http)\(path)"], timeout: 10)
            return r?.stdout ?? ""
        }
        guard waitFor("the monitor to see the end of the job", timeout: 10, { get("/api/status").contains("\"state\":\"finished\"") })
        else { return }
        let spec = try SpecLoader.load(text: Self.specText, file: Self.specPath)
        let plan = try DatasetPlan(spec: spec)
        let users = try plan.rows("users")
        let status = get("/api/status")
        #expect(status.contains("\"planned_rows\":\(users + (try plan.rows("orders")))"), "\(status)")
        let metrics = get("/metrics")
        #expect(metrics.contains("# HELP loom_rows_loaded_total"))
        #expect(metrics.contains("table=\"users\"} \(users)"), "\(metrics)")
        #expect(metrics.contains("loom_job_finished{job=\"cluster-"))
        #expect(!metrics.contains("job=\"\""), "every series names its job")
        #expect(metrics.contains("outcome=\"duplicate\"} 0"), "no shard was done twice: \(metrics)")
        #expect(metrics.contains("outcome=\"committed\"} "), "\(metrics)")
        let page = get("/")
        #expect(page.contains("<title>Loom monitor</title>") && page.contains("api/status"))
        #expect(!page.contains("http://") && !page.contains("https://"), "the dashboard loads nothing from elsewhere")
        let s = try Child.loom(["status", "--monitor", "http://127.0.0.1:\(http)"], timeout: 20)
        #expect(s.status == 0, "\(s.stderr)")
        #expect(s.stdout.contains("finished") && s.stdout.contains("users"), "\(s.stdout)")
    }

    @Test func terminatedWorkerDrainsItsShardsAndExitsCleanly() throws {
        let db = try TestCluster.database()
        let port = try PostgresServer.freePort()
        let c = try coordinator(db, port: port, leaseSeconds: "5")
        defer { c.stop() }
        let w = try worker(db, port: port, slots: 2)
        defer { w.stop() }
        guard waitFor("the worker to commit a shard", timeout: 60, { committedShards(db) >= 1 }) else { return }
        kill(w.pid, SIGTERM)
        #expect(w.wait(timeout: 60), "the worker did not drain within 60 s")
        #expect(w.status == 0, "\(w.stderr)")
        #expect(w.stderr.contains("draining") && w.stderr.contains("drained; exiting"), "\(w.stderr)")
        let replacement = try worker(db, port: port)
        defer { replacement.stop() }
        #expect(c.wait(timeout: 120))
        #expect(c.status == 0, "\(c.stderr)")
        #expect(!c.stderr.contains("expired"), "a drained worker's shards are reported, not left to expire: \(c.stderr)")
        try verify(db, "after a drained worker")
    }

    @Test func unfinishedJobNeedsResume() throws {
        let db = try TestCluster.database()
        let port = try PostgresServer.freePort()
        let first = try coordinator(db, port: port)
        guard
            waitFor(
                "the job in the ledger", timeout: 30,
                { (try? PostgresConnection(db).execute("SELECT count(*) FROM loom.jobs").value(0, 0)) == "1" })
        else { return }
        first.kill9()
        _ = first.wait(timeout: 5)
        let second = try Child.loom(
            ["coordinator", Self.specPath, "--database", db, "--bind", "tcp://127.0.0.1:\(port)", "--shard-rows", Self.shardRows],
            timeout: 30)
        #expect(second.status == 1)
        #expect(second.stderr.contains("is unfinished in this database; add --resume to carry on with it"), "\(second.stderr)")
    }

    @Test func foreignAndMalformedPeersAreRefusedOrIgnored() throws {
        let db = try TestCluster.database()
        let port = try PostgresServer.freePort()
        let c = try coordinator(db, port: port)
        let context = ZeroMQContext()
        let rogue = try ZeroMQSocket(context, .dealer)
        try rogue.setReceiveTimeout(milliseconds: 10_000)
        try rogue.connect("tcp://127.0.0.1:\(port)")
        // Garbage and a future protocol version are dropped, not fatal.
        try rogue.send([Data("garbage".utf8)])
        try rogue.send([Data(#"{"v":9,"type":"hello"}"#.utf8)])
        try rogue.send([WireMessage.hello(.init(worker: "old", host: "h", slots: 1, generatorVersion: "0")).encoded()])
        guard let frames = try? rogue.receive() else {
            Issue.record("no answer to a hello from another generator version: \(c.stderr)")
            return
        }
        let reply = try WireMessage.decode(frames[0])
        guard case .refuse(let reason) = reply else { Issue.record("expected a refusal, got \(reply)"); return }
        #expect(reason.contains("generator version 0 differs"))
        // A worker of protocol version 1 gets a refusal in its own framing.
        try rogue.send([
            Data(#"{"v":1,"type":"hello","hello":{"worker":"v1","host":"h","slots":1,"specHash":"","generatorVersion":"0"}}"#.utf8)
        ])
        let legacy = try JSONSerialization.jsonObject(with: try rogue.receive()[0]) as? [String: Any]
        #expect(legacy?["v"] as? Int == 1)
        #expect((legacy?["reason"] as? String)?.contains("protocol version 3") == true, "\(String(describing: legacy))")
        // One of version 2 (a message a frame, no batches) too.
        try rogue.send([Data(#"{"v":2,"type":"ready","credit":1}"#.utf8)])
        let v2 = try JSONSerialization.jsonObject(with: try rogue.receive()[0]) as? [String: Any]
        #expect(v2?["v"] as? Int == 2 && v2?["type"] as? String == "refuse", "\(String(describing: v2))")
        let w = try worker(db, port: port)
        #expect(c.wait(timeout: 120))
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stderr.contains("dropped a message from"))
        #expect(w.wait(timeout: 20))
        try verify(db, "after rogue peers")
    }
}
