/// Reading back what the ledger holds for given shards: the coordinator believes a worker's
/// "done" only once the ledger shows the commit.
extension Ledger {
    /// A committed shard's ledger row with the worker that committed it.
    public struct Commit: Sendable, Equatable {
        public var record: ShardRecord
        public var worker: String?
    }

    /// The ledger rows of `shards` (table, shard number) of `job`, in one query; shards the
    /// ledger does not hold are absent from the result.
    public func commits(job: String, shards: [(table: String, shard: Int)]) throws -> [String: [Int: Commit]] {
        guard !shards.isEmpty else { return [:] }
        var params: [String?] = [job]
        var pairs: [String] = []
        for s in shards {
            params.append(s.table)
            params.append(String(s.shard))
            pairs.append("($\(params.count - 1), $\(params.count)::integer)")
        }
        let r = try connection.execute(
            """
            SELECT table_name, shard, first_unit, end_unit, rows, bytes, checksum, attempt, worker, sketch
            FROM loom.shards WHERE job = $1 AND (table_name, shard) IN (\(pairs.joined(separator: ", ")))
            """, params)
        var out: [String: [Int: Commit]] = [:]
        for row in r.rows {
            guard let table = row[0], let shard = row[1].flatMap({ Int($0) }) else { continue }
            let rec = ShardRecord(
                table: table, shard: shard, firstUnit: UInt64(row[2] ?? "") ?? 0, endUnit: UInt64(row[3] ?? "") ?? 0,
                rows: Int64(row[4] ?? "") ?? 0, bytes: Int64(row[5] ?? "") ?? 0, checksum: row[6] ?? "",
                attempt: Int(row[7] ?? "") ?? 0, sketch: row[9])
            out[table, default: [:]][shard] = Commit(record: rec, worker: row[8])
        }
        return out
    }

    /// How many shards of `job` the ledger holds.
    public func committedCount(job: String) throws -> Int {
        Int(try connection.execute("SELECT count(*) FROM loom.shards WHERE job = $1", [job]).value(0, 0) ?? "0") ?? 0
    }
}
