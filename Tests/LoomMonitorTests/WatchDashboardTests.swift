import Foundation
import LoomMonitor
import LoomStats
import Testing

/// `loom watch`'s status and page from hand-built rounds, without sockets.
@Suite struct WatchDashboardTests {
    static func drift(_ table: String, _ column: String, _ severity: DriftSeverity, ks: Double? = nil, tv: Double? = nil) -> ColumnDrift {
        var d = ColumnDrift(table: table, column: column, target: "expectations", sampled: 3000)
        d.ks = ks
        d.totalVariation = tv
        if severity >= .warn { d.raise(severity, "KS \(ks ?? 0) above the level") }
        return d
    }

    @Test func theStatusSaysItIsAWatchAndRoundTrips() throws {
        let state = WatchState(job: "shop", schema: "src", everySeconds: 60)
        let empty = try WatchStatus.decoder.decode(WatchStatus.self, from: state.statusJSON())
        #expect(empty.kind == "watch" && empty.rounds == 0 && empty.measuredAt == nil)
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        state.update([Self.drift("orders", "amount", .alert, ks: 0.83), Self.drift("orders", "status", .ok, tv: 0.004)], at: at)
        let json = String(decoding: state.statusJSON(), as: UTF8.self)
        #expect(json.contains("\"kind\":\"watch\"") && json.contains("\"measured_at\":\"2027-01-15T08:00:00Z\""), "\(json)")
        let s = try WatchStatus.decoder.decode(WatchStatus.self, from: state.statusJSON())
        #expect(s.rounds == 1 && s.severity == .alert && s.schema == "src" && s.everySeconds == 60 && s.measuredAt == at)
        #expect(s.columns.map(\.column) == ["amount", "status"])
        #expect(WatchStatus.metrics(s.columns[0]) == "KS 0.830")
    }

    @Test func thePageListsEveryColumnWithItsVerdictAlertsFirst() {
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let status = WatchStatus(
            job: "shop<1>", schema: "src", everySeconds: 3600, measuredAt: at, rounds: 4,
            columns: [Self.drift("orders", "status", .ok, tv: 0.004), Self.drift("orders", "a<b>", .alert, ks: 0.83)])
        let page = WatchDashboard.html(status, now: at.addingTimeInterval(42))
        #expect(!page.contains("shop<1>") && page.contains("shop&lt;1&gt;"), "names are escaped")
        let alert = page.range(of: "<tr class=\"drift-row\" data-severity=\"alert\"><td>orders.a&lt;b&gt;</td>")
        let ok = page.range(of: "<tr class=\"drift-row\" data-severity=\"ok\"><td>orders.status</td>")
        #expect(alert != nil && ok != nil, "\(page)")
        if let alert, let ok { #expect(alert.lowerBound < ok.lowerBound, "alerts come first") }
        #expect(page.contains("<td class=\"num\">0.830</td>"), "the alerting column's KS")
        #expect(page.contains("round 4 at <time datetime=\"2027-01-15T08:00:00Z\">") && page.contains("(42 s ago)"))
        #expect(page.contains("1 alert · 0 warn") && page.contains("sev-alert"))
        #expect(WatchDashboard.html(WatchStatus(job: "shop")).contains("No round measured yet."))
    }
}
