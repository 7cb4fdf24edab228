@preconcurrency import Glibc
import Foundation
import LoomProtocol
import LoomWire

/// The live view of `loom run` on a terminal: a bar per table, rows/s and ETA, redrawn in
/// place from the coordinator's status events. Off a terminal it prints nothing.
final class ClusterView {
    private var lines = 0
    private var last: (rows: Int64, seconds: Double)?
    private var rate = 0.0
    private let terminal = isatty(STDERR_FILENO) != 0

    func show(_ event: ClusterEvent) {
        guard terminal, case .status(let s) = event else { return }
        let rows = s.tables.reduce(Int64(0)) { $0 + $1.rows }
        let planned = s.tables.reduce(UInt64(0)) { $0 + $1.plannedRows }
        if let last, s.seconds > last.seconds {
            let instant = Double(rows - last.rows) / (s.seconds - last.seconds)
            rate = rate == 0 ? instant : 0.6 * rate + 0.4 * instant
        }
        last = (rows, s.seconds)
        var out = ""
        if lines > 0 { out += "\u{1B}[\(lines)A" }
        var count = 0
        for t in s.tables {
            let fraction = t.shards == 0 ? 1 : Double(t.shardsCommitted) / Double(t.shards)
            let bar = Units.bar(fraction)
            out += "\u{1B}[2K" + String(format: "%-16@ %@ %3.0f%%  %d/%d shards  %@ rows\n", t.name as NSString, bar, fraction * 100,
                                          t.shardsCommitted, t.shards, Units.count(Double(t.rows)))
            count += 1
        }
        let eta = rate > 0 ? String(format: "%.0f s", Double(max(Int64(planned) - rows, 0)) / rate) : "--"
        out += "\u{1B}[2K" + "\(s.workers) workers, \(s.leased) shards leased, \(Units.count(rate)) rows/s, ETA \(eta), \(String(format: "%.0f", s.seconds)) s\n"
        count += 1
        fputs(out, stderr)
        lines = count
    }

    func end() { lines = 0 }
}
