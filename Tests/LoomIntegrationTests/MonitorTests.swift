import Foundation
import LoomPostgres
import LoomSpec
import LoomStats
import Testing

/// The monitor end to end, with a real coordinator, real workers and (for loads) a real
/// PostgreSQL: drift alerts reach every view, a correct spec stays green at 10M rows, the live
/// `/metrics` passes `promtool check metrics`, the dashboard renders in headless Chromium, a
/// restarted monitor recovers its totals from the coordinator, and a resumed coordinator its
/// sketches from the ledger.
@Suite(.serialized) struct MonitorTests {
    /// Generators that are right, expectations for two columns that are deliberately wrong.
    static let alertSpec = """
        dataset: driftalert
        seed: 9
        tables:
          users:
            rows: 1000000
            columns:
              id:      { type: bigint, gen: sequence, primary_key: true }
              age:     { type: integer, gen: { normal: { mean: 38, sd: 12 } }, clamp: [18, 90] }
              country: { type: text, gen: { choice: { US: 0.4, DE: 0.3, FR: 0.3 } } }
              score:   { type: double precision, gen: { uniform: { min: 0, max: 1 } } }
              joined:  { type: date, gen: { date: { from: 2024-01-01, to: 2024-12-31 } } }
        expectations:
          users.age:     { mean: 50, sd: 12 }
          users.country: { frequencies: { US: 0.2, DE: 0.3, FR: 0.5 } }
        """

