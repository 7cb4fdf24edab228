@preconcurrency import Glibc
import ArgumentParser
import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import LoomLive
import LoomMonitor
import LoomStats
import LoomProtocol
import LoomWire

/// `loom monitor`: collect a coordinator's events and serve /metrics, /api/status and a dashboard.
struct MonitorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "monitor",
        abstract: "Serve Prometheus metrics, a JSON status API and a live dashboard for a coordinator's job."
    )

    @Option(help: "HOST:PORT to serve on.")
    var listen: String = "127.0.0.1:9464"

    @Option(help: "The coordinator's event endpoint (its --events), e.g. tcp://10.0.0.5:5556.")
    var connect: String

    func run() async throws {
        let parts = listen.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = Int(parts[1]), (1...65535).contains(port) else {
            Terminal.error("--listen must be HOST:PORT, found '\(listen)'")
            throw ExitCode(1)
        }
        let state = MonitorState()
        let subscriber: EventSubscriber
        do {
            subscriber = try EventSubscriber(connect: connect, state: state)
        } catch {
            Terminal.error("cannot subscribe to \(connect): \(error)")
            throw ExitCode(1)
        }
        subscriber.onDropped = { fputs("loom monitor: dropped \($0)\n", stderr) }
        subscriber.start()
        fputs("loom monitor: http://\(listen)/ (metrics at /metrics, status at /api/status), events from \(connect)\n", stderr)
        do {
            try await MonitorServer(state: state, host: String(parts[0]), port: port).run()
        } catch {
            Terminal.error("monitor on \(listen): \(error)")
            throw ExitCode(1)
        }
    }
}

