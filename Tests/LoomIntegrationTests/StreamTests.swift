import Foundation
import LoomPostgres
import Testing

/// `loom stream` into a real PostgreSQL: its rate and lag on the database's own clock, the
/// spec's consistency rules at every moment, SIGKILL and a rerun against an uninterrupted
/// stream, the hour-of-day shape under --speed, and JSON lines equal to what the database gets.
@Suite struct StreamTests {
    static var ecommerce: String { DeployTopologyTests.root.appendingPathComponent("Configs/ecommerce.yaml").path }

    /// A database holding ecommerce.yaml bulk-loaded at `rows` rows per fixed table.
    static func loaded(_ rows: Int, _ name: String = #function) throws -> String {
        let db = try TestCluster.database(name)
        let load = try Child.loom(["load", ecommerce, "--database", db, "--rows", String(rows), "--quiet"], timeout: 120)
        try #require(load.status == 0, "bulk load: \(load.stderr)")
        return db
    }

    static func int(_ c: PostgresConnection, _ sql: String) throws -> Int { Int(try c.execute(sql).value(0, 0) ?? "") ?? -1 }
    static func double(_ c: PostgresConnection, _ sql: String) throws -> Double { Double(try c.execute(sql).value(0, 0) ?? "") ?? .nan }

    @Test func aMinuteAt200RowsPerSecondHoldsItsRateWithSubSecondLag() throws {
        let db = try Self.loaded(1000)
        let c = try PostgresConnection(db)
        try c.execute("ALTER TABLE users ADD COLUMN inserted_at timestamptz DEFAULT clock_timestamp()")
        let stream = try Child.loom(["stream", Self.ecommerce, "--database", db, "--rate", "200/s", "--duration", "60s"], timeout: 120)
        #expect(stream.status == 0, "\(stream.stderr)")
        let n = try Self.int(c, "SELECT count(*) FROM users WHERE id > 1000")
        #expect(abs(n - 12_000) <= 1, "60 s at 200/s: \(n) users")
        let rate = try Self.double(
            c, "SELECT (count(*) - 1) / extract(epoch FROM max(inserted_at) - min(inserted_at)) FROM users WHERE id > 1000")
        #expect(abs(rate / 200 - 1) < 0.02, "rate on the database's clock: \(rate) rows/s")
        let p99 = try Self.double(
            c,
            "SELECT percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM inserted_at - signup_at)) FROM users WHERE id > 1000")
        #expect(p99 < 1 && p99 >= 0, "p99 lag between a row's time and its commit: \(p99) s")
        #expect(try Self.int(c, "SELECT count(*) FROM users WHERE id > 1000 AND inserted_at < signup_at") == 0, "no row before its time")
    }

