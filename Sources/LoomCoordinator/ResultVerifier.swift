import Foundation
import LoomLoad
import LoomPostgres
import LoomProtocol

/// Reads the ledger rows behind workers' results, many per query: the coordinator believes a
/// "done" only when the ledger shows the commit. Results wait in a queue while the database is
/// unreachable and are looked up again after a pause; nothing is believed meanwhile.
final class ResultVerifier {
    private let job: String
    private let connector: Connector
    private let report: @Sendable (String) -> Void
    private var connection: PostgresConnection?
    private var queue: [(done: WireMessage.Done, worker: String)] = []
    private var retryAt = 0.0
    /// Results looked up per query.
    static let batch = 256

    init(job: String, connector: Connector, report: @escaping @Sendable (String) -> Void) {
        self.job = job
        self.connector = connector
        self.report = report
    }

    var isIdle: Bool { queue.isEmpty }

    func enqueue(_ done: WireMessage.Done, worker: String) { queue.append((done, worker)) }

    /// Looks up what is queued (a batch at a time); returns each result with its ledger row, or
    /// with nil where the ledger has no such commit. Empty while the database is unreachable.
    func lookUp(now: Double) -> [(done: WireMessage.Done, worker: String, row: CoordinatorSession.LedgerRow?)] {
        guard !queue.isEmpty, now >= retryAt else { return [] }
        var out: [(WireMessage.Done, String, CoordinatorSession.LedgerRow?)] = []
        while !queue.isEmpty {
            let batch = Array(queue.prefix(Self.batch))
            do {
                if connection == nil || !connection!.isHealthy { connection = try connector.connectOnce() }
                let commits = try Ledger(connection!).commits(job: job, shards: batch.map { ($0.done.shard.table, $0.done.shard.index) })
                for (done, worker) in batch {
                    let row = commits[done.shard.table]?[done.shard.index].map { c in
                        CoordinatorSession.LedgerRow(
                            rows: c.record.rows, bytes: c.record.bytes, checksum: c.record.checksum, attempt: c.record.attempt,
                            worker: c.worker, sketch: c.record.sketch)
                    }
                    out.append((done, worker, row))
                }
                queue.removeFirst(batch.count)
            } catch {
                connection?.close()
                connection = nil
                retryAt = now + 1
                report("cannot read the ledger to confirm \(queue.count) result(s): \(error); trying again in 1 s")
                break
            }
        }
        return out
    }

    /// Shards of the job the ledger holds (the last word before the job is called done).
    func committedCount() throws -> Int {
        var count = 0
        try connector.withRetry("counting the committed shards of job \(job)") { c in count = try Ledger(c).committedCount(job: job) }
        return count
    }

    func close() { connection?.close() }
}
