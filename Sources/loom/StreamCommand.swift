@preconcurrency import Glibc
import ArgumentParser
import Foundation
import LoomGen
import LoomLive
import LoomPostgres
import LoomSpec

/// `loom stream SPEC`: the rows that come after a bulk load, inserted as their time comes.
struct StreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Keep inserting the rows that come next, as time passes: new root rows at a rate, their children when their time comes.",
        discussion: """
            Root rows (users, devices …) arrive at --rate per second, or with --speed at the spec's own \
            hour/weekday/month pattern, faster than real time; each row's children (sessions, events, \
            orders) are inserted when their own timestamps come, never before their parent. Keys continue \
            past the rows already in each table. Every transaction also moves the stream's watermark in \
            loom.streams, so a stream stopped in any way continues where it stopped when run again. \
            With --out -, rows go to standard output as JSON lines instead.
            """
    )

    @OptionGroup var options: SpecOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var size: SizeOptions

    @Option(help: "Root rows per second, e.g. 500/s (the largest streamed root table; other roots keep their proportion).")
    var rate: String?

    @Option(help: "Run the spec's time patterns this many times faster than real time, e.g. 60x.")
    var speed: String?

    @Option(help: "Stop after this long (wall clock): 90s, 10m, 2h. Default: until stopped.")
    var duration: String?

    @Option(help: "Stream only these tables (comma-separated; their parent tables come along).")
    var tables: String?

    @Option(help: "The time the first rows happen at: now, or a timestamp such as 2026-01-01T09:00:00Z.")
    var start: String = "now"

    @Option(help: "TABLE.COLUMN: the column that says when a row of TABLE happens (default: its first timestamp column).")
    var time: [String] = []

    @Option(help: "'-' writes the rows to standard output as JSON lines instead of a database.")
    var out: String?

    @Option(help: "HOST:PORT for /metrics (loom_stream_*) and /api/status (port 0: any free port, printed).")
    var listen: String?

    @Option(help: "K/N: stream the K-th of N shares of the root rows (run N streamers, each with its own K, to share a stream).")
    var shard: String?

    @Flag(help: "Forget a stopped stream of the same tables and start a new one.")
    var restart = false

    nonisolated(unsafe) static var stopRequested: sig_atomic_t = 0
    nonisolated(unsafe) static var signalSources: [any DispatchSourceSignal] = []

    func run() async throws {
        do {
            try await stream()
        } catch let e as StreamError {
            Terminal.error(e.description)
            throw ExitCode(1)
        } catch let f as Failure {
            Terminal.error(f.description)
            throw ExitCode(1)
        }
    }

    private func stream() async throws {
        if options.table != nil { throw Failure("stream takes --tables (a list), not --table") }
        if out != "-", size.rows != nil || size.scale != nil {
            throw Failure("--rows and --scale size a stream to standard output; in a database the rows already in the tables count")
        }
        let spec = try options.load()
        let parsed = try parseOptions()
        var overrides: [String: String] = [:]
        for t in time {
            let parts = t.split(separator: ".")
            guard parts.count == 2 else { throw Failure("--time must be TABLE.COLUMN, found '\(t)'") }
            overrides[String(parts[0])] = String(parts[1])
        }
        let setup = try StreamSetup(spec: spec, only: tables.map { $0.split(separator: ",").map(String.init) }, timeOverrides: overrides)
        guard !setup.roots.isEmpty else { throw Failure("nothing to stream: no table chosen") }
        if !setup.addedAncestors.isEmpty {
            fputs("loom stream: also streaming \(setup.addedAncestors.joined(separator: ", ")) (parents of the tables asked for)\n", stderr)
        }
        let live: LiveStream
        if out == "-" {
            live = try jsonStream(spec, setup, parsed)
        } else if let out {
            throw Failure("--out takes only '-' (standard output), found '\(out)'")
        } else {
            live = try databaseStream(spec, setup, parsed)
        }
        try serveStatus(live.status)
        // Dispatch sources rather than handlers: in an async command the main thread waits in
        // libdispatch's signal thread, which lets through only signals a source asks for (and an
        // ignored signal would be dropped before it gets there).
        for sig in [SIGINT, SIGTERM] {
            let source = DispatchSource.makeSignalSource(signal: sig, queue: .global())
            source.setEventHandler { StreamCommand.stopRequested = 1 }
            source.resume()
            Self.signalSources.append(source)
        }
        let summary = try live.run { StreamCommand.stopRequested != 0 }
        let counts = summary.rows.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        fputs(
            "loom stream: \(summary.finished ? "finished" : "stopped") at \(LiveStream.format(summary.watermark)): \(counts.isEmpty ? "no rows" : counts)\n",
            stderr)
    }

    struct Parsed {
        var shard = TableExport.ShardSelector.whole
        var rate: Double?
        var speed: Double
        var duration: Double?
        var start: Int64
    }

    private func parseOptions() throws -> Parsed {
        var p = Parsed(rate: nil, speed: 1, duration: nil, start: 0)
        if let shard {
            guard let s = TableExport.ShardSelector(parsing: shard) else {
                throw Failure("--shard must be K/N with 1 <= K <= N, found '\(shard)'")
            }
            p.shard = s
        }
        if let rate {
            let body = rate.hasSuffix("/s") ? String(rate.dropLast(2)) : rate
            guard let r = Double(body), r > 0, r.isFinite else { throw Failure("--rate must be like 500/s, found '\(rate)'") }
            p.rate = r
        }
        if let speed {
            let body = speed.hasSuffix("x") ? String(speed.dropLast()) : speed
            guard let s = Double(body), s > 0, s.isFinite else { throw Failure("--speed must be like 60x, found '\(speed)'") }
            p.speed = s
        }
        if let duration {
            guard let d = WatchCommand.seconds(duration) else {
                throw Failure("--duration must be like 90s, 10m or 2h, found '\(duration)'")
            }
            p.duration = d
        }
        let now = Int64(Date().timeIntervalSince1970 * 1e6)
        if start == "now" {
            p.start = now
        } else {
            guard let t = CivilTime.parseTimestamp(start) else { throw Failure("--start must be 'now' or a timestamp, found '\(start)'") }
            p.start = t
        }
        return p
    }

    /// Virtual root rows per second: --rate is per wall second; --speed alone takes the spec's own rate.
    func virtualRate(_ spec: Spec, _ setup: StreamSetup, _ p: Parsed) -> Double {
        if let r = p.rate { return r / p.speed }
        if speed != nil, let root = setup.roots.first,
            let natural = LiveStream.naturalRate(spec, table: root, column: setup.timeColumns[root])
        {
            return natural
        }
        return 10 / p.speed
    }

    func timeline(_ p: Parsed) -> StreamTimeline {
        let now = Int64(Date().timeIntervalSince1970 * 1e6)
        return StreamTimeline(
            origin: p.start, anchor: now, speed: p.speed, end: p.duration.map { p.start + Int64($0 * p.speed * 1e6) })
    }

    private func jsonStream(_ spec: Spec, _ setup: StreamSetup, _ p: Parsed) throws -> LiveStream {
        let sized = try size.plan(spec, table: nil)
        var first: [String: UInt64] = [:]
        for r in setup.roots { first[r] = try sized.rows(r) }
        let sink = JSONLinesStreamSink(fileDescriptor: 1, tables: spec.loadOrder.map(\.name))
        return try LiveStream(
            id: StreamTarget.streamID(dataset: spec.dataset, schema: "-", tables: setup.tables, shard: p.shard), spec: spec, setup: setup,
            firstRows: first, timeline: timeline(p), rate: virtualRate(spec, setup, p), shaped: speed != nil, sink: sink, format: .jsonl,
            shard: (p.shard.index - 1, p.shard.count)
        ) { anchors in
            var overrides: [String: Int64] = [:]
            for t in spec.tables { if case .fixed = t.rows { overrides[t.name] = Int64(try sized.rows(t.name)) } }
            return try DatasetPlan(spec: spec, rowOverrides: overrides, anchors: anchors)
        }
    }
}
