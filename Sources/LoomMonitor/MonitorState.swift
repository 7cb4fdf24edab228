import Foundation
import LoomStats
import LoomProtocol
import LoomWire
import Prometheus

/// What the monitor knows about a job, built from the coordinator's events: per-table
/// progress, throughput over time, per-worker figures, drift, and the Prometheus metrics.
/// Totals come from the coordinator's cumulative snapshots, so a restarted monitor resumes
/// from them rather than from zero.
/// Thread-safe: events arrive on the subscriber thread, HTTP requests on others.
public final class MonitorState: @unchecked Sendable {
    private let lock = NSLock()
    private var status: ClusterEvent.Status?
    private var finished: (ok: Bool, message: String)?
    private var workers: [String: WorkerFigures] = [:]
    private var history: [Point] = []
    private var lastRows: [String: Int64] = [:]
    private var lastExpired = 0
    private var lastFailed = 0
    private var lastAttempts = AttemptCounts()
    private var lastBytes: [String: Int64] = [:]
    private var lastWorkerRows: [String: Int64] = [:]
    private var drift = DriftBook()
    private var driftCache: (at: Double, columns: [ColumnDrift])?
    private let started = Date()

    public let registry = PrometheusCollectorRegistry()

    /// Rows loaded at a moment, for the throughput chart, with the rate over the five seconds
    /// before it (rows arrive a shard at a time, so a per-second rate would saw-tooth).
    public struct Point: Codable, Sendable {
        public var seconds: Double
        public var rows: Int64
        public var rowsPerSecond: Double
    }

    public struct WorkerFigures: Codable, Sendable {
        public var name: String
        public var host: String?
        public var shards: Int
        public var rows: Int64
        /// Seconds since the coordinator last heard from it.
        public var lastSeen: Double
    }

    /// The JSON of `/api/status`.
    public struct Snapshot: Codable, Sendable {
        public var job: String?
        public var state: String
        public var message: String?
        public var tables: [ClusterEvent.Status.Table]
        public var rows: Int64
        public var plannedRows: UInt64
        public var rowsPerSecond: Double
        public var etaSeconds: Double?
        public var workers: [WorkerFigures]
        public var leasedShards: Int
        public var expiredLeases: Int
        public var elapsedSeconds: Double
        public var history: [Point]
        public var failedAttempts: Int
        /// Shard attempts by outcome, from the coordinator's last status.
        public var attempts: AttemptCounts?
        /// The worst drift severity over all columns.
        public var driftSeverity: DriftSeverity
        public var drift: [ColumnDrift]
    }

    public init() {}

    /// `loom_shard_attempts_total{outcome}`: every outcome's series exists from the first status
    /// on, so "done more than once" reads 0 rather than missing. A restarted coordinator counts
    /// from zero again; its figures then add to the totals instead of being taken as a decrease.
    private func countAttempts(_ a: AttemptCounts, job: String) {
        let last = Dictionary(uniqueKeysWithValues: lastAttempts.byOutcome.map { ($0.outcome, $0.count) })
        for (outcome, count) in a.byOutcome {
            let before = last[outcome] ?? 0
            let delta = count >= before ? count - before : count
            registry.makeCounter(
                name: "loom_shard_attempts_total", labels: [("job", job), ("outcome", outcome)],
                help: "Shard attempts by outcome: committed, duplicate (a shard done more than once), failed, expired, released, adopted."
            )
            .increment(by: Int64(max(0, delta)))
        }
        lastAttempts = a
    }

    private var now: Double { Date().timeIntervalSince(started) }

