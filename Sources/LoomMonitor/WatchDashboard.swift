import Foundation
import LoomStats

/// `loom watch`'s page at `/`: the last round drawn on the server as one table (a verdict per
/// real table column, the metrics behind it and the reasons), in the monitor dashboard's style,
/// reloading itself every 10 seconds. No scripts, no external assets; every name is escaped.
public enum WatchDashboard {
    /// The page for `s`; `now` is when it is drawn (for the round's age).
    public static func html(_ s: WatchStatus, now: Date = Date()) -> String {
        var page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Loom watch: \(esc(s.job))</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="10">
            <style>
            \(DashboardStyle.css)
            </style></head><body>
            <h1>Loom watch: real data of \(esc(s.job)) against its spec</h1>

            """
        page += "<div class=\"sub\" id=\"summary\">\(summary(s, now: now))</div>\n"
        page += "<div class=\"card\"><h3>Last round</h3>"
        guard s.rounds > 0 else { return page + "<p>No round measured yet.</p></div>\n</body></html>\n" }
        page += """
            <table><thead><tr><th>column</th><th>verdict</th><th class="num">rows</th><th class="num">KS</th><th class="num">PSI</th>\
            <th class="num">TV</th><th class="num">mean shift (sd)</th><th class="num">NULL Δ</th><th>target / reasons</th></tr></thead><tbody>

            """
        let order: [DriftSeverity: Int] = [.alert: 0, .warn: 1, .collecting: 2, .ok: 3]
        let sorted = s.columns.enumerated().sorted { (order[$0.element.severity]!, $0.offset) < (order[$1.element.severity]!, $1.offset) }
        for (_, d) in sorted { page += row(d) }
        return page + "</tbody></table></div>\n</body></html>\n"
    }

    /// One column: its name, a severity badge, the metrics and the reasons.
    static func row(_ d: ColumnDrift) -> String {
        let null = d.nullRate.flatMap { n in d.expectedNullRate.map { abs(n - $0) } }
        var out = "<tr class=\"drift-row\" data-severity=\"\(d.severity.rawValue)\"><td>\(esc(WatchStatus.name(d)))</td>"
        out += "<td><span class=\"sev sev-\(d.severity.rawValue)\">\(d.severity.rawValue)</span></td><td class=\"num\">\(d.sampled)</td>"
        for v in [d.ks, d.psi, d.totalVariation] { out += "<td class=\"num\">\(number(v, 3))</td>" }
        out += "<td class=\"num\">\(number(d.meanShift, 2))</td><td class=\"num\">\(number(null, 3))</td><td>\(esc(d.target))"
        if !d.reasons.isEmpty { out += "<div class=\"reason\">\(d.reasons.map(esc).joined(separator: "<br>"))</div>" }
        return out + "</td></tr>\n"
    }

    /// The line under the title: schema, round number and time, and the verdict counts.
    static func summary(_ s: WatchStatus, now: Date) -> String {
        var parts = ["job <b>\(esc(s.job))</b>"]
        if let schema = s.schema { parts.append("schema \(esc(schema))") }
        if let every = s.everySeconds { parts.append("every \(String(format: "%g", every)) s") }
        guard let at = s.measuredAt, s.rounds > 0 else { return (parts + ["waiting for the first round"]).joined(separator: " · ") }
        let time = ISO8601DateFormatter().string(from: at)
        parts.append("round \(s.rounds) at <time datetime=\"\(time)\">\(time)</time> (\(Int(max(0, now.timeIntervalSince(at)))) s ago)")
        let count = { (v: DriftSeverity) in s.columns.filter { $0.severity == v }.count }
        parts.append("\(s.columns.count) columns · \(count(.alert)) alert · \(count(.warn)) warn")
        parts.append("verdict <span class=\"sev sev-\(s.severity.rawValue)\">\(s.severity.rawValue)</span>")
        return parts.joined(separator: " · ")
    }

    static func number(_ v: Double?, _ digits: Int) -> String { v.map { String(format: "%.\(digits)f", $0) } ?? "–" }

    static func esc(_ s: String) -> String { DashboardStyle.escape(s) }
}
