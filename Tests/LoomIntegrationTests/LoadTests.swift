import Foundation
import LoomGen
import LoomLoad
import LoomPostgres
import LoomSpec
import LoomStats
import Testing

/// `loom load` against a real PostgreSQL: exact counts, keys, resume, --if-exists, verify.
@Suite struct LoadTests {
    static let shop = """
        dataset: shop
        seed: 11
        tables:
          users:
            rows: 3000
            columns:
              id:        { type: bigint, gen: sequence, primary_key: true }
              first:     { type: text, gen: { dict: first_names } }
              last:      { type: text, gen: { dict: last_names } }
              email:     { type: text, gen: { email: [first, last] }, unique: true }
              income:    { type: "numeric(12,2)", gen: { lognormal: { mu: 10.5, sigma: 0.6 } }, null_rate: 0.1 }
              score:     { type: double precision, gen: { normal: { mean: 0, sd: 1 } } }
              small:     { type: smallint, gen: { poisson: 3 } }
              token:     { type: uuid, gen: uuid }
              born:      { type: date, gen: { date: { from: 1950-01-01, to: 2005-12-31 } } }
              signup_at: { type: timestamptz, gen: { timestamp: { from: 2021-01-01, to: 2025-12-31 } } }
              local_at:  { type: timestamp, gen: { timestamp: { from: 2021-01-01, to: 2021-12-31 } } }
              active:    { type: boolean, gen: { bernoulli: 0.8 } }
              code:      { type: varchar(9), gen: { pattern: "[A-Z]{3}-[0-9]{4}" }, unique: true }
              r32:       { type: real, gen: { uniform: { min: -1, max: 1 } } }
              i32:       { type: integer, gen: { uniform: { min: -100000, max: 100000 } } }
          sessions:
            per_parent: { users: { poisson: 2 } }
            columns:
              id:         { type: bigint, gen: sequence, primary_key: true }
              user_id:    { ref: users.id }
              started_at: { type: timestamptz, expr: "parent.signup_at + days(uniform(0, 30))" }
          orders:
            rows: 4000
            columns:
              id:       { type: bigint, gen: sequence, primary_key: true }
              user_id:  { ref: users.id, pick: { zipf: 1.1 } }
              total:    { type: "numeric(10,2)", gen: { uniform: { min: 1, max: 500 } } }
        """

    static func options(connections: Int = 2, shardRows: UInt64 = 700) -> LoadOptions {
        LoadOptions(connections: connections, shardRows: shardRows, retry: RetryPolicy(maxAttempts: 3, initialDelay: 0.05, maxDelay: 0.2))
    }

    func count(_ c: PostgresConnection, _ table: String) throws -> Int {
        Int(try c.execute("SELECT count(*) FROM \(SchemaDDL.quote(table))").value(0, 0)!)!
    }

    @Test func loadsEveryTableExactlyAndVerifies() throws {
        let db = try TestCluster.database()
        let spec = try SpecLoader.load(text: Self.shop, file: "shop.yaml")
        let summary = try LoadJob(spec: spec, options: Self.options(), conninfo: db).run()
        #expect(!summary.alreadyLoaded)
        let plan = try DatasetPlan(spec: spec)
        let c = try PostgresConnection(db)
        for t in ["users", "sessions", "orders"] {
            #expect(try count(c, t) == Int(try plan.rows(t)), "\(t)")
        }
        #expect(try count(c, "sessions") > 4000)
        let checks = try LoadVerifier(spec: spec, options: Self.options(), connection: c).run()
        #expect(checks.allSatisfy { $0.passed }, "\(checks.filter { !$0.passed })")
        #expect(checks.contains { $0.name == "user_id → users.id" && $0.table == "orders" })
        let catalog = TableCatalog(c)
        #expect(try catalog.hasConstraint("users_id_pkey", on: "users"))
        #expect(try catalog.hasConstraint("users_email_key", on: "users"))
        #expect(try catalog.hasConstraint("orders_user_id_fkey", on: "orders"))
        // The database holds exactly what `generate` writes.
        let csv = try c.execute(
            "SELECT email, income::text, token::text, to_char(signup_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') FROM users WHERE id = 17"
        ).rows[0]
        var out: [UInt8] = []
        let sink = ByteSink { out += $0 }
        try TableExport.write(plan, table: "users", shard: .whole, format: .copy, to: sink)
        let row17 = String(decoding: out, as: UTF8.self).split(separator: "\n")[16].split(separator: "\t", omittingEmptySubsequences: false)
            .map(String.init)
        #expect(csv[0] == row17[3])
        #expect((csv[1] ?? "\\N") == row17[4])
        #expect(csv[2] == row17[7])
        #expect(row17[9].hasPrefix(csv[3]!))
        // Running again changes nothing.
        let again = try LoadJob(spec: spec, options: Self.options(), conninfo: db).run()
        #expect(again.alreadyLoaded)
        #expect(try count(c, "users") == 3000)
    }

