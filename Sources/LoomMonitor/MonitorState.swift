import Foundation
import LoomWire
import Prometheus

/// What the monitor knows about a job, built from the coordinator's events: per-table
/// progress, throughput over time, per-worker figures, and the Prometheus metrics.
/// Thread-safe: events arrive on the subscriber thread, HTTP requests on others.
public final class MonitorState: @unchecked Sendable {
    private let lock = NSLock()
    private var status: ClusterEvent.Status?
    private var finished: (ok: Bool, message: String)?
    private var workers: [String: WorkerFigures] = [:]
    private var history: [Point] = []
    private var lastRows: [String: Int64] = [:]
    private var lastExpired = 0
    private let started = Date()

    public let registry = PrometheusCollectorRegistry()

    /// Rows loaded at a moment, for the throughput chart.
    public struct Point: Codable, Sendable {
        public var seconds: Double
        public var rows: Int64
        public var rowsPerSecond: Double
    }

    public struct WorkerFigures: Codable, Sendable {
        public var name: String
        public var shards: Int
        public var rows: Int64
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
    }

    public init() {}

    private var now: Double { Date().timeIntervalSince(started) }

    public func apply(_ event: ClusterEvent) {
        lock.lock()
        defer { lock.unlock() }
        switch event {
        case .status(let s):
            status = s
            let rows = s.tables.reduce(Int64(0)) { $0 + $1.rows }
            let rate: Double
            if let last = history.last, s.seconds > last.seconds {
                rate = Double(rows - last.rows) / (s.seconds - last.seconds)
            } else {
                rate = 0
            }
            history.append(Point(seconds: s.seconds, rows: rows, rowsPerSecond: max(rate, 0)))
            if history.count > 900 { history.removeFirst(history.count - 900) }
            for t in s.tables {
                let labels = [("job", s.job), ("table", t.name)]
                let delta = t.rows - (lastRows[t.name] ?? 0)
                if delta > 0 {
                    registry.makeCounter(name: "loom_rows_loaded_total", labels: labels, help: "Rows committed to PostgreSQL.").increment(by: Int64(delta))
                }
                lastRows[t.name] = max(t.rows, lastRows[t.name] ?? 0)
                registry.makeGauge(name: "loom_rows_planned", labels: labels, help: "Rows the job will have when finished.").set(Double(t.plannedRows))
                registry.makeGauge(name: "loom_shards", labels: labels + [("state", "committed")], help: "Shards of the table by state.").set(Double(t.shardsCommitted))
                registry.makeGauge(name: "loom_shards", labels: labels + [("state", "pending")], help: "Shards of the table by state.").set(Double(t.shards - t.shardsCommitted))
            }
            let job = [("job", s.job)]
            registry.makeGauge(name: "loom_workers", labels: job, help: "Workers that joined the job.").set(Double(s.workers))
            registry.makeGauge(name: "loom_shards_leased", labels: job, help: "Shards leased to workers right now.").set(Double(s.leased))
            if s.expiredLeases > lastExpired {
                registry.makeCounter(name: "loom_lease_expiries_total", labels: job, help: "Leases that ran out because their worker went silent.")
                    .increment(by: Int64(s.expiredLeases - lastExpired))
                lastExpired = s.expiredLeases
            }
            registry.makeGauge(name: "loom_rows_per_second", labels: job, help: "Recent load throughput in rows per second.").set(smoothedRate)
            registry.makeGauge(name: "loom_eta_seconds", labels: job, help: "Estimated seconds until every row is loaded.").set(Double(eta(s) ?? 0))
        case .shard(let job, let table, _, let rows, let bytes, let worker):
            var w = workers[worker] ?? WorkerFigures(name: worker, shards: 0, rows: 0, lastSeen: now)
            w.shards += 1
            w.rows += rows
            w.lastSeen = now
            workers[worker] = w
            registry.makeCounter(name: "loom_worker_rows_loaded_total", labels: [("job", job), ("worker", worker)], help: "Rows committed by each worker.").increment(by: rows)
            registry.makeCounter(name: "loom_bytes_loaded_total", labels: [("job", job), ("table", table)], help: "Bytes of COPY data committed.").increment(by: bytes)
        case .finished(let job, let ok, let message):
            finished = (ok, message)
            registry.makeGauge(name: "loom_job_finished", labels: [("job", job)], help: "1 when the job finished, -1 when it failed, 0 while running.").set(Double(ok ? 1 : -1))
        }
    }

    /// Throughput averaged over the last ten seconds of status points.
    private var smoothedRate: Double {
        guard let last = history.last, let first = history.last(where: { last.seconds - $0.seconds >= 10 }) ?? history.first,
              last.seconds > first.seconds else { return 0 }
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
        return Snapshot(job: status?.job, state: state, message: finished?.message, tables: tables,
                        rows: tables.reduce(0) { $0 + $1.rows }, plannedRows: tables.reduce(0) { $0 + $1.plannedRows },
                        rowsPerSecond: smoothedRate, etaSeconds: status.flatMap(eta), workers: workers.values.sorted { $0.name < $1.name },
                        leasedShards: status?.leased ?? 0, expiredLeases: status?.expiredLeases ?? 0,
                        elapsedSeconds: status?.seconds ?? 0, history: Array(history.suffix(300)))
    }

    /// The Prometheus text exposition of every metric.
    public func metricsText() -> String {
        lock.lock()
        defer { lock.unlock() }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }
}
