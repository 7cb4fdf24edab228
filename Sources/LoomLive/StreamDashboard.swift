import Foundation
import LoomMonitor

/// `loom stream --listen`'s page at `/`: target against achieved rate, lag, the watermark and
/// rows per table, in the monitor dashboard's style, reloading itself every 2 seconds.
public enum StreamDashboard {
    public static func html(_ s: StreamStatus.Snapshot) -> String {
        var page = """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Loom stream: \(esc(s.stream))</title>
            <meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="refresh" content="2">
            <style>
            \(DashboardStyle.css)
            </style></head><body>
            <h1>Loom stream: \(esc(s.stream))</h1>

            """
        page +=
            "<div class=\"sub\" id=\"summary\"><span class=\"state\">\(esc(s.state))</span> · up to \(esc(LiveStream.format(s.watermark)))"
        page += " · \(s.commits) transactions · \(s.pendingRows) rows waiting for their time</div>\n"
        page += "<div class=\"card\"><table><tbody>\n"
        let figures: [(String, String, String)] = [
            ("target", String(format: "%.1f", s.targetRate), "root rows per second"),
            ("achieved", String(format: "%.1f", s.achievedRate), "root rows per second since the start"),
            ("lag", String(format: "%.3f", s.lagSeconds), "seconds between the last row's time and its commit"),
            ("lag-p50", String(format: "%.3f", s.lagP50Seconds), "seconds, median"),
            ("lag-p99", String(format: "%.3f", s.lagP99Seconds), "seconds, 99th percentile"),
        ]
        for (id, value, what) in figures {
            page += "<tr><th>\(id)</th><td class=\"num\" id=\"\(id)\">\(value)</td><td>\(what)</td></tr>\n"
        }
        page += "</tbody></table></div>\n<div class=\"card\"><h3>Rows committed</h3><table><thead><tr><th>table</th>"
        page += "<th class=\"num\">rows</th></tr></thead><tbody>\n"
        for (t, n) in s.rows.sorted(by: { $0.key < $1.key }) {
            page += "<tr class=\"table-row\"><td>\(esc(t))</td><td class=\"num\">\(n)</td></tr>\n"
        }
        return page + "</tbody></table></div>\n</body></html>\n"
    }

    static func esc(_ s: String) -> String { DashboardStyle.escape(s) }
}
