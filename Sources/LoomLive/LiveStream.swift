@preconcurrency import Glibc
import LoomGen
import LoomSpec

/// A running stream: root rows arrive on their clocks, rows are committed when their time
/// comes (in small transactions, each moving the watermark), until the end or a stop.
public final class LiveStream {
    public let id: String
    public let setup: StreamSetup
    public let timeline: StreamTimeline
    /// Mean root rows per virtual second of the first root table.
    public let rate: Double
    public let status: StreamStatus
    /// The plan the rows come from (with the roots' time columns anchored to their clocks).
    public let plan: DatasetPlan
    private var schedule: StreamSchedule
    private let sink: StreamSink
    private let tableNames: [String]
    /// Longest wait between two looks at the clock (seconds).
    public var tick = 0.05
    /// Attempts of a batch whose commit failed (the connection is opened again between them).
    public var attempts = 4
    /// Pending rows past which `warn` is told once: the rows due within the schedule's horizon
    /// wait in memory, so a high rate of rows with many children holds many.
    public var pendingWarning = 2_000_000
    /// Where warnings go (standard error by default).
    public var warn: (String) -> Void = { fputs("loom stream: warning: \($0)\n", stderr) }

    /// - Parameters:
    ///   - makePlan: builds the plan, with each fixed table at the rows already in the database
    ///     (the roots' first rows) and the roots' time columns anchored to their clocks.
    ///   - shaped: whether root rows follow their time column's hour/weekday/month weights.
    ///   - shard: this streamer's share of the root rows (row modulo count), when several share a stream.
    public init(
        id: String, spec: Spec, setup: StreamSetup, firstRows: [String: UInt64], timeline: StreamTimeline, rate: Double, shaped: Bool,
        sink: StreamSink, format: OutputFormat = .copy, shard: (index: UInt64, count: UInt64) = (0, 1),
        makePlan: ([TimeAnchor]) throws -> DatasetPlan
    ) throws {
        self.id = id
        self.setup = setup
        self.timeline = timeline
        self.rate = rate
        self.sink = sink
        tableNames = spec.loadOrder.map(\.name)
        status = StreamStatus(stream: id, targetRate: rate * timeline.speed / Double(shard.count), roots: Array(setup.roots.prefix(1)))
        let primary = setup.roots.first.flatMap { spec.table($0) }.map(StreamSetup.plannedRows) ?? 0
        var clocks: [ArrivalClock] = []
        var anchors: [TimeAnchor] = []
        for name in setup.roots {
            let t = spec.table(name)!
            let share = primary > 0 ? Double(StreamSetup.plannedRows(t)) / Double(primary) : 1
            var shape: ArrivalClock.Shape? = nil
            if shaped, let c = setup.timeColumns[name], case .generator(.timePattern(let p)) = t.column(c)?.source { shape = .init(p) }
            let clock = ArrivalClock(
                origin: timeline.origin, firstRow: firstRows[name] ?? 0, rate: rate * share, shape: shape,
                key: CounterRNG.streamKey(seed: spec.seed, name, "stream-arrival"))
            clocks.append(clock)
            if let c = setup.timeColumns[name] { anchors.append(TimeAnchor(table: name, column: c, arrival: clock.arrival)) }
        }
        plan = try makePlan(anchors)
        var roots: [StreamSchedule.Root] = []
        for (name, clock) in zip(setup.roots, clocks) {
            let expander = try LiveExpander(
                plan: plan, root: name, firstRow: firstRows[name] ?? 0, streamed: Set(setup.tables), timeColumns: setup.timeColumns,
                format: format)
            expander.shard = shard
            roots.append(.init(expander: expander, clock: clock))
        }
        schedule = StreamSchedule(roots: roots, end: timeline.end)
    }

    /// Mean rows per virtual second at which `table`'s spec spreads its rows over its time
    /// column's range (nil when the column has no range).
    public static func naturalRate(_ spec: Spec, table: String, column: String?) -> Double? {
        guard let t = spec.table(table), let column, case .generator(let g) = t.column(column)?.source else { return nil }
        let rows = Double(StreamSetup.plannedRows(t)) * spec.scale
        let span: Int64
        switch g {
        case .timePattern(let p): span = p.to - p.from
        case .timestampRange(let lo, let hi): span = hi - lo
        case .dateRange(let lo, let hi): span = (hi - lo + 1) * CivilTime.microsPerDay
        default: return nil
        }
        return span > 0 && rows > 0 ? rows / (Double(span) / 1e6) : nil
    }