/// `loom status`: the monitor's view in the terminal, or the last round of a `loom watch`
/// when the URL is a watch's listener (its `/api/status` says `"kind": "watch"`).
struct StatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "Show a job's progress from a running monitor, or the last round of a running loom watch.",
        discussion: """
            The URL may be a monitor's (loom monitor, loom run) or a watch's listener (loom watch --listen): \
            for a watch, each column of the real tables is printed with its verdict (ok, warn, ALERT), \
            the metrics behind it and the time of the round.
            """
    )

    @Option(help: "The base URL of a monitor, or of a loom watch's --listen.")
    var monitor: String = "http://127.0.0.1:9464"

    @Flag(help: "Refresh every second (a job: until it ends; a watch: until stopped).")
    var watch = false

    typealias Snapshot = MonitorState.Snapshot

    /// What the URL answered: a monitor's snapshot or a watch's last round.
    enum Answer {
        case monitor(Snapshot)
        case watch(WatchStatus)
        case stream(StreamStatus.Snapshot)
    }

    func fetch() throws -> Answer {
        guard let url = URL(string: monitor.hasSuffix("/") ? monitor + "api/status" : monitor + "/api/status") else {
            throw Failure("bad monitor URL '\(monitor)'")
        }
        let box = ResultBox()
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: url) { data, _, error in
            box.data = data
            box.error = error
            done.signal()
        }.resume()
        guard done.wait(timeout: .now() + 5) == .success else { throw Failure("no answer from the monitor at \(monitor) within 5 s") }
        if let error = box.error { throw Failure("cannot reach the monitor at \(monitor): \(error.localizedDescription)") }
        let data = box.data ?? Data()
        struct Kind: Decodable { var kind: String? }
        if (try? JSONDecoder().decode(Kind.self, from: data))?.kind == WatchStatus.kindName {
            do { return .watch(try WatchStatus.decoder.decode(WatchStatus.self, from: data)) } catch {
                throw Failure("the watch at \(monitor) sent an unexpected status: \(error)")
            }
        }
        if (try? JSONDecoder().decode(Kind.self, from: data))?.kind == StreamStatus.kindName {
            do { return .stream(try StreamStatus.decode(data)) } catch {
                throw Failure("the stream at \(monitor) sent an unexpected status: \(error)")
            }
        }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        do { return .monitor(try decoder.decode(Snapshot.self, from: data)) } catch {
            throw Failure("the monitor at \(monitor) sent an unexpected answer")
        }
    }

    /// A stream's figures: target against achieved rate, lag, watermark, rows per table.
    static func render(_ s: StreamStatus.Snapshot) -> String {
        var lines = [
            "stream \(Sanitized.text(s.stream)): \(Sanitized.text(s.state)) up to \(LiveStream.format(s.watermark))",
            String(
                format: "  rate %.1f rows/s (target %.1f), lag %.3f s (p50 %.3f, p99 %.3f), %d rows waiting, %lld transactions",
                s.achievedRate, s.targetRate, s.lagSeconds, s.lagP50Seconds, s.lagP99Seconds, s.pendingRows, s.commits),
        ]
        for (t, n) in s.rows.sorted(by: { $0.key < $1.key }) {
            lines.append("  \(Sanitized.text(t).padding(toLength: 16, withPad: " ", startingAt: 0)) \(n) rows")
        }
        return lines.joined(separator: "\n")
    }

    final class ResultBox: @unchecked Sendable { var data: Data?; var error: Error? }

    func render(_ s: Snapshot) -> String {
        var lines = ["job \(s.job ?? "–"): \(s.state)\(s.message.map { " (\($0))" } ?? "")"]
        for t in s.tables {
            let f = t.shards == 0 ? 1 : Double(t.shardsCommitted) / Double(t.shards)
            lines.append(
                String(
                    format: "  %-16@ %@ %3.0f%%  %d/%d shards  %@ rows", t.name as NSString, Units.bar(f), f * 100,
                    t.shardsCommitted, t.shards, Units.count(Double(t.rows))))
        }
        let eta = s.etaSeconds.map { String(format: "%.0f s", $0) } ?? "--"
        lines.append(
            "  \(Units.count(Double(s.rows)))/\(Units.count(Double(s.plannedRows))) rows, \(Units.count(s.rowsPerSecond)) rows/s, ETA \(eta), \(s.leasedShards) leased, \(s.expiredLeases) expired leases, \(s.failedAttempts) failed attempts, \(s.attempts?.duplicate ?? 0) shards done more than once"
        )
        if !s.workers.isEmpty {
            lines.append(
                "  workers: "
                    + s.workers.map { "\($0.name) \($0.shards) shards \(Units.count(Double($0.rows))) rows" }.joined(separator: ", "))
        }
        lines += renderDrift(s.drift)
        return lines.joined(separator: "\n")
    }

    /// One line per column that is not plainly ok; a summary line either way.
    func renderDrift(_ drift: [ColumnDrift]) -> [String] {
        guard !drift.isEmpty else { return ["  drift: no sketches yet"] }
        let alerts = drift.filter { $0.severity == .alert }.count, warns = drift.filter { $0.severity == .warn }.count
        let collecting = drift.filter { $0.severity == .collecting }.count
        var out = ["  drift: \(drift.count) columns, \(alerts) ALERT, \(warns) warn\(collecting > 0 ? ", \(collecting) collecting" : "")"]
        for d in drift where d.severity >= .warn {
            out.append(
                "    \(d.severity == .alert ? "ALERT" : "warn ") \(d.table).\(d.column): \(d.reasons.joined(separator: "; ")) [\(d.target)]"
            )
        }
        return out
    }

    func run() throws {
        try reporting {
            var drawn = 0
            repeat {
                let text: String
                switch try fetch() {
                case .monitor(let snapshot): text = render(snapshot)
                case .watch(let status): text = WatchStatusText.render(status, now: Date())
                case .stream(let status): text = Self.render(status)
                }
                if watch, drawn > 0 { print("\u{1B}[\(drawn)A", terminator: "") }
                // Lines are cleared before they are redrawn only when refreshing in place.
                print(watch ? text.split(separator: "\n").map { "\u{1B}[2K" + $0 }.joined(separator: "\n") : text)
                drawn = text.split(separator: "\n").count
                if watch { Thread.sleep(forTimeInterval: 1) }
            } while watch
        }
    }
}
