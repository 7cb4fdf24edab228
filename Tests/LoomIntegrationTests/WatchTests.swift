import Foundation
import LoomPostgres
import LoomProfile
import Testing

/// `loom watch`: the real table a spec was profiled from, measured on a schedule; a column
/// changed under it turns its gauge to alert within a round, the others stay green.
@Suite struct WatchTests {
    /// `loom_drift_severity` of each column (source="real") in the Prometheus text.
    static func severities(_ metrics: String) -> [String: Int] {
        var out: [String: Int] = [:]
        for line in metrics.split(separator: "\n") where line.hasPrefix("loom_drift_severity{") && line.contains("source=\"real\"") {
            guard let c = line.range(of: "column=\""), let end = line[c.upperBound...].firstIndex(of: "\""),
                let value = line.split(separator: " ").last.flatMap({ Double($0) })
            else { continue }
            out[String(line[c.upperBound..<end])] = Int(value)
        }
        return out
    }

    static func rounds(_ metrics: String) -> Int {
        metrics.split(separator: "\n").first { $0.hasPrefix("loom_watch_rounds{") }.flatMap { $0.split(separator: " ").last }
            .flatMap { Double($0) }.map(Int.init) ?? 0
    }

    @Test func aColumnChangedUnderTheWatchTurnsToAlertAndTheOthersStayGreen() throws {
        let db = try TestCluster.database()
        let c = try PostgresConnection(db)
        try c.execute(
            """
            CREATE TABLE orders AS SELECT g AS id, 50 + (g * 7919 % 1000) / 10.0 AS amount,
                (ARRAY['new', 'paid', 'sent'])[1 + g % 3] AS status FROM generate_series(1, 3000) g;
            ALTER TABLE orders ADD PRIMARY KEY (id);
            """)
        let profile = try Profiler(connection: c, options: ProfileOptions()).run()
        let path = FaultTests.workDirectory + "/watch-\(UUID().uuidString).yaml"
        try profile.spec.write(toFile: path, atomically: true, encoding: .utf8)
        let watch = try Child.loom(["watch", path, "--database", db, "--every", "1s", "--listen", "127.0.0.1:0"])
        var url: String? = nil
        let deadline = Date().addingTimeInterval(30)
        while url == nil, Date() < deadline, watch.isRunning {
            url = watch.stderrLines.first { $0.hasPrefix("loom watch: http://") }?.split(separator: " ")[2].description
            if url == nil { usleep(50_000) }
        }
        let metricsURL = try #require(url, "loom watch did not start: \(watch.stderr)")
        func metrics() throws -> String { try Child.run("/usr/bin/curl", ["-s", "--max-time", "5", metricsURL], timeout: 10).stdout }
        func waitRounds(_ n: Int) throws -> String {
            var text = ""
            let until = Date().addingTimeInterval(30)
            repeat {
                text = try metrics()
                if Self.rounds(text) >= n { break }
                usleep(200_000)
            } while Date() < until
            return text
        }
        let taken = try #require(URL(string: metricsURL)?.port)
        let second = try Child.loom(["watch", path, "--database", db, "--every", "1s", "--listen", "127.0.0.1:\(taken)"], timeout: 30)
        #expect(second.status == 1 && second.stderr.contains("cannot serve on 127.0.0.1:\(taken)"), "a port in use: \(second.stderr)")
        let before = Self.severities(try waitRounds(1))
        #expect(before["amount"] == 0 && before["status"] == 0, "the source agrees with its own profile: \(before)")
        try c.execute("UPDATE orders SET amount = amount * 3 + 400")
        let changed = Self.rounds(try metrics())
        let after = Self.severities(try waitRounds(changed + 2))
        #expect(after["amount"] == 2, "the shifted column is at alert: \(after)")
        #expect(after["status"] == 0, "the column nobody touched stays green")
        #expect(watch.stderr.contains("ALERT real data moved away from the spec: orders.amount"), "\(watch.stderr)")
        // `loom status` pointed at the watch prints its last round; its page at / shows the same.
        let base = String(metricsURL.dropLast("/metrics".count))
        let status = try Child.loom(["status", "--monitor", base], timeout: 30)
        #expect(status.status == 0, "loom status: \(status.stderr)")
        let lines = status.stdout.split(separator: "\n").map(String.init)
        #expect(
            lines.first?.hasPrefix("watch profiled (schema public): round ") == true && lines.first?.contains("1 ALERT") == true,
            "\(status.stdout)")
        let amount = lines.first { $0.contains("orders.amount") } ?? ""
        #expect(amount.hasPrefix("  ALERT") && amount.contains("KS "), "the alerting column with its metric: \(status.stdout)")
        #expect(lines.first { $0.contains("orders.status") }?.hasPrefix("  ok") == true, "\(status.stdout)")
        let page = try Child.run("/usr/bin/curl", ["-s", "--max-time", "5", base + "/"], timeout: 10).stdout
        #expect(page.contains("<tr class=\"drift-row\" data-severity=\"alert\"><td>orders.amount</td>"), "\(page)")
        #expect(page.contains("<tr class=\"drift-row\" data-severity=\"ok\"><td>orders.status</td>"))
        #expect(page.contains("<span class=\"sev sev-alert\">alert</span>"))
    }
}
