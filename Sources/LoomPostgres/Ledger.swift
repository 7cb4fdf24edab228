import Foundation

/// The shard ledger in schema `loom`: jobs and the shards each has committed (DESIGN.md
/// invariants 3 and 5). A shard's ledger row is inserted in the same transaction as its rows, so
/// the ledger says exactly what is in the tables, whatever crashed.
public struct Ledger {
    public let connection: PostgresConnection

    public init(_ connection: PostgresConnection) { self.connection = connection }

    /// A job's row.
    public struct Job: Sendable, Equatable {
        public var id: String
        public var dataset: String
        public var state: State
        /// Tables this job loads (after `--if-exists skip`), in load order.
        public var tables: [String]
        public var options: String

        public init(id: String, dataset: String, state: State, tables: [String], options: String) {
            self.id = id
            self.dataset = dataset
            self.state = state
            self.tables = tables
            self.options = options
        }
    }

    public enum State: String, Sendable {
        case loading, finishing, done
    }

    /// A committed shard as the ledger records it.
    public struct ShardRecord: Sendable, Equatable {
        public var table: String
        public var shard: Int
        public var firstUnit: UInt64
        public var endUnit: UInt64
        public var rows: Int64
        public var bytes: Int64
        public var checksum: String
        public var attempt: Int
        /// The shard's drift sketch (`SketchCodec` text), kept so a restarted coordinator still knows it.
        public var sketch: String?

        public init(
            table: String, shard: Int, firstUnit: UInt64, endUnit: UInt64, rows: Int64, bytes: Int64, checksum: String, attempt: Int,
            sketch: String? = nil
        ) {
            self.table = table
            self.shard = shard
            self.firstUnit = firstUnit
            self.endUnit = endUnit
            self.rows = rows
            self.bytes = bytes
            self.checksum = checksum
            self.attempt = attempt
            self.sketch = sketch
        }
    }

    /// Creates the ledger schema if needed (serialised by an advisory lock, so concurrent
    /// loaders don't trip over each other). A ledger that is already complete is left alone,
    /// so a role that may only use it (an administrator created it) needs no CREATE rights.
    public func prepare() throws {
        let complete =
            try connection.execute(
                """
                SELECT to_regclass('loom.jobs') IS NOT NULL AND to_regclass('loom.shards') IS NOT NULL
                   AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('loom.shards') AND attname = 'sketch' AND NOT attisdropped)
                   AND EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = to_regclass('loom.jobs') AND attname = 'schema' AND NOT attisdropped)
                """
            ).value(0, 0) == "t"
        guard !complete else { return }
        let schemaExists = try connection.execute("SELECT to_regnamespace('loom') IS NOT NULL").value(0, 0) == "t"
        try connection.transaction {
            try connection.execute("SELECT pg_advisory_xact_lock(7478353100)")
            if !schemaExists { try connection.execute("CREATE SCHEMA IF NOT EXISTS loom") }
            try connection.execute(
                """
                CREATE TABLE IF NOT EXISTS loom.jobs (
                    id text PRIMARY KEY,
                    dataset text NOT NULL,
                    spec text NOT NULL,
                    seed numeric(20,0) NOT NULL,
                    scale double precision NOT NULL,
                    options text NOT NULL,
                    tables text[] NOT NULL,
                    state text NOT NULL CHECK (state IN ('loading', 'finishing', 'done')),
                    created_at timestamptz NOT NULL DEFAULT now(),
                    updated_at timestamptz NOT NULL DEFAULT now(),
                    finished_at timestamptz
                );
                CREATE TABLE IF NOT EXISTS loom.shards (
                    job text NOT NULL REFERENCES loom.jobs (id) ON DELETE CASCADE,
                    table_name text NOT NULL,
                    shard integer NOT NULL,
                    first_unit bigint NOT NULL,
                    end_unit bigint NOT NULL,
                    rows bigint NOT NULL,
                    bytes bigint NOT NULL,
                    checksum text NOT NULL,
                    attempt integer NOT NULL DEFAULT 1,
                    worker text,
                    committed_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (job, table_name, shard)
                );
                ALTER TABLE loom.shards ADD COLUMN IF NOT EXISTS sketch text;
                DO $$ BEGIN
                    IF NOT EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = 'loom.jobs'::regclass AND attname = 'schema' AND NOT attisdropped) THEN
                        ALTER TABLE loom.jobs ADD COLUMN schema text NOT NULL DEFAULT 'public';
                        UPDATE loom.jobs SET schema = substring(options from '"schema":"([^"]*)"') WHERE options ~ '"schema":"[^"]*"';
                    END IF;
                END $$;
                """)
        }
    }