    public func apply(_ event: ClusterEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .status(let s):
            status = s
            let rows = s.tables.reduce(Int64(0)) { $0 + $1.rows }
            let rate: Double
            if let base = history.last(where: { s.seconds - $0.seconds >= 5 }) ?? history.first, s.seconds > base.seconds {
                rate = Double(rows - base.rows) / (s.seconds - base.seconds)
            } else {
                rate = 0
            }
            history.append(Point(seconds: s.seconds, rows: rows, rowsPerSecond: max(rate, 0)))
            if history.count > 900 { history.removeFirst(history.count - 900) }
            for t in s.tables {
                let labels = [("job", s.job), ("table", t.name)]
                let delta = t.rows - (lastRows[t.name] ?? 0)
                if delta > 0 {
                    registry.makeCounter(
                        name: "loom_rows_generated_total", labels: labels, help: "Rows generated in shards that completed."
                    ).increment(by: Int64(delta))
                    if s.sink != "null" {
                        registry.makeCounter(name: "loom_rows_loaded_total", labels: labels, help: "Rows committed to PostgreSQL.")
                            .increment(by: Int64(delta))
                    }
                }
                lastRows[t.name] = max(t.rows, lastRows[t.name] ?? 0)
                registry.makeGauge(name: "loom_rows_planned", labels: labels, help: "Rows the job will have when finished.").set(
                    Double(t.plannedRows))
                registry.makeGauge(name: "loom_shards", labels: labels + [("state", "committed")], help: "Shards of the table by state.")
                    .set(Double(t.shardsCommitted))
                registry.makeGauge(name: "loom_shards", labels: labels + [("state", "pending")], help: "Shards of the table by state.").set(
                    Double(t.shards - t.shardsCommitted))
            }
            for t in s.tables {
                guard let bytes = t.bytes else { continue }
                let delta = bytes - (lastBytes[t.name] ?? 0)
                if delta > 0 {
                    registry.makeCounter(
                        name: "loom_bytes_generated_total", labels: [("job", s.job), ("table", t.name)],
                        help: "Bytes of COPY data generated in shards that completed."
                    ).increment(by: delta)
                    if s.sink != "null" {
                        registry.makeCounter(
                            name: "loom_bytes_loaded_total", labels: [("job", s.job), ("table", t.name)],
                            help: "Bytes of COPY data committed."
                        ).increment(by: delta)
                    }
                }
                lastBytes[t.name] = max(bytes, lastBytes[t.name] ?? 0)
            }
            for w in s.workerList ?? [] {
                workers[w.name] = WorkerFigures(name: w.name, host: w.host, shards: w.shards, rows: w.rows, lastSeen: w.lastSeen)
                let delta = w.rows - (lastWorkerRows[w.name] ?? 0)
                if delta > 0 {
                    registry.makeCounter(
                        name: "loom_worker_rows_loaded_total", labels: [("job", s.job), ("worker", w.name)],
                        help: "Rows committed by each worker."
                    ).increment(by: delta)
                }
                lastWorkerRows[w.name] = max(w.rows, lastWorkerRows[w.name] ?? 0)
                registry.makeGauge(
                    name: "loom_worker_last_seen_seconds", labels: [("job", s.job), ("worker", w.name)],
                    help: "Seconds since the coordinator last heard from the worker."
                ).set(w.lastSeen)
            }
            if let failed = s.failedAttempts, failed > lastFailed {
                registry.makeCounter(
                    name: "loom_shard_failures_total", labels: [("job", s.job)],
                    help: "Shard attempts that failed and were retried or gave up."
                )
                .increment(by: Int64(failed - lastFailed))
                registry.makeCounter(
                    name: "loom_shard_retries_total", labels: [("job", s.job)],
                    help: "Shards leased again after a failed attempt or an expired lease."
                )
                .increment(by: Int64(failed - lastFailed))
                lastFailed = failed
            }
            if let a = s.attempts { countAttempts(a, job: s.job) }
            let job = [("job", s.job)]
            registry.makeGauge(name: "loom_workers", labels: job, help: "Workers that joined the job.").set(Double(s.workers))
            registry.makeGauge(name: "loom_shards_leased", labels: job, help: "Shards leased to workers right now.").set(Double(s.leased))
            if s.expiredLeases > lastExpired {
                registry.makeCounter(
                    name: "loom_lease_expiries_total", labels: job, help: "Leases that ran out because their worker went silent."
                )
                .increment(by: Int64(s.expiredLeases - lastExpired))
                registry.makeCounter(
                    name: "loom_shard_retries_total", labels: job, help: "Shards leased again after a failed attempt or an expired lease."
                )
                .increment(by: Int64(s.expiredLeases - lastExpired))
                lastExpired = s.expiredLeases
            }
            registry.makeGauge(name: "loom_rows_per_second", labels: job, help: "Recent load throughput in rows per second.").set(
                smoothedRate)
            registry.makeGauge(name: "loom_eta_seconds", labels: job, help: "Estimated seconds until every row is loaded.").set(
                Double(eta(s) ?? 0))
        case .shard(let job, let table, let index, _, _, let worker, let sketch, let seconds):
            if let seconds {
                registry.makeValueHistogram(
                    descriptor: MetricNameDescriptor(
                        metricName: "loom_shard_duration", unitName: "seconds",
                        helpText: "Seconds a worker took to generate and commit a shard."),
                    labels: [("job", job), ("table", table)], buckets: Self.durationBuckets
                ).record(seconds)
            }
            if let sketch, let sk = SketchCodec.decode(sketch) {
                drift.add(shard: sk, index: index, worker: worker)
                driftCache = nil
            }
        case .drift(_, let plan, let sketches):
            if let p = try? JSONDecoder().decode(DriftPlan.self, from: Data(plan.utf8)),
                let sk = try? JSONDecoder().decode([TableSketch].self, from: Data(sketches.utf8))
            {
                drift.adopt(plan: p, sketches: sk)
                driftCache = nil
            }
        case .finished(let job, let ok, let message):
            finished = (ok, message)
            registry.makeGauge(
                name: "loom_job_finished", labels: [("job", job)], help: "1 when the job finished, -1 when it failed, 0 while running."
            ).set(Double(ok ? 1 : -1))
        }
    }

    static let durationBuckets: [Double] = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300]

    /// Drift of every targeted column, recomputed at most once a second; also sets the gauges.
    private func currentDrift(job: String?) -> [ColumnDrift] {
        if let c = driftCache, now - c.at < 1 { return c.columns }
        let columns = drift.evaluate()
        driftCache = (now, columns)
        if let job { DriftGauges.set(columns, job: job, in: registry) }
        return columns
    }

    /// Throughput averaged over the last ten seconds of status points.
    private var smoothedRate: Double {
        guard let last = history.last, let first = history.last(where: { last.seconds - $0.seconds >= 10 }) ?? history.first,
            last.seconds > first.seconds
        else { return 0 }
        return Double(last.rows - first.rows) / (last.seconds - first.seconds)
    }

    private func eta(_ s: ClusterEvent.Status) -> Double? {
        let rows = s.tables.reduce(Int64(0)) { $0 + $1.rows }
        let planned = s.tables.reduce(UInt64(0)) { $0 + $1.plannedRows }
        let rate = smoothedRate
        guard rate > 0 else { return nil }
        return Double(max(Int64(planned) - rows, 0)) / rate
    }

    public func snapshot() -> Snapshot {
        lock.lock()
        defer { lock.unlock() }
        let tables = status?.tables ?? []
        let state = finished.map { $0.ok ? "finished" : "failed" } ?? (status == nil ? "waiting" : "running")
        let columns = currentDrift(job: status?.job)
        return Snapshot(
            job: status?.job, state: state, message: finished?.message, tables: tables,
            rows: tables.reduce(0) { $0 + $1.rows }, plannedRows: tables.reduce(0) { $0 + $1.plannedRows },
            rowsPerSecond: smoothedRate, etaSeconds: status.flatMap(eta), workers: workers.values.sorted { $0.name < $1.name },
            leasedShards: status?.leased ?? 0, expiredLeases: status?.expiredLeases ?? 0,
            elapsedSeconds: status?.seconds ?? 0, history: Array(history.suffix(300)),
            failedAttempts: status?.failedAttempts ?? 0, attempts: status?.attempts, driftSeverity: columns.map(\.severity).max() ?? .ok,
            drift: columns)
    }

    /// The Prometheus text exposition of every metric.
    public func metricsText() -> String {
        lock.lock()
        defer { lock.unlock() }
        _ = currentDrift(job: status?.job)
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
