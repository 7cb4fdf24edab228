import Foundation
import LoomPostgres

/// A stream's durable state in `loom.streams`: its identity and timeline, where each root
/// table started, and the watermark — every row due at or before it is committed, in the same
/// transaction that moved it.
public struct StreamLedger {
    let connection: PostgresConnection

    public init(_ connection: PostgresConnection) { self.connection = connection }

    /// A stream as recorded.
    public struct Record: Sendable, Equatable {
        public var id: String
        public var dataset: String
        public var tables: [String]
        public var timeline: StreamTimeline
        /// Mean root rows per virtual second (of the first root table).
        public var rate: Double
        /// First streamed row of each root table.
        public var firstRows: [String: UInt64]
        public var watermark: Int64
        public var rows: Int64

        public init(
            id: String, dataset: String, tables: [String], timeline: StreamTimeline, rate: Double, firstRows: [String: UInt64],
            watermark: Int64, rows: Int64
        ) {
            self.id = id
            self.dataset = dataset
            self.tables = tables
            self.timeline = timeline
            self.rate = rate
            self.firstRows = firstRows
            self.watermark = watermark
            self.rows = rows
        }
    }

    /// Creates `loom.streams` (and the ledger schema) if needed.
    public func prepare() throws {
        try Ledger(connection).prepare()
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS loom.streams (
                id text PRIMARY KEY,
                dataset text NOT NULL,
                tables text[] NOT NULL,
                origin bigint NOT NULL,
                anchor bigint NOT NULL,
                speed double precision NOT NULL,
                rate double precision NOT NULL,
                end_at bigint,
                first_rows text NOT NULL,
                watermark bigint NOT NULL,
                rows bigint NOT NULL DEFAULT 0,
                started_at timestamptz NOT NULL DEFAULT now(),
                updated_at timestamptz NOT NULL DEFAULT now()
            )
            """)
    }

    public func record(_ id: String) throws -> Record? {
        let r = try connection.execute(
            """
            SELECT dataset, array_to_json(tables)::text, origin, anchor, speed, rate, end_at, first_rows, watermark, rows
            FROM loom.streams WHERE id = $1
            """, [id])
        guard r.rowCount == 1 else { return nil }
        let v = { (c: Int) in r.value(0, c) ?? "" }
        let tables = (try? JSONDecoder().decode([String].self, from: Data(v(1).utf8))) ?? []
        var firstRows: [String: UInt64] = [:]
        for pair in v(7).split(separator: ",") {
            let kv = pair.split(separator: "=")
            if kv.count == 2, let n = UInt64(kv[1]) { firstRows[String(kv[0])] = n }
        }
        let timeline = StreamTimeline(
            origin: Int64(v(2)) ?? 0, anchor: Int64(v(3)) ?? 0, speed: Double(v(4)) ?? 1, end: r.value(0, 6).flatMap { Int64($0) })
        return Record(
            id: id, dataset: v(0), tables: tables, timeline: timeline, rate: Double(v(5)) ?? 0, firstRows: firstRows,
            watermark: Int64(v(8)) ?? 0, rows: Int64(v(9)) ?? 0)
    }

    /// Records a new stream (replacing a finished one of the same id).
    public func insert(_ s: Record) throws {
        let first = s.firstRows.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
        let tables = "{" + s.tables.map { "\"\($0)\"" }.joined(separator: ",") + "}"
        try connection.execute(
            """
            INSERT INTO loom.streams (id, dataset, tables, origin, anchor, speed, rate, end_at, first_rows, watermark, rows)
            VALUES ($1, $2, $3::text[], $4, $5, $6, $7, $8, $9, $10, 0)
            ON CONFLICT (id) DO UPDATE SET dataset = EXCLUDED.dataset, tables = EXCLUDED.tables, origin = EXCLUDED.origin,
                anchor = EXCLUDED.anchor, speed = EXCLUDED.speed, rate = EXCLUDED.rate, end_at = EXCLUDED.end_at,
                first_rows = EXCLUDED.first_rows, watermark = EXCLUDED.watermark, rows = 0, started_at = now(), updated_at = now()
            """,
            [
                s.id, s.dataset, tables, String(s.timeline.origin), String(s.timeline.anchor), String(s.timeline.speed), String(s.rate),
                s.timeline.end.map { String($0) }, first, String(s.watermark),
            ])
    }

    /// Starts share `share` of a stream several streamers share, under a lock: the first to come
    /// records the family (`family`, made by `make`: where each root starts, the timeline) and
    /// every share started while one of them is still going takes the family's, so all number
    /// and time their rows alike. Returns the share's new record.
    public func join(family: String, share: String, make: () throws -> Record) throws -> Record {
        try connection.transaction {
            try connection.execute("SELECT pg_advisory_xact_lock(hashtext($1))", [family])
            let going = try connection.execute(
                "SELECT count(*) FROM loom.streams WHERE id LIKE $1 AND id <> $2 AND id <> $3 AND (end_at IS NULL OR watermark < end_at)",
                [family.replacingOccurrences(of: "#shared", with: "") + "#%", family, share]
            ).value(0, 0)
            var shared = try record(family)
            if shared == nil || going == "0" {
                shared = try make()
                shared!.id = family
                try insert(shared!)
            }
            var mine = shared!
            mine.id = share
            try insert(mine)
            return mine
        }
    }

    /// Moves the watermark (inside the transaction that committed the rows up to it).
    public func advance(_ id: String, watermark: Int64, rows: Int) throws {
        try connection.execute(
            "UPDATE loom.streams SET watermark = $2, rows = rows + $3, updated_at = now() WHERE id = $1",
            [id, String(watermark), String(rows)])
    }
}