    public func job(_ id: String) throws -> Job? {
        let r = try connection.execute("SELECT id, dataset, state, array_to_json(tables)::text, options FROM loom.jobs WHERE id = $1", [id])
        guard r.rowCount == 1 else { return nil }
        let tables = (try? JSONDecoder().decode([String].self, from: Data((r.value(0, 3) ?? "[]").utf8))) ?? []
        return Job(
            id: r.value(0, 0)!, dataset: r.value(0, 1)!, state: State(rawValue: r.value(0, 2)!) ?? .loading,
            tables: tables, options: r.value(0, 4) ?? "")
    }

    /// The job that loaded `table` of `schema` (in any state), if one did. A table of the same
    /// name in another schema is not Loom's to claim, nor is a table a job loaded into as it
    /// was (`--into-existing`): its rows and shape are the user's.
    public func owner(of table: String, schema: String) throws -> Job? {
        let r = try connection.execute(
            """
            SELECT id FROM loom.jobs WHERE $1 = ANY(tables) AND schema = $2 AND options NOT LIKE '%"into_existing":true%'
            ORDER BY created_at DESC LIMIT 1
            """, [table, schema])
        guard let id = r.value(0, 0) else { return nil }
        return try job(id)
    }

    public func insertJob(
        id: String, dataset: String, spec: String, seed: UInt64, scale: Double, options: String, tables: [String], schema: String
    ) throws {
        let array =
            "{"
            + tables.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
        try connection.execute(
            """
            INSERT INTO loom.jobs (id, dataset, spec, seed, scale, options, tables, state, schema)
            VALUES ($1, $2, $3, $4, $5, $6, $7::text[], 'loading', $8)
            """, [id, dataset, spec, String(seed), String(scale), options, array, schema])
    }

    /// SQL removing `table` from `job` (its shards and its name), for `--replace`; a job left
    /// without tables is deleted, so running it again loads it anew.
    public static func forgetTableSQL(job: String, table: String) -> String {
        let j = SchemaDDL.literal(job), t = SchemaDDL.literal(table)
        return
            "DELETE FROM loom.shards WHERE job = \(j) AND table_name = \(t); UPDATE loom.jobs SET tables = array_remove(tables, \(t)), updated_at = now() WHERE id = \(j); DELETE FROM loom.jobs WHERE id = \(j) AND cardinality(tables) = 0"
    }

    public func setState(_ id: String, _ state: State) throws {
        try connection.execute(
            """
            UPDATE loom.jobs SET state = $2, updated_at = now(),
                   finished_at = CASE WHEN $2 = 'done' THEN now() ELSE finished_at END
            WHERE id = $1
            """, [id, state.rawValue])
    }

    /// Shards of `job` already committed, keyed by table and shard number.
    /// With `withSketches`, each record carries its drift sketch.
    public func committedShards(_ job: String, withSketches: Bool = false) throws -> [String: [Int: ShardRecord]] {
        let r = try connection.execute(
            """
            SELECT table_name, shard, first_unit, end_unit, rows, bytes, checksum, attempt\(withSketches ? ", sketch" : "")
            FROM loom.shards WHERE job = $1
            """, [job])
        var out: [String: [Int: ShardRecord]] = [:]
        for row in r.rows {
            let rec = ShardRecord(
                table: row[0]!, shard: Int(row[1]!)!, firstUnit: UInt64(row[2]!)!, endUnit: UInt64(row[3]!)!,
                rows: Int64(row[4]!)!, bytes: Int64(row[5]!)!, checksum: row[6]!, attempt: Int(row[7]!)!,
                sketch: withSketches ? row[8] : nil)
            out[rec.table, default: [:]][rec.shard] = rec
        }
        return out
    }

    /// Whether the shard is in the ledger (committed by anyone).
    public func isCommitted(job: String, table: String, shard: Int) throws -> Bool {
        try connection.execute(
            "SELECT 1 FROM loom.shards WHERE job = $1 AND table_name = $2 AND shard = $3",
            [job, table, String(shard)]
        ).rowCount == 1
    }

    /// Records a shard inside the caller's open transaction.
    public func record(job: String, _ s: ShardRecord, worker: String) throws {
        try connection.execute(
            """
            INSERT INTO loom.shards (job, table_name, shard, first_unit, end_unit, rows, bytes, checksum, attempt, worker, sketch)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
            """,
            [
                job, s.table, String(s.shard), String(s.firstUnit), String(s.endUnit), String(s.rows), String(s.bytes),
                s.checksum, String(s.attempt), worker, s.sketch,
            ])
    }
}