    @Test func skipConstraintsLoadsWithoutKeysButAnalyzes() throws {
        let db = try TestCluster.database()
        let spec = try SpecLoader.load(text: Self.shop, file: "shop.yaml")
        var options = Self.options()
        options.skipConstraints = true
        _ = try LoadJob(spec: spec, options: options, conninfo: db).run()
        let c = try PostgresConnection(db)
        let keys = try c.execute(
            "SELECT count(*) FROM pg_constraint WHERE conrelid IN ('users'::regclass, 'sessions'::regclass, 'orders'::regclass)"
        ).value(0, 0)
        #expect(keys == "0", "no primary, unique or foreign keys")
        let analyzed = try c.execute(
            "SELECT count(*) FROM pg_stat_user_tables WHERE relname IN ('users', 'sessions', 'orders') AND last_analyze IS NOT NULL"
        ).value(0, 0)
        #expect(analyzed == "3")
        #expect(try c.execute("SELECT state FROM loom.jobs").value(0, 0) == "done")
        let checks = try LoadVerifier(spec: spec, options: options, connection: c).run()
        #expect(checks.allSatisfy { $0.passed }, "the data is whole and unique even without the keys: \(checks.filter { !$0.passed })")
    }

    @Test func resumesWithoutRedoingCommittedShards() throws {
        let db = try TestCluster.database()
        let spec = try SpecLoader.load(text: Self.shop, file: "shop.yaml")
        let opts = Self.options(connections: 1, shardRows: 500)
        // Simulate an interrupted load: create the job, then commit only some shards.
        let first = LoadJob(spec: spec, options: opts, conninfo: db)
        _ = try first.run()
        let c = try PostgresConnection(db)
        let id = opts.jobID(spec)
        try c.execute("UPDATE loom.jobs SET state = 'loading' WHERE id = $1", [id])
        // Remove two users shards and their rows as if they had never committed.
        let gone = try c.execute(
            "DELETE FROM loom.shards WHERE job = $1 AND table_name = 'users' AND shard IN (1, 4) RETURNING first_unit, end_unit", [id]
        ).rows
        #expect(gone.count == 2)
        for r in gone {
            try c.execute(
                "ALTER TABLE orders DROP CONSTRAINT IF EXISTS orders_user_id_fkey; ALTER TABLE sessions DROP CONSTRAINT IF EXISTS sessions_user_id_fkey"
            )
            try c.execute("DELETE FROM users WHERE id > $1 AND id <= $2", [r[0], r[1]])
        }
        #expect(try count(c, "users") == 2000)
        let resumed = try LoadJob(spec: spec, options: opts, conninfo: db).run()
        #expect(resumed.resumed)
        // The drift verdict covers the whole table: the 4 earlier shards' sketches come from the ledger.
        #expect(
            resumed.drift.first { $0.table == "users" && $0.column == "score" }?.sampled == 3000,
            "\(resumed.drift.map { "\($0.table).\($0.column) \($0.sampled)" })")
        let users = resumed.tables.first { $0.name == "users" }!
        #expect(users.shardsLoaded == 2)
        #expect(users.shardsSkipped == 4)
        #expect(try count(c, "users") == 3000)
        let checks = try LoadVerifier(spec: spec, options: opts, connection: c).run()
        #expect(checks.allSatisfy { $0.passed }, "\(checks.filter { !$0.passed })")
    }

    /// `loom load` sketches the rows it loads, as cluster workers do: the ledger keeps every
    /// shard's sketch and the summary judges drift, here against deliberately wrong expectations.
    @Test func loadReportsDriftFromSketches() throws {
        let db = try TestCluster.database()
        let text =
            Self.shop + """

                expectations:
                  users.score:  { mean: 5, sd: 1 }
                  users.active: { frequencies: { "true": 0.8, "false": 0.2 } }
                """
        let path = FaultTests.workDirectory + "/drift-load-\(UUID().uuidString).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try Child.loom(["load", path, "--database", db, "--shard-rows", "700"], timeout: 120)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("drift: ") && run.stdout.contains("alert users.score: mean"), "\(run.stdout)")
        #expect(!run.stdout.contains("users.active:"), "right expectations stay quiet: \(run.stdout)")
        let c = try PostgresConnection(db)
        #expect(try c.execute("SELECT count(*), count(sketch) FROM loom.shards").rows.first.map { $0[0] == $0[1] && $0[0] != "0" } == true)
    }

    @Test func ifExistsRulesForTablesLoomDidNotCreate() throws {
        let db = try TestCluster.database()
        let spec = try SpecLoader.load(
            text: """
                dataset: one
                tables:
                  t:
                    rows: 100
                    columns:
                      id: { type: bigint, gen: sequence, primary_key: true }
                      v:  { type: integer, gen: { uniform: { min: 1, max: 9 } } }
                """, file: "one.yaml")
        let c = try PostgresConnection(db)
        try c.execute("CREATE TABLE t (id bigint, v integer); INSERT INTO t VALUES (-1, 0)")
        var opts = Self.options()
        #expect {
            _ = try LoadJob(spec: spec, options: opts, conninfo: db).run()
        } throws: { ($0 as? LoadError)?.message.contains("already exists; use --if-exists truncate, append or skip") == true }
        opts.ifExists = .append
        _ = try LoadJob(spec: spec, options: opts, conninfo: db).run()
        #expect(try count(c, "t") == 101)
        // A table owned by a job is never touched by --if-exists.
        var other = opts
        other.ifExists = .truncate
        other.rowOverrides = ["t": 50]
        #expect {
            _ = try LoadJob(spec: spec, options: other, conninfo: db).run()
        } throws: { ($0 as? LoadError)?.message.contains("was loaded by another Loom job") == true }
        #expect(try count(c, "t") == 101)

        try c.execute("CREATE TABLE wrong (id bigint, v text)")
        let wrong = try SpecLoader.load(
            text: """
                dataset: wrong
                tables:
                  wrong:
                    rows: 10
                    columns:
                      id: { type: bigint, gen: sequence }
                      v:  { type: integer, gen: { constant: 1 } }
                """, file: "wrong.yaml")
        var truncate = Self.options()
        truncate.ifExists = .truncate
        #expect {
            _ = try LoadJob(spec: wrong, options: truncate, conninfo: db).run()
        } throws: {
            ($0 as? LoadError)?.message
                == "table \"public\".\"wrong\" exists with another shape: column v is text but the spec says integer"
        }
    }

    @Test func replaceReloadsTablesOfAnotherJob() throws {
        let db = try TestCluster.database()
        let spec = try SpecLoader.load(text: Self.shop, file: "shop.yaml")
        var small = Self.options()
        small.rowOverrides = ["users": 300, "orders": 100]
        _ = try LoadJob(spec: spec, options: small, conninfo: db).run()
        var big = small
        big.rowOverrides = ["users": 500, "orders": 200]
        #expect {
            _ = try LoadJob(spec: spec, options: big, conninfo: db).run()
        } throws: { ($0 as? LoadError)?.message.contains("use --replace to drop and reload it") == true }
        big.replace = true
        _ = try LoadJob(spec: spec, options: big, conninfo: db).run()
        let c = try PostgresConnection(db)
        #expect(try count(c, "users") == 500)
        #expect(try LoadVerifier(spec: spec, options: big, connection: c).run().allSatisfy { $0.passed })
        // The first job lost its tables: it is forgotten, and loads anew with --replace.
        #expect(try Ledger(c).job(small.jobID(spec)) == nil)
        small.replace = true
        let again = try LoadJob(spec: spec, options: small, conninfo: db).run()
        #expect(!again.alreadyLoaded)
        #expect(try count(c, "users") == 300)
        #expect(try LoadVerifier(spec: spec, options: small, connection: c).run().allSatisfy { $0.passed })
        // A finished job whose table was dropped by hand says so instead of "already loaded".
        try c.execute("DROP TABLE orders")
        small.replace = false
        #expect {
            _ = try LoadJob(spec: spec, options: small, conninfo: db).run()
        } throws: { ($0 as? LoadError)?.message.contains("table orders no longer exists; re-run with --replace") == true }
    }

    /// Two loads of different sizes started together into one database: one loads, the other
    /// says whose tables they are, never PostgreSQL's raw catalog error.
    @Test func concurrentLoadsOfDifferentSizesFailClearly() throws {
        let spec = try SpecLoader.load(text: Self.shop, file: "shop.yaml")
        for trial in 1...4 {
            let db = try TestCluster.database("concurrent\(trial)")
            let errors = LockedErrors()
            let group = DispatchGroup()
            for rows in [300, 400] {
                var sized = Self.options()
                sized.rowOverrides = ["users": Int64(rows), "orders": 100]
                let o = sized
                DispatchQueue.global().async(group: group) {
                    do { _ = try LoadJob(spec: spec, options: o, conninfo: db).run() } catch { errors.append("\(error)") }
                }
            }
            group.wait()
            let seen = errors.all
            #expect(seen.count <= 1, "trial \(trial): \(seen)")
            for e in seen { #expect(e.contains("was loaded by another Loom job"), "trial \(trial): \(e)") }
        }
    }

    final class LockedErrors: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        func append(_ e: String) { lock.withLock { list.append(e) } }
        var all: [String] { lock.withLock { list } }
    }

    /// Ownership is (schema, table): a user's own table of the same name in another schema is
    /// never called Loom's, and `--replace` never drops it.
    @Test func replaceNeverDropsATableOfTheSameNameInAnotherSchema() throws {
        let db = try TestCluster.database()
        let spec = try SpecLoader.load(text: Self.shop, file: "shop.yaml")
        var inPublic = Self.options()
        inPublic.rowOverrides = ["users": 300, "orders": 100]
        _ = try LoadJob(spec: spec, options: inPublic, conninfo: db).run()
        let c = try PostgresConnection(db)
        try c.execute("CREATE SCHEMA b; CREATE TABLE b.users (id bigint, name text); INSERT INTO b.users VALUES (1, 'mine'), (2, 'also mine')")
        var inB = inPublic
        inB.schema = "b"
        inB.replace = true
        #expect {
            _ = try LoadJob(spec: spec, options: inB, conninfo: db).run()
        } throws: { ($0 as? LoadError)?.message.contains("table \"b\".\"users\" already exists; use --if-exists") == true }
        #expect(try c.execute("SELECT count(*) FROM b.users").value(0, 0) == "2", "the user's own table is untouched")
        #expect(try Ledger(c).job(inPublic.jobID(spec))?.state == .done, "the public job's ledger entry is kept")
        #expect(try count(c, "users") == 300)
    }

    @Test func hostileIdentifiersLoadSafely() throws {
        let db = try TestCluster.database()
        let spec = try SpecLoader.load(
            text: """
                dataset: evil
                tables:
                  "user; drop table x":
                    rows: 50
                    columns:
                      'id"; --': { type: bigint, gen: sequence, primary_key: true }
                      Name:      { type: text, gen: { constant: "Robert'); DROP TABLE students;--" } }
                """, file: "evil.yaml")
        let c = try PostgresConnection(db)
        try c.execute("CREATE TABLE x (a int)")
        _ = try LoadJob(spec: spec, options: Self.options(), conninfo: db).run()
        #expect(try count(c, "user; drop table x") == 50)
        #expect(try TableCatalog(c).exists("x"))
        #expect(try c.execute("SELECT \"Name\" FROM \"user; drop table x\" LIMIT 1").value(0, 0) == "Robert'); DROP TABLE students;--")
    }

    @Test func unreachableServerAndMissingDatabaseFailClearly() throws {
        let spec = try SpecLoader.load(text: Self.shop, file: "shop.yaml")
        let port = try PostgresServer.freePort()
        #expect {
            _ = try LoadJob(
                spec: spec, options: Self.options(), conninfo: "host=127.0.0.1 port=\(port) user=postgres dbname=x connect_timeout=2"
            ).run()
        } throws: { e in
            let text = "\(e)"
            return text.contains("cannot connect to host=127.0.0.1 port=\(port)") && text.contains("Connection refused")
        }
        let endpoint = try TestCluster.endpoint
        #expect {
            _ = try LoadJob(spec: spec, options: Self.options(), conninfo: endpoint.conninfo(database: "no_such_db")).run()
        } throws: { "\($0)".contains("database \"no_such_db\" does not exist") }
    }

    @Test func unloggedTablesEndLogged() throws {
        let db = try TestCluster.database()
        let spec = try SpecLoader.load(text: Self.shop, file: "shop.yaml")
        var opts = Self.options()
        opts.unlogged = true
        _ = try LoadJob(spec: spec, options: opts, conninfo: db).run()
        let c = try PostgresConnection(db)
        for t in ["users", "sessions", "orders"] { #expect(try !TableCatalog(c).isUnlogged(t)) }
        #expect(try count(c, "orders") == 4000)
    }

    @Test func passwordsNeverAppearInMessages() {
        #expect(ConnectionTarget.redacted("postgres://bob:s3cret@db.example:5432/app") == "postgres://bob:***@db.example:5432/app")
        #expect(ConnectionTarget.redacted("host=db user=bob password=s3cret dbname=app") == "host=db user=bob password=*** dbname=app")
        #expect(ConnectionTarget.resolve(explicit: nil, environment: [:]) == nil)
        #expect(ConnectionTarget.resolve(explicit: nil, environment: ["PGHOST": "db"]) == "")
        #expect(ConnectionTarget.resolve(explicit: "postgres://x", environment: ["PGHOST": "db"]) == "postgres://x")
    }
}
