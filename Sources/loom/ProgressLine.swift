@preconcurrency import Glibc
import Foundation
import LoomLoad

/// A one-line progress bar on the terminal (stderr), redrawn in place.
final class ProgressLine: @unchecked Sendable {
    private var lastRows: UInt64 = 0
    private var lastTime: Double = 0
    private var rate: Double = 0
    private(set) var drawn = false

    static var isTerminal: Bool { isatty(STDERR_FILENO) != 0 }

    func draw(_ p: LoadProgress) {
        let dt = p.seconds - lastTime
        if lastTime == 0, p.seconds > 0 {
            rate = Double(p.rows) / p.seconds
        } else if dt > 0 {
            let instant = Double(p.rows &- lastRows) / dt
            rate = rate == 0 ? instant : 0.7 * rate + 0.3 * instant
        }
        lastRows = p.rows
        lastTime = p.seconds
        let bar = Units.bar(p.fraction)
        let eta = rate > 0 ? String(format: "ETA %.0f s", Double(p.plannedRows - min(p.rows, p.plannedRows)) / rate) : "ETA --"
        let line = String(
            format: "%@ %3.0f%%  %@/%@ rows  %d/%d shards  %@ rows/s  %@",
            bar, p.fraction * 100, Units.count(Double(p.rows)), Units.count(Double(p.plannedRows)),
            p.shards, p.plannedShards, Units.count(rate), eta)
        fputs("\r\u{1B}[2K" + line, stderr)
        drawn = true
    }

    func end() {
        if drawn { fputs("\r\u{1B}[2K", stderr) }
    }
}
