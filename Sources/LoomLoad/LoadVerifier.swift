import Foundation
import LoomGen
import LoomPostgres
import LoomSpec

/// `loom verify`: checks a loaded job against the generator — exact row counts, no duplicate
/// keys, no dangling foreign keys, and every shard's checksum recomputed and compared with the
/// ledger.
public struct LoadVerifier {
    public let spec: Spec
    public let options: LoadOptions
    public let connection: PostgresConnection

    public init(spec: Spec, options: LoadOptions, connection: PostgresConnection) {
        self.spec = spec
        self.options = options
        self.connection = connection
    }

    /// One check and its outcome.
    public struct Check: Sendable {
        public var table: String
        public var name: String
        public var passed: Bool
        public var detail: String
    }

    public func run() throws -> [Check] {
        let id = options.jobID(spec)
        let ledger = Ledger(connection)
        guard try connection.execute("SELECT to_regclass('loom.jobs') IS NOT NULL").value(0, 0) == "t",
            let job = try ledger.job(id)
        else {
            throw LoadError(
                "no load of dataset '\(spec.dataset)' with these options (job \(id)) in this database; run `loom load` with the same spec, --rows/--scale and --shard-rows first"
            )
        }
        let plan = try DatasetPlan(spec: spec, scale: options.scale, rowOverrides: options.rowOverrides)
        let shardPlan = try ShardPlan(plan, shardRows: options.shardRows, tables: job.tables)
        let committed = try ledger.committedShards(id)
        var checks: [Check] = []
        checks.append(Check(table: "*", name: "job state", passed: job.state == .done, detail: "job \(id) is \(job.state.rawValue)"))
        for (table, shards) in shardPlan.tables {
            let t = spec.table(table)!
            let q = SchemaDDL.qualified(table, schema: options.schema)
            let planned = try plan.rows(table)
            let count = UInt64(try connection.execute("SELECT count(*) FROM \(q)").value(0, 0) ?? "0") ?? 0
            if options.intoExisting {
                checks.append(
                    Check(
                        table: table, name: "row count", passed: count >= planned,
                        detail: "\(count) rows, \(planned) loaded (an existing table may hold rows of its own)"))
            } else {
                checks.append(Check(table: table, name: "row count", passed: count == planned, detail: "\(count) rows, planned \(planned)"))
            }
            for c in t.columns where c.primaryKey || c.unique {
                let col = SchemaDDL.quote(c.name)
                let dups =
                    try connection.execute("SELECT count(*) - count(DISTINCT \(col)) - (count(*) - count(\(col))) FROM \(q)").value(0, 0)
                    ?? "?"
                checks.append(Check(table: table, name: "\(c.name) unique", passed: dups == "0", detail: "\(dups) duplicate values"))
            }
            for c in t.columns {
                guard case .reference(let rt, let rc, _) = c.source else { continue }
                let parent = SchemaDDL.qualified(rt, schema: options.schema)
                let orphans =
                    try connection.execute(
                        """
                        SELECT count(*) FROM \(q) c WHERE c.\(SchemaDDL.quote(c.name)) IS NOT NULL
                        AND NOT EXISTS (SELECT 1 FROM \(parent) p WHERE p.\(SchemaDDL.quote(rc)) = c.\(SchemaDDL.quote(c.name)))
                        """
                    ).value(0, 0) ?? "?"
                checks.append(
                    Check(table: table, name: "\(c.name) → \(rt).\(rc)", passed: orphans == "0", detail: "\(orphans) rows without a parent")
                )
            }
            var missing = 0, mismatched: [Int] = []
            for s in shards {
                guard let rec = committed[table]?[s.index] else { missing += 1; continue }
                let (sum, rows, _) = try ShardLoader.checksum(plan, s)
                if sum != rec.checksum || rows != rec.rows || rec.firstUnit != s.units.lowerBound || rec.endUnit != s.units.upperBound {
                    mismatched.append(s.index)
                }
            }
            let extra = (committed[table]?.count ?? 0) - (shards.count - missing)
            let ok = missing == 0 && mismatched.isEmpty && extra == 0
            var detail = "\(shards.count) shards recomputed"
            if missing > 0 { detail += ", \(missing) missing from the ledger" }
            if !mismatched.isEmpty {
                detail += ", checksum differs for shard(s) \(mismatched.prefix(10).map(String.init).joined(separator: ", "))"
            }
            if extra > 0 { detail += ", \(extra) unexpected ledger entries" }
            checks.append(Check(table: table, name: "shard checksums", passed: ok, detail: detail))
        }
        return checks
    }
}
