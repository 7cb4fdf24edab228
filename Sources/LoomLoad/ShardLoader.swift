import Foundation
import LoomGen
import LoomPostgres
import LoomSpec
import LoomStats
import LoomValidate

/// Loads one shard exactly once: in a single transaction, skip it if the ledger has it, stream
/// its rows as binary COPY straight from the generator, then insert its ledger row.
public struct ShardLoader {
    public let connection: PostgresConnection
    public let plan: DatasetPlan
    public let schema: String
    public let job: String
    public let worker: String
    /// Called from the loading thread with the rows sent since the last call (once per chunk).
    public var onRows: (Int64) -> Void = { _ in }

    public init(connection: PostgresConnection, plan: DatasetPlan, schema: String, job: String, worker: String) {
        self.connection = connection
        self.plan = plan
        self.schema = schema
        self.job = job
        self.worker = worker
    }

    /// Bytes handed to the server per PQputCopyData call.
    static let chunkSize = 256 * 1024

    /// What happened to a shard.
    public enum Outcome: Sendable {
        case loaded(Ledger.ShardRecord)
        /// Already in the ledger: someone committed it before.
        case skipped
    }

    /// Computes the checksum of a shard's COPY stream without a database (for `verify`).
    public static func checksum(_ plan: DatasetPlan, _ shard: ShardPlan.Shard) throws -> (checksum: String, rows: Int64, bytes: Int64) {
        var none: TableSketcher? = nil
        return try checksum(plan, shard, sketcher: &none)
    }

    /// `checksum`, sketching the shard's sampled rows into `sketcher` as well.
    public static func checksum(_ plan: DatasetPlan, _ shard: ShardPlan.Shard, sketcher: inout TableSketcher?) throws -> (
        checksum: String, rows: Int64, bytes: Int64
    ) {
        guard let t = plan.spec.table(shard.table) else { throw GenerationError(table: shard.table, "no such table") }
        let encoder = CopyBinaryEncoder(table: t)
        var sum = StreamChecksum()
        let sink = ByteSink { sum.update($0) }
        encoder.header(sink)
        var rows: Int64 = 0
        try plan.generate(t.name, units: shard.units) { frame in
            encoder.encode(frame, sink)
            rows += 1
            if sketcher != nil { sketcher!.observe(frame) }
            try sink.flushIfNeeded()
        }
        sketcher?.finishShard()
        encoder.trailer(sink)
        try sink.flush()
        return (sum.hex, rows, Int64(sum.byteCount))
    }

    public func load(_ shard: ShardPlan.Shard, attempt: Int) throws -> Outcome {
        var none: TableSketcher? = nil
        return try load(shard, attempt: attempt, sketcher: &none)
    }

    /// `load`, sketching the shard's sampled rows into `sketcher`; the sketch is stored with
    /// the shard's ledger row. A skipped shard leaves the sketcher untouched.
    public func load(_ shard: ShardPlan.Shard, attempt: Int, sketcher: inout TableSketcher?) throws -> Outcome {
        guard let t = plan.spec.table(shard.table) else { throw GenerationError(table: shard.table, "no such table") }
        let ledger = Ledger(connection)
        let context = "loading \(shard.table) shard \(shard.index)"
        do {
            return try connection.transaction { () throws -> Outcome in
                if try ledger.isCommitted(job: job, table: shard.table, shard: shard.index) { return .skipped }
                try connection.beginCopy(Self.copyStatement(t, schema: schema))
                let encoder = CopyBinaryEncoder(table: t)
                var sum = StreamChecksum()
                let pipe = CopyPipe(connection: connection, chunkSize: Self.chunkSize)
                let sink = ByteSink(chunkSize: Self.chunkSize) { bytes in
                    sum.update(bytes)
                    try pipe.send(bytes)
                }
                var rows: Int64 = 0
                var reported: Int64 = 0
                do {
                    encoder.header(sink)
                    try plan.generate(t.name, units: shard.units) { frame in
                        encoder.encode(frame, sink)
                        rows += 1
                        if sketcher != nil { sketcher!.observe(frame) }
                        if sink.count >= Self.chunkSize {
                            try sink.flush()
                            onRows(rows - reported)
                            reported = rows
                        }
                    }
                    encoder.trailer(sink)
                    try sink.flush()
                    try pipe.finish()
                } catch {
                    try? pipe.finish()
                    if connection.isHealthy { _ = try? connection.endCopy(failure: "loom: \(error)") }
                    throw error
                }
                onRows(rows - reported)
                let copied = try connection.endCopy()
                guard copied == rows else {
                    throw PostgresError(.copy, "server stored \(copied) rows but \(rows) were sent")
                }
                sketcher?.finishShard()
                let record = Ledger.ShardRecord(
                    table: t.name, shard: shard.index, firstUnit: shard.units.lowerBound,
                    endUnit: shard.units.upperBound, rows: rows, bytes: Int64(sum.byteCount),
                    checksum: sum.hex, attempt: attempt, sketch: sketcher.map { SketchCodec.encode($0.sketch) })
                do {
                    try ledger.record(job: job, record, worker: worker)
                } catch let e as PostgresError where e.sqlState == "23505" {
                    throw ShardAlreadyCommitted()
                }
                return .loaded(record)
            }
        } catch is ShardAlreadyCommitted {
            return .skipped
        } catch let e as PostgresError {
            throw e.with(context: context)
        }
    }
}

extension ShardLoader {
    /// `COPY` naming the spec's columns, so a table with more columns (defaults, generated
    /// columns of a table Loom did not make) takes the rows too.
    static func copyStatement(_ t: TableSpec, schema: String) -> String {
        let columns = t.columns.map { SchemaDDL.quote($0.name) }.joined(separator: ", ")
        return "COPY \(SchemaDDL.qualified(t.name, schema: schema)) (\(columns)) FROM STDIN (FORMAT binary)"
    }
}

/// Another loader committed the same shard first; this attempt rolled back.
struct ShardAlreadyCommitted: Error {}
