import Foundation
import LoomPostgres
import LoomStats
import LoomProtocol
import LoomWire

/// The coordinator's bookkeeping beside the lease table: rows and bytes committed per table,
/// each worker's figures, failed attempts, and every table's drift sketch merged over its
/// committed shards. Pure: fed what the coordinator hears, read to build the events it publishes.
struct JobProgress {
    struct Worker {
        var host: String
        var slots: Int
        var shards = 0
        var rows: Int64 = 0
        var lastSeen: Double
    }

    let job: String
    let tables: [String]
    let plannedRows: [String: UInt64]
    let sink: String
    private(set) var rows: [String: Int64] = [:]
    private(set) var bytes: [String: Int64] = [:]
    private(set) var sketches: [String: TableSketch] = [:]
    private(set) var workers: [String: Worker] = [:]

    /// Starts from what the ledger holds (a resumed job); records with sketches restore them.
    init(job: String, tables: [String], plannedRows: [String: UInt64], sink: String, committed: [String: [Int: Ledger.ShardRecord]]) {
        self.job = job
        self.tables = tables
        self.plannedRows = plannedRows
        self.sink = sink
        for (t, records) in committed {
            rows[t] = records.values.reduce(0) { $0 + $1.rows }
            bytes[t] = records.values.reduce(0) { $0 + $1.bytes }
            for r in records.values { merge(sketch: r.sketch, table: t) }
        }
    }

    /// Any message from a peer; a hello registers it for the status figures.
    mutating func heard(from name: String, _ message: WireMessage, now: Double) {
        if case .hello(let h) = message, workers[name] == nil {
            workers[name] = Worker(host: Sanitized.text(h.host), slots: h.slots, lastSeen: now)
        }
        workers[name]?.lastSeen = now
    }

    /// A shard the lease table accepted as committed.
    mutating func committed(_ d: WireMessage.Done, by worker: String) {
        let n = d.skipped ? 0 : d.rows
        rows[d.shard.table, default: 0] += n
        bytes[d.shard.table, default: 0] += d.skipped ? 0 : d.bytes
        workers[worker]?.shards += 1
        workers[worker]?.rows += n
        merge(sketch: d.sketch, table: d.shard.table)
    }

    private mutating func merge(sketch text: String?, table: String) {
        guard let text, let sketch = SketchCodec.decode(text) else { return }
        sketches[table, default: TableSketch(table: table)].merge(sketch)
    }

    /// Workers that joined in this run.
    var workerCount: Int { workers.count }

    /// The `status` event: per-table progress from the session's lease table, workers, attempts.
    func status(session: CoordinatorSession, seconds: Double, now: Double) -> ClusterEvent.Status {
        let tableFigures = tables.map { t in
            let p = session.table.progress(table: t)
            return ClusterEvent.Status.Table(
                name: t, plannedRows: plannedRows[t] ?? 0, rows: rows[t] ?? 0, shards: p.shards, shardsCommitted: p.committed,
                bytes: bytes[t] ?? 0)
        }
        let workerFigures = workers.sorted { $0.key < $1.key }.map { w in
            ClusterEvent.Status.Worker(
                name: Sanitized.text(w.key), host: w.value.host, slots: w.value.slots, shards: w.value.shards, rows: w.value.rows,
                lastSeen: now - w.value.lastSeen)
        }
        return ClusterEvent.Status(
            job: job, tables: tableFigures, workers: session.connected, leased: session.table.counts.leased,
            expiredLeases: session.attempts.expired, seconds: seconds, workerList: workerFigures, failedAttempts: session.attempts.failed,
            sink: sink,
            attempts: session.attempts)
    }

    /// The merged sketches in table order (the `drift` event's payload).
    var sketchList: [TableSketch] { tables.compactMap { sketches[$0] } }
}
