import Foundation
import LoomMonitor
import LoomProtocol
import LoomStats

/// A watch's last round as text for `loom status`: a summary line with the round's time, then
/// one line per column of the real tables with its verdict and metrics (alerts first). Text
/// from the watch (names, reasons) is sanitized: it came over the network.
enum WatchStatusText {
    static func render(_ s: WatchStatus, now: Date) -> String {
        var head = "watch \(Sanitized.text(s.job))\(s.schema.map { " (schema \(Sanitized.text($0)))" } ?? "")"
        guard let at = s.measuredAt, s.rounds > 0 else { return head + ": no round measured yet" }
        let alerts = s.columns.filter { $0.severity == .alert }.count, warns = s.columns.filter { $0.severity == .warn }.count
        head += ": round \(s.rounds) at \(ISO8601DateFormatter().string(from: at)) (\(Int(max(0, now.timeIntervalSince(at)))) s ago)"
        head += ", \(s.columns.count) columns, \(alerts) ALERT, \(warns) warn"
        var lines = [head]
        let order: [DriftSeverity: Int] = [.alert: 0, .warn: 1, .collecting: 2, .ok: 3]
        let sorted = s.columns.enumerated().sorted { (order[$0.element.severity]!, $0.offset) < (order[$1.element.severity]!, $1.offset) }
        let names = s.columns.map { Sanitized.text(WatchStatus.name($0)) }
        let width = names.map(\.count).max() ?? 0
        for (i, d) in sorted {
            let verdict = d.severity == .alert ? "ALERT" : d.severity.rawValue
            let name = names[i].padding(toLength: width, withPad: " ", startingAt: 0)
            var line = "  \(verdict.padding(toLength: 10, withPad: " ", startingAt: 0)) \(name)  \(WatchStatus.metrics(d))"
            if !d.reasons.isEmpty { line += ": \(Sanitized.text(d.reasons.joined(separator: "; "), limit: 1000))" }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }
}
