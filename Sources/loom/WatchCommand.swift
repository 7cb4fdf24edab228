@preconcurrency import Glibc
import ArgumentParser
import Foundation
import LoomGen
import LoomMonitor
import LoomPostgres
import LoomSpec
import LoomStats
import LoomValidate

/// `loom watch SPEC`: judge the real tables a spec was profiled from against it, on a schedule.
struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Measure the real tables a spec was learned from, on a schedule, and say when they have moved away from it.",
        discussion: """
            Each round computes the statistics `loom validate` computes, in PostgreSQL, and judges every \
            column against the spec's expectations. With --listen, /metrics serves the loom_drift_* gauges \
            with source="real", /api/status the last round as JSON and / a page showing it; `loom status \
            --monitor URL` prints it. A round with a column at alert prints an alert line on standard error.
            """
    )

    @OptionGroup var options: SpecOptions
    @OptionGroup var database: DatabaseOptions

    @Option(help: "Time between rounds: 30s, 15m, 1h.")
    var every: String = "1h"

    @Option(help: "HOST:PORT for /metrics, /api/status and a page at / (port 0: any free port, printed).")
    var listen: String?

    @Flag(help: "Measure once, print the result and exit (1 when a column is at alert).")
    var once = false

    func run() async throws {
        guard let period = Self.seconds(every) else { throw ValidationError("--every must be like 30s, 15m or 1h, found '\(every)'") }
        let spec = try options.load()
        let plan = try SizeOptions.parse([]).plan(spec, table: nil)
        let conninfo = try database.resolve()
        let schema = database.schema
        let state = WatchState(job: spec.dataset, schema: schema, everySeconds: period)
        let measure: () -> ValidationReport? = {
            do {
                let connection = try PostgresConnection(conninfo)
                defer { connection.close() }
                var validator = TableValidator(plan: plan, schema: schema, connection: connection)
                validator.hardBounds = false
                return try validator.run(tables: nil)
            } catch {
                fputs("loom watch: measuring \(schema) failed: \(error)\n", stderr)
                return nil
            }
        }
        if once {
            guard let report = measure() else { throw ExitCode(1) }
            print(ValidateCommand.render(report))
            print("watch: \(report.summary)")
            if report.worst == .alert { throw ExitCode(1) }
            return
        }
        if let listen {
            let parts = listen.split(separator: ":", omittingEmptySubsequences: false)
            guard parts.count == 2, let port = Int(parts[1]), (0...65535).contains(port) else {
                throw ValidationError("--listen must be HOST:PORT, found '\(listen)'")
            }
            let host = String(parts[0])
            let address = listen
            Task {
                do {
                    try await WatchServer(state: state, host: host, port: port).run { bound in
                        fputs("loom watch: http://\(host):\(bound)/metrics (status at /api/status, a page at /)\n", stderr)
                    }
                } catch {
                    // A port in use (or any failure to serve) ends the watch: its gauges would go nowhere.
                    Terminal.error("watch cannot serve on \(address): \(error)")
                    Glibc.exit(1)
                }
            }
        }
        while true {
            if let report = measure() {
                state.update(report.columns)
                fputs("loom watch: \(schema): \(report.summary)\n", stderr)
                for d in report.columns where d.severity == .alert {
                    fputs(
                        "loom watch: ALERT real data moved away from the spec: \(ValidationReport.name(d)): \(d.reasons.joined(separator: "; "))\n",
                        stderr)
                }
            }
            try await Task.sleep(nanoseconds: UInt64(period * 1e9))
        }
    }

    /// `30s`, `15m`, `2h` (or plain seconds) as seconds.
    static func seconds(_ s: String) -> Double? {
        let units: [Character: Double] = ["s": 1, "m": 60, "h": 3600]
        if let last = s.last, let unit = units[last], let n = Double(s.dropLast()), n > 0 { return n * unit }
        return Double(s).flatMap { $0 > 0 ? $0 : nil }
    }
}