    static func write(_ text: String, _ name: String) throws -> String {
        let path = FaultTests.workDirectory + "/" + name
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Where test artifacts (the dashboard screenshot) are kept: `.build/test-artifacts`.
    static var artifacts: String {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = root.appendingPathComponent(".build/test-artifacts").path
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    struct Endpoints {
        let bind: Int, events: Int, http: Int
        /// Three distinct free ports (the kernel may hand out the same one twice in a row).
        init() throws {
            var ports: [Int] = []
            while ports.count < 3 {
                let p = try PostgresServer.freePort()
                if !ports.contains(p) { ports.append(p) }
            }
            (bind, events, http) = (ports[0], ports[1], ports[2])
        }
        var url: String { "http://127.0.0.1:\(http)" }
    }

    func monitor(_ e: Endpoints) throws -> Child {
        try Child.loom(["monitor", "--listen", "127.0.0.1:\(e.http)", "--connect", "tcp://127.0.0.1:\(e.events)"])
    }

    func get(_ e: Endpoints, _ path: String) -> String {
        (try? Child.run("/usr/bin/curl", ["-s", "--max-time", "5", e.url + path], timeout: 10))?.stdout ?? ""
    }

    /// `/api/status` decoded loosely (only what the tests read).
    struct Status: Decodable {
        struct Drift: Decodable {
            var table: String
            var column: String
            var severity: String
            var sampled: Int64
            var reasons: [String]
        }
        var state: String
        var rows: Int64
        var plannedRows: Int64
        var driftSeverity: String
        var drift: [Drift]
    }

    func status(_ e: Endpoints) -> Status? {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        return try? d.decode(Status.self, from: Data(get(e, "/api/status").utf8))
    }

    func waitFor(_ what: String, timeout: Double, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(100_000)
        }
        Issue.record("timed out after \(timeout) s waiting for \(what)")
        return false
    }

    /// Finds a tool the test command installs; its absence fails the test.
    func tool(_ name: String) throws -> String {
        let path = try #require(
            ["/usr/bin/\(name)", "/usr/local/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) },
            "\(name) is not installed; `make test` installs it (scripts/install-deps.sh)")
        return path
    }

    @Test func driftAlertReachesMetricsStatusDashboardAndTerminal() throws {
        let db = try TestCluster.database()
        let spec = try Self.write(Self.alertSpec, "drift-alert.yaml")
        let e = try Endpoints()
        let m = try monitor(e)
        defer { m.stop() }
        let c = try Child.loom([
            "coordinator", spec, "--database", db, "--bind", "tcp://127.0.0.1:\(e.bind)", "--shard-rows", "50000",
            "--events", "tcp://127.0.0.1:\(e.events)",
        ])
        // Events are published, not queued: workers start once the monitor hears the coordinator,
        // so that it sees every shard (a subscriber that joins late misses what went before).
        guard waitFor("the monitor to hear the coordinator", timeout: 30, { status(e)?.state == "running" }) else { c.stop(); return }
        let workers = try (0..<2).map { _ in try Child.loom(["worker", "--connect", "tcp://127.0.0.1:\(e.bind)", "--database", db]) }
        defer { workers.forEach { $0.stop() } }
        #expect(c.wait(timeout: 120), "the coordinator did not finish")
        #expect(c.status == 0, "\(c.stderr)")
        guard
            waitFor(
                "the monitor to see the finished job with its drift", timeout: 15,
                {
                    guard let s = status(e) else { return false }
                    return s.state == "finished" && s.drift.contains { $0.column == "age" && $0.sampled == 1_000_000 / 8 }
                })
        else { return }

        let s = try #require(status(e))
        let byColumn = Dictionary(uniqueKeysWithValues: s.drift.map { ($0.column, $0) })
        #expect(s.driftSeverity == "alert")
        #expect(
            byColumn["age"]?.severity == "alert" && byColumn["age"]!.reasons.contains { $0.hasPrefix("mean") },
            "\(String(describing: byColumn["age"]))")
        #expect(byColumn["country"]?.severity == "alert" && byColumn["country"]!.reasons.contains { $0.hasPrefix("total variation") })
        #expect(byColumn["score"]?.severity == "ok" && byColumn["joined"]?.severity == "ok", "correct generators stay green: \(s.drift)")

        let metrics = get(e, "/metrics")
        let job = try #require(metrics.firstMatch(of: /job="(driftalert-[0-9a-f]+)"/)?.1)
        #expect(metrics.contains("loom_drift_severity{job=\"\(job)\",table=\"users\",column=\"age\"} 2.0"), "\(metrics)")
        #expect(metrics.contains("loom_drift_severity{job=\"\(job)\",table=\"users\",column=\"country\"} 2.0"))
        #expect(metrics.contains("loom_drift_severity{job=\"\(job)\",table=\"users\",column=\"score\"} 0.0"))
        #expect(metrics.contains("loom_drift_columns{job=\"\(job)\",severity=\"alert\"} 2.0"))
        #expect(metrics.contains("loom_shard_duration_seconds_count{job=\"\(job)\",table=\"users\"} 20"))

        let ledger = try PostgresConnection(db).execute("SELECT sketch FROM loom.shards WHERE sketch IS NOT NULL")
        let kept = (0..<ledger.rowCount).compactMap { ledger.value($0, 0).flatMap(SketchCodec.decode) }
        #expect(
            kept.count == 20 && kept.map(\.rows).reduce(0, +) == 1_000_000 && kept.map(\.sampled).reduce(0, +) == 125_000,
            "every shard keeps its sketch in the ledger, for a restarted coordinator")

        let promtool = try tool("promtool")
        let lint = try Child.run("/bin/sh", ["-c", "curl -s --max-time 5 \(e.url)/metrics | \(promtool) check metrics"], timeout: 30)
        #expect(lint.status == 0, "promtool check metrics: \(lint.stdout) \(lint.stderr)")

        let terminal = try Child.loom(["status", "--monitor", e.url], timeout: 20)
        #expect(terminal.status == 0, "\(terminal.stderr)")
        #expect(terminal.stdout.contains("ALERT users.age") && terminal.stdout.contains("ALERT users.country"), "\(terminal.stdout)")
        #expect(!terminal.stdout.contains("users.score"), "ok columns are summarised, not listed")