    /// Rebuilds the pending rows of a stream whose rows up to `watermark` are committed.
    public func replay(to watermark: Int64) {
        let steps: Int64 = 64
        let span = max(watermark - timeline.origin, 0)
        for i in 1...steps { _ = schedule.rows(dueBy: timeline.origin + span * i / steps) }
    }

    /// What a stream did.
    public struct Summary: Sendable {
        public var rows: [String: Int]
        public var finished: Bool
        public var watermark: Int64
    }

    /// Streams until the end of the timeline or until `stop` says so (checked at least every tick).
    public func run(stop: () -> Bool) throws -> Summary {
        var totals: [String: Int] = [:]
        var watermark = timeline.origin
        var warned = false
        status.started(atWall: Self.wallNow())
        while !stop() {
            let v = timeline.virtual(atWall: Self.wallNow())
            let rows = schedule.rows(dueBy: v)
            let finished = schedule.isFinished
            let mark = finished ? timeline.end! : min(v, timeline.end ?? v)
            if !rows.isEmpty || finished {
                try commit(rows, watermark: mark)
                watermark = mark
                var perTable: [String: Int] = [:]
                for r in rows { perTable[tableNames[r.table], default: 0] += 1 }
                for (t, n) in perTable { totals[t, default: 0] += n }
                let wall = Self.wallNow()
                let lags = rows.map { Double(wall - timeline.wall(atVirtual: $0.due)) / 1e6 }
                status.committed(rows: perTable, lags: lags, watermark: mark, pending: schedule.pendingCount, atWall: wall)
            }
            if !warned, schedule.pendingCount > pendingWarning {
                warned = true
                warn(
                    "\(schedule.pendingCount) rows are waiting in memory for their time (more than an hour of stream time's worth); memory grows with them — lower the rate or stream fewer tables"
                )
            }
            if finished {
                status.finished()
                return Summary(rows: totals, finished: true, watermark: watermark)
            }
            sleep(until: schedule.nextDue().map(timeline.wall(atVirtual:)))
        }
        return Summary(rows: totals, finished: false, watermark: watermark)
    }

    private func commit(_ rows: [LiveRow], watermark: Int64) throws {
        var attempt = 1
        while true {
            do {
                try sink.commit(rows, watermark: watermark)
                return
            } catch {
                guard attempt < attempts, let retry = sink as? RetryingStreamSink else {
                    throw StreamError("stream \(id): committing \(rows.count) rows up to \(Self.format(watermark)) failed: \(error)")
                }
                usleep(UInt32(min(250_000 << attempt, 4_000_000)))
                attempt += 1
                if try retry.reopen(committed: watermark) { return }
            }
        }
    }

    private func sleep(until wall: Int64?) {
        let now = Self.wallNow()
        let limit = now + Int64(tick * 1e6)
        let target = min(wall ?? limit, limit)
        if target > now { usleep(UInt32(target - now)) }
    }

    static func wallNow() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
    }

    /// A virtual time as `YYYY-MM-DD HH:MM:SS UTC`.
    public static func format(_ micros: Int64) -> String {
        let day = micros >= 0 ? micros / CivilTime.microsPerDay : (micros - CivilTime.microsPerDay + 1) / CivilTime.microsPerDay
        let (y, m, d) = CivilTime.civil(fromDays: day)
        let s = (micros - day * CivilTime.microsPerDay) / 1_000_000
        func two(_ n: Int64) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return "\(y)-\(two(Int64(m)))-\(two(Int64(d))) \(two(s / 3600)):\(two(s / 60 % 60)):\(two(s % 60)) UTC"
    }
}

/// A sink that can open its connection again after a failed commit.
public protocol RetryingStreamSink: StreamSink {
    /// Reconnects; true when the ledger shows the batch up to `committed` went in after all.
    func reopen(committed: Int64) throws -> Bool
}