    @Test func ecommerceRulesHoldAtEverySecondOfAStream() throws {
        let db = try Self.loaded(300)
        let c = try PostgresConnection(db)
        let stream = try Child.loom([
            "stream", Self.ecommerce, "--database", db, "--rate", "30/s", "--speed", "100000x", "--duration", "15s", "--listen",
            "127.0.0.1:0",
        ])
        let rules = [
            "SELECT count(*) FROM orders o WHERE o.total <> coalesce((SELECT sum(line_total) FROM order_items i WHERE i.order_id = o.id), 0) + o.shipping",
            "SELECT count(*) FROM events e WHERE e.kind = 'purchase' AND NOT EXISTS (SELECT 1 FROM orders o WHERE o.session_id = e.session_id AND o.placed_at = e.at)",
            "SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.session_id = o.session_id AND e.kind = 'purchase' AND e.at = o.placed_at)",
            "SELECT count(*) FROM events e JOIN sessions s ON s.id = e.session_id WHERE e.at < s.started_at",
            "SELECT count(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.started_at < u.signup_at",
            "SELECT count(*) FROM users WHERE age < 18 OR currency <> CASE country WHEN 'US' THEN 'USD' WHEN 'JP' THEN 'JPY' ELSE 'EUR' END",
        ]
        var checks = 0
        var seen = (status: false, metrics: false, page: false)
        while stream.isRunning {
            if let url = stream.stderrLines.first(where: { $0.hasPrefix("loom stream: http://") })?.split(separator: " ")[2],
                let base = url.components(separatedBy: "/metrics").first, checks >= 3, !seen.status
            {
                let status = try Child.loom(["status", "--monitor", base], timeout: 20)
                seen.status =
                    status.status == 0 && status.stdout.contains("stream ecommerce@public") && status.stdout.contains("(target 30.0)")
                #expect(seen.status, "loom status on the stream: \(status.stdout) \(status.stderr)")
                let metrics = try Child.run("/usr/bin/curl", ["-s", "--max-time", "5", String(url)], timeout: 10).stdout
                seen.metrics = metrics.contains("loom_stream_rows_total{") && metrics.contains("table=\"users\"")
                let page = try Child.run("/usr/bin/curl", ["-s", "--max-time", "5", base + "/"], timeout: 10).stdout
                seen.page = page.contains("id=\"achieved\"") && page.contains("<td>users</td>")
            }
            for rule in rules {
                let broken = try Self.int(c, rule)
                #expect(broken == 0, "while streaming: \(broken) rows break \(rule)")
            }
            checks += 1
            usleep(1_000_000)
        }
        #expect(stream.status == 0, "\(stream.stderr)")
        #expect(checks >= 10, "checked every second: \(checks) times")
        #expect(seen.status, "loom status showed the stream")
        #expect(seen.metrics && seen.page, "/metrics and the page showed the stream")
        #expect(
            try Self.int(c, "SELECT count(*) FROM orders o JOIN sessions s ON s.id = o.session_id WHERE s.user_id > 300") > 0,
            "orders of streamed users arrived")
        #expect(
            try Self.int(
                c, "SELECT count(*) FROM events e JOIN sessions s ON s.id = e.session_id JOIN users u ON u.id = s.user_id WHERE u.id > 300")
                > 0,
            "events of streamed users arrived")
    }

    /// Every table's rows, in order, as one checksum per table.
    static func contents(_ db: String) throws -> [String: String] {
        let c = try PostgresConnection(db)
        var out: [String: String] = [:]
        for t in ["users", "products", "sessions", "events", "orders", "order_items", "reviews"] {
            out[t] = try c.execute("SELECT count(*) || ':' || md5(string_agg(x::text, '|' ORDER BY x::text)) FROM \(t) x").value(0, 0)
        }
        return out
    }

    @Test func aStreamKilledMidwayAndRunAgainEqualsOneThatWasNot() throws {
        let whole = try Self.loaded(400, "streamWhole")
        let killed = try Self.loaded(400, "streamKilled")
        let args = ["--rate", "40/s", "--speed", "100000x", "--duration", "8s", "--start", "2026-03-01T00:00:00Z"]
        let a = try Child.loom(["stream", Self.ecommerce, "--database", whole] + args, timeout: 60)
        #expect(a.status == 0, "\(a.stderr)")
        let b = try Child.loom(["stream", Self.ecommerce, "--database", killed] + args)
        usleep(3_500_000)
        b.kill9()
        #expect(b.wait(timeout: 10) && b.killedBySignal)
        let partial = try Self.contents(killed)
        let rerun = try Child.loom(["stream", Self.ecommerce, "--database", killed] + args, timeout: 60)
        #expect(rerun.status == 0 && rerun.stderr.contains("continuing stream"), "\(rerun.stderr)")
        let expected = try Self.contents(whole)
        #expect(partial["users"] != expected["users"], "the kill came mid-stream")
        #expect(try Self.contents(killed) == expected, "killed and rerun vs uninterrupted")
        let termed = try Self.loaded(400, "streamTermed")
        let c = try Child.loom(["stream", Self.ecommerce, "--database", termed, "--listen", "127.0.0.1:0"] + args)
        usleep(3_500_000)
        kill(c.pid, SIGTERM)
        #expect(c.wait(timeout: 10) && c.status == 0 && c.stderr.contains("loom stream: stopped at"), "SIGTERM: \(c.stderr)")
        let resumed = try Child.loom(["stream", Self.ecommerce, "--database", termed] + args, timeout: 60)
        #expect(resumed.status == 0 && resumed.stderr.contains("continuing stream"), "\(resumed.stderr)")
        #expect(try Self.contents(termed) == expected, "stopped by SIGTERM and rerun vs uninterrupted")
        let again = try Child.loom(["stream", Self.ecommerce, "--database", whole] + args + ["--duration", "1s"], timeout: 60)
        #expect(again.status == 0 && !again.stderr.contains("continuing"), "a finished stream starts a new one: \(again.stderr)")
    }

    @Test func twoStreamersSharingAStreamCommitWhatOneWould() throws {
        let one = try Self.loaded(400, "streamOne")
        let two = try Self.loaded(400, "streamTwo")
        let args = ["--rate", "40/s", "--speed", "100000x", "--duration", "5s", "--start", "2026-04-01T00:00:00Z"]
        let a = try Child.loom(["stream", Self.ecommerce, "--database", one] + args, timeout: 60)
        #expect(a.status == 0, "\(a.stderr)")
        let first = try Child.loom(["stream", Self.ecommerce, "--database", two, "--shard", "1/2"] + args)
        // The second share starts after the first has committed rows: it must still start where the first did.
        usleep(1_500_000)
        let second = try Child.loom(["stream", Self.ecommerce, "--database", two, "--shard", "2/2"] + args)
        #expect(first.wait(timeout: 60) && second.wait(timeout: 60))
        #expect(first.status == 0 && second.status == 0, "\(first.stderr) \(second.stderr)")
        let (shared, single) = (try Self.contents(two), try Self.contents(one))
        for (table, expected) in single {
            #expect(shared[table] == expected, "\(table): two halves of the root rows vs one stream")
        }
        let c = try PostgresConnection(two)
        #expect(try Self.int(c, "SELECT count(*) FROM loom.streams WHERE id LIKE '%#_/2'") == 2, "each share keeps its own watermark")
    }

    @Test func speedReplaysTheSpecsHourOfDayShape() throws {
        let db = try Self.loaded(100)
        let c = try PostgresConnection(db)
        // 36,000x: a virtual day in 2.4 s; 1,000 rows/s on average puts about 2,400 users in it.
        let stream = try Child.loom(
            [
                "stream", Self.ecommerce, "--database", db, "--tables", "users", "--rate", "1000/s", "--speed", "36000x",
                "--duration", "2.4s", "--start", "2026-01-06T00:00:00Z",
            ], timeout: 60)
        #expect(stream.status == 0, "\(stream.stderr)")
        let r = try c.execute("SELECT extract(hour FROM signup_at AT TIME ZONE 'UTC')::int, count(*) FROM users WHERE id > 100 GROUP BY 1")
        var observed = [Double](repeating: 0, count: 24)
        for row in r.rows { observed[Int(row[0]!)!] = Double(row[1]!)! }
        let total = observed.reduce(0, +)
        #expect(total > 1500, "\(total) users streamed")
        let evening: [Double] = [1.5, 0.8, 0.4, 0.2, 0.2, 0.3, 0.8, 1.5, 2, 2.2, 2.4, 2.6, 3, 2.8, 2.6, 2.6, 3, 3.6, 4.6, 6, 7, 6.8, 5, 3]
        func chiSquare(_ weights: [Double]) -> Double {
            let sum = weights.reduce(0, +)
            return zip(observed, weights).reduce(0) { acc, p in
                let e = total * p.1 / sum
                return acc + (p.0 - e) * (p.0 - e) / e
            }
        }
        #expect(chiSquare(evening) < 49.7, "χ² against the spec's evening hours (23 dof, p = 0.001): \(chiSquare(evening))")
        #expect(chiSquare([Double](repeating: 1, count: 24)) > 200, "and far from a flat day")
    }

    @Test func jsonLinesCarryTheRowsTheDatabaseGets() throws {
        let db = try Self.loaded(500)
        let args = ["--tables", "users", "--rate", "50/s", "--duration", "2s", "--start", "2026-05-01T12:00:00Z"]
        let json = try Child.loom(["stream", Self.ecommerce, "--out", "-", "--rows", "500"] + args, timeout: 60)
        #expect(json.status == 0, "\(json.stderr)")
        let lines = json.stdout.split(separator: "\n")
        #expect(lines.count == 100, "2 s at 50/s: \(lines.count) lines")
        var emails: [Int: String] = [:]
        for line in lines {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(object["table"] as? String == "users")
            let row = try #require(object["row"] as? [String: Any])
            if let id = row["id"] as? Int, let email = row["email"] as? String { emails[id] = email }
        }
        let stream = try Child.loom(["stream", Self.ecommerce, "--database", db] + args, timeout: 60)
        #expect(stream.status == 0, "\(stream.stderr)")
        let c = try PostgresConnection(db)
        let r = try c.execute("SELECT id, email FROM users WHERE id > 500 ORDER BY id")
        #expect(r.rowCount == 100)
        var same = 0
        for row in r.rows where emails[Int(row[0]!)!] == row[1] { same += 1 }
        #expect(same == 100, "the same users on both sides: \(same) of 100")
        let unique = try Self.int(c, "SELECT count(*) - count(DISTINCT email) FROM users")
        #expect(unique == 0, "streamed emails never repeat a loaded one")
    }

    @Test func badStreamOptionsAreNamed() throws {
        let cases: [([String], String)] = [
            (["--tables", "nope"], "no table 'nope'"),
            (["--rate", "fast"], "--rate must be like 500/s"),
            (["--speed", "0x"], "--speed must be like 60x"),
            (["--time", "users.email"], "no timestamp or date column 'email'"),
            (["--out", "file.jsonl"], "--out takes only '-'"),
            (["--shard", "3/2"], "--shard must be K/N"),
            (["--duration", "soon"], "--duration must be like 90s"),
            (["--start", "yesterday"], "--start must be 'now' or a timestamp"),
            (["--table", "users"], "stream takes --tables"),
        ]
        for (args, message) in cases {
            let r = try Child.loom(["stream", Self.ecommerce, "--out", "-"] + args, timeout: 30)
            #expect(r.status == 1 && r.stderr.contains(message), "\(args): \(r.stderr)")
        }
    }
}