        let chromium = try tool("chromium")
        let flags = ["--headless", "--no-sandbox", "--disable-gpu", "--virtual-time-budget=5000"]
        let dom = try Child.run(chromium, flags + ["--dump-dom", e.url + "/"], timeout: 60)
        #expect(dom.status == 0, "\(dom.stderr)")
        let page = dom.stdout
        #expect(page.contains("<td>users</td>") && page.contains("width:100.0%"), "the table's progress bar is full")
        #expect(
            page.contains("data-severity=\"alert\"><td>users.age</td>") && page.contains("data-severity=\"alert\"><td>users.country</td>"),
            "\(page)")
        #expect(page.contains("data-severity=\"ok\"><td>users.score</td>"))
        let points = page.firstMatch(of: /data-points="(\d+)"/).flatMap { Int($0.1) } ?? 0
        #expect(points >= 2, "the rows/s chart was drawn from the history")
        let shot = Self.artifacts + "/dashboard-drift-alert.png"
        try? FileManager.default.removeItem(atPath: shot)
        let png = try Child.run(chromium, flags + ["--window-size=1280,1400", "--screenshot=\(shot)", e.url + "/"], timeout: 60)
        #expect(png.status == 0, "\(png.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: shot))
        #expect(bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) && bytes.count > 20_000, "screenshot at \(shot)")
    }

    @Test func correctSpecStaysGreenAtTenMillionRows() throws {
        let users = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Configs/users.yaml")
        let text =
            try String(contentsOf: users, encoding: .utf8) + """

                expectations:
                  users.age:     { min: 18, max: 90 }
                  users.country: { frequencies: { US: 0.4, DE: 0.15, FR: 0.1, GB: 0.1, JP: 0.1, BR: 0.15 } }
                  users.income:  { dist: { lognormal: { mu: 10.8, sigma: 0.6 } }, null_rate: 0 }
                """
        let spec = try Self.write(text, "users-green.yaml")
        let e = try Endpoints()
        let m = try monitor(e)
        defer { m.stop() }
        let c = try Child.loom([
            "coordinator", spec, "--sink", "null", "--rows", "10000000", "--shard-rows", "500000",
            "--bind", "tcp://127.0.0.1:\(e.bind)", "--events", "tcp://127.0.0.1:\(e.events)",
        ])
        let workers = try (0..<2).map { _ in try Child.loom(["worker", "--connect", "tcp://127.0.0.1:\(e.bind)", "--sink", "null"]) }
        defer { workers.forEach { $0.stop() } }
        #expect(c.wait(timeout: 600), "the coordinator did not finish")
        #expect(c.status == 0, "\(c.stderr)")
        guard
            waitFor(
                "the monitor to see all 10M rows", timeout: 15,
                { status(e).map { $0.state == "finished" && $0.rows == 10_000_000 } ?? false })
        else { return }
        let s = try #require(status(e))
        #expect(s.drift.count == 10)
        for d in s.drift {
            #expect(d.severity == "ok", "\(d.table).\(d.column): \(d.severity) \(d.reasons)")
            #expect(d.sampled == 10_000_000 / 64, "one row in 64 is sketched: \(d.column) \(d.sampled)")
        }
        let metrics = get(e, "/metrics")
        #expect(metrics.contains("severity=\"alert\"} 0.0") && metrics.contains("severity=\"warn\"} 0.0"), "\(metrics)")
        #expect(metrics.contains("loom_rows_generated_total{") && metrics.contains("table=\"users\"} 10000000\n"))
        #expect(!metrics.contains("loom_rows_loaded_total{"), "nothing is loaded with --sink null")
    }

    @Test func restartedMonitorRecoversTotalsFromTheCoordinator() throws {
        let spec = try Self.write(Self.alertSpec, "drift-restart.yaml")
        // 6M rows on one worker: long enough to restart the monitor mid-job.
        let e = try Endpoints()
        var m = try monitor(e)
        defer { m.stop() }
        let c = try Child.loom([
            "coordinator", spec, "--sink", "null", "--rows", "6000000", "--shard-rows", "100000",
            "--bind", "tcp://127.0.0.1:\(e.bind)", "--events", "tcp://127.0.0.1:\(e.events)",
        ])
        let w = try Child.loom(["worker", "--connect", "tcp://127.0.0.1:\(e.bind)", "--sink", "null"])
        defer { w.stop() }
        var before: (rows: Int64, sampled: Int64) = (0, 0)
        guard
            waitFor(
                "some shards and sketches to reach the first monitor", timeout: 120,
                {
                    guard let s = status(e), let age = s.drift.first(where: { $0.column == "age" }), s.rows >= 500_000 else { return false }
                    before = (s.rows, age.sampled)
                    return true
                })
        else { return }
        m.kill9()
        m.stop()
        #expect(c.isRunning, "the job is still running when the monitor is restarted")
        m = try monitor(e)
        guard
            waitFor(
                "the restarted monitor to catch up from the coordinator's snapshots", timeout: 15,
                {
                    guard let s = status(e), let age = s.drift.first(where: { $0.column == "age" }) else { return false }
                    return s.rows >= before.rows && age.sampled >= before.sampled
                })
        else { return }
        #expect(c.wait(timeout: 300))
        #expect(c.status == 0, "\(c.stderr)")
        guard waitFor("the restarted monitor to see the end", timeout: 15, { status(e)?.state == "finished" }) else { return }
        let s = try #require(status(e))
        #expect(s.rows == 6_000_000 && s.plannedRows == 6_000_000)
        let age = try #require(s.drift.first(where: { $0.column == "age" }))
        let sampled: Int64 = age.sampled
        #expect(sampled == 6_000_000 / 32, "one row in 32, over the whole table, not only what came after the restart")
        let metrics = get(e, "/metrics")
        #expect(
            metrics.contains("loom_rows_generated_total{job=") && metrics.contains("table=\"users\"} 6000000\n"),
            "every row is counted: \(metrics)")
    }
    /// A coordinator killed mid-load and resumed gets the sketches of the shards committed
    /// before the kill back from the ledger: the drift verdict covers the whole table.
    @Test func resumedCoordinatorRecoversSketchesFromTheLedger() throws {
        let spec = try Self.write(Self.alertSpec, "drift-resume.yaml")
        let db = try TestCluster.database("drift_resume")
        let e = try Endpoints()
        let m = try monitor(e)
        defer { m.stop() }
        func coordinator(resume: Bool) throws -> Child {
            try Child.loom(
                [
                    "coordinator", spec, "--database", db, "--rows", "2000000", "--shard-rows", "100000", "--lease-seconds", "2",
                    "--bind", "tcp://127.0.0.1:\(e.bind)", "--events", "tcp://127.0.0.1:\(e.events)",
                ] + (resume ? ["--resume"] : []))
        }
        let first = try coordinator(resume: false)
        let w = try Child.loom(["worker", "--connect", "tcp://127.0.0.1:\(e.bind)", "--database", db])
        defer { w.stop() }
        let c = try PostgresConnection(db)
        func committed() -> Int {
            Int(
                (try? c.execute("SELECT count(*) FROM loom.shards WHERE sketch IS NOT NULL").value(0, 0)).flatMap { $0 }.flatMap { Int($0) }
                    ?? 0)
        }
        guard waitFor("five shards with sketches in the ledger", timeout: 120, { committed() >= 5 }) else { first.stop(); return }
        first.kill9()
        first.stop()
        let before = committed()
        #expect(before < 20, "the kill came mid-job")
        let second = try coordinator(resume: true)
        #expect(second.wait(timeout: 300))
        #expect(second.status == 0, "\(second.stderr)")
        guard waitFor("the monitor to see the end", timeout: 15, { status(e)?.state == "finished" }) else { return }
        let s = try #require(status(e))
        #expect(s.rows == 2_000_000)
        let age = try #require(s.drift.first(where: { $0.column == "age" }))
        // The stride for 2M rows is 16 (a power of two giving about 100k samples).
        #expect(age.sampled == 2_000_000 / 16, "sampled \(age.sampled): shards committed before the kill (\(before)) count too")
        #expect(
            s.driftSeverity == "alert", "the deliberately wrong expectations still alert: \(s.drift.map { "\($0.column) \($0.severity)" })")
    }
}
