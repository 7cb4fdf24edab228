#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Foundation
import LoomGen
import LoomPostgres
import LoomSpec
import Testing

/// The real `loom` binary against a real PostgreSQL, with real faults: the loader killed with
/// SIGKILL at random moments, the server restarted under it or gone for good, a full disk, and
/// the errors a user meets first. After every fault the same command must finish the job with
/// exactly the planned rows (DESIGN.md invariants 3 and 5).
///
/// Kill moments and stop times come from a seed printed at the start and in every failure
/// message; `LOOM_FAULT_SEED=<seed>` repeats them.
@Suite(.serialized) struct FaultTests {
    // MARK: The data

    /// 400k users with a unique email and about 200k orders: a few seconds of loading in a
    /// debug build, 20 + 10 shards at 20k rows per shard.
    static let specText = """
    dataset: faults
    seed: 7
    tables:
      users:
        rows: 400000
        columns:
          id:        { type: bigint, gen: sequence, primary_key: true }
          first:     { type: text, gen: { dict: first_names } }
          last:      { type: text, gen: { dict: last_names } }
          email:     { type: text, gen: { email: [first, last] }, unique: true }
          signup_at: { type: timestamptz, gen: { timestamp: { from: 2021-01-01, to: 2025-12-31 } } }
          income:    { type: "numeric(12,2)", gen: { lognormal: { mu: 10.5, sigma: 0.6 } } }
      orders:
        per_parent: { users: { poisson: 0.5 } }
        columns:
          id:      { type: bigint, gen: sequence, primary_key: true }
          user_id: { ref: users.id }
          total:   { type: "numeric(10,2)", gen: { uniform: { min: 1, max: 500 } } }
    """
    static let shardRows: UInt64 = 20_000
    /// Keys and indexes `loom load` creates for the spec.
    static let constraints = [("users", "users_id_pkey"), ("users", "users_email_key"), ("orders", "orders_id_pkey"), ("orders", "orders_user_id_fkey")]
    /// Columns that must hold no duplicates.
    static let uniqueColumns = [("users", "id"), ("users", "email"), ("orders", "id")]

    /// A scratch directory for this test process: the spec file and the loader's output.
    static let workDirectory: String = {
        let dir = "/tmp/loom-fault-\(getpid())"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try? specText.write(toFile: dir + "/faults.yaml", atomically: true, encoding: .utf8)
        atexit { try? FileManager.default.removeItem(atPath: "/tmp/loom-fault-\(getpid())") }
        return dir
    }()
    static var specPath: String { workDirectory + "/faults.yaml" }

    // MARK: Seeded randomness

    static let seed: UInt64 = {
        let s = ProcessInfo.processInfo.environment["LOOM_FAULT_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: 1...UInt64(UInt32.max))
        print("FaultTests: seed \(s) (LOOM_FAULT_SEED=\(s) repeats these kill moments)")
        return s
    }()

    /// splitmix64: the same seed and name always give the same choices.
    struct SeededRandom: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// A generator for one scenario, from the seed and the scenario's name (FNV-1a, stable
    /// across processes unlike `hashValue`).
    static func random(_ name: String) -> SeededRandom {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in name.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01B3 }
        return SeededRandom(state: seed ^ h)
    }

    // MARK: 1. SIGKILL at random moments

    /// Where to kill the loader: a condition seen from outside (elapsed time, pg_stat_activity,
    /// the ledger), then a random pause.
    struct KillPoint: Sendable, CustomTestStringConvertible {
        enum When: Sendable {
            /// Milliseconds after launch, before the loader can have done anything.
            case afterLaunch(ClosedRange<Int>)
            /// The loader's first backend shows up in pg_stat_activity: preparing the ledger and job.
            case connected
            /// `table` has committed a share of its shards (earlier tables all of theirs).
            case shards(table: String, share: ClosedRange<Double>)
            /// The job's state in loom.jobs.
            case state(String)
            /// An active loader backend runs a statement matching this ILIKE pattern.
            case query(String)
        }

        var name: String
        var when: When
        /// Pause in milliseconds between the condition and the kill.
        var pause: ClosedRange<Int>

        var testDescription: String { name }

        static let all: [KillPoint] = [
            KillPoint(name: "before connecting", when: .afterLaunch(0...40), pause: 0...0),
            KillPoint(name: "creating the ledger and job", when: .connected, pause: 0...25),
            KillPoint(name: "users, first shards", when: .shards(table: "users", share: 0.05...0.15), pause: 0...300),
            KillPoint(name: "users, middle", when: .shards(table: "users", share: 0.4...0.6), pause: 0...300),
            KillPoint(name: "users, last shards", when: .shards(table: "users", share: 0.85...0.95), pause: 0...300),
            KillPoint(name: "orders, mid-table", when: .shards(table: "orders", share: 0.2...0.7), pause: 0...200),
            KillPoint(name: "finishing", when: .state("finishing"), pause: 0...400),
            KillPoint(name: "creating the unique index", when: .query("CREATE UNIQUE INDEX%"), pause: 0...30),
            KillPoint(name: "adding the foreign key", when: .query("%FOREIGN KEY%"), pause: 0...10),
        ]
    }

    /// A kill point with its random choices made.
    struct KillPlan: CustomStringConvertible {
        enum Condition {
            case elapsed(Double)
            case connected
            case shards([String: Int])
            case state(String)
            case query(String)
        }

        var condition: Condition
        var pause: Double
        var description: String

        init(_ point: KillPoint, shards: [(name: String, count: Int)], rng: inout SeededRandom) {
            pause = Double(Int.random(in: point.pause, using: &rng)) / 1000
            let then = pause > 0 ? ", then \(Int(pause * 1000)) ms" : ""
            switch point.when {
            case .afterLaunch(let ms):
                let at = Int.random(in: ms, using: &rng)
                condition = .elapsed(Double(at) / 1000)
                description = "kill \(at) ms after launch"
            case .connected:
                condition = .connected
                description = "kill when the loader's first connection appears in pg_stat_activity\(then)"
            case .shards(let table, let share):
                var need: [String: Int] = [:]
                for t in shards {
                    if t.name == table {
                        let lo = max(1, Int((share.lowerBound * Double(t.count)).rounded()))
                        let hi = min(t.count - 1, max(lo, Int((share.upperBound * Double(t.count)).rounded())))
                        need[t.name] = Int.random(in: lo...max(lo, hi), using: &rng)
                        break
                    }
                    need[t.name] = t.count
                }
                condition = .shards(need)
                let total = shards.first { $0.name == table }?.count ?? 0
                description = "kill when \(table) has \(need[table] ?? 0) of \(total) shards committed\(then)"
            case .state(let s):
                condition = .state(s)
                description = "kill when loom.jobs says '\(s)'\(then)"
            case .query(let pattern):
                condition = .query(pattern)
                description = "kill while the loader runs \(pattern)\(then)"
            }
        }
    }

    @Test(arguments: KillPoint.all)
    func sigkillThenRerunFinishesExactly(point: KillPoint) throws {
        let db = try TestCluster.database("kill \(point.name)")
        let spec = try SpecLoader.load(text: Self.specText, file: "faults.yaml")
        let plan = try DatasetPlan(spec: spec)
        let shards = try ShardPlan(plan, shardRows: Self.shardRows).tables.map { ($0.name, $0.shards.count) }
        var rng = Self.random(point.name)
        let kill = KillPlan(point, shards: shards, rng: &rng)
        let watch = try Self.connect(db)
        defer { watch.close() }
        var context = "seed \(Self.seed), kill point '\(point.name)': \(kill)"

        let load = try Child.loom(Self.loadArguments(db))
        defer { load.stop() }
        let reached = try Self.waitFor(kill.condition, loader: load, watch: watch, timeout: 180)
        guard reached else {
            Issue.record("the loader \(load.isRunning ? "did not reach the kill point within 180 s" : "exited with \(load.status) before the kill point"); \(context)\n\(load.stderr)")
            return
        }
        if kill.pause > 0 { Thread.sleep(forTimeInterval: kill.pause) }
        let alive = load.isRunning
        load.kill9()
        let killedAt = load.elapsed
        #expect(load.wait(timeout: 10), "SIGKILLed loader did not exit; \(context)")
        let snapshot = try Self.ledger(watch)
        context += "; killed \(Self.seconds(killedAt)) s after launch; ledger then: \(snapshot)"
        try #require(alive && load.killedBySignal,
                     "the loader finished (status \(load.status)) before it could be killed; \(context)\n\(load.stderr)")

        let rerun = try Child.loom(Self.loadArguments(db), timeout: 180)
        #expect(rerun.status == 0, "re-run after the kill failed; \(context)\n\(rerun.stderr)")
        if snapshot.state != nil {
            #expect(rerun.stdout.contains("resumed"), "re-run did not resume the job; \(context)\n\(rerun.stdout)")
        }
        if !snapshot.shards.isEmpty {
            #expect(rerun.stdout.contains("earlier)"), "re-run did not skip the committed shards; \(context)\n\(rerun.stdout)")
        }
        let verifySeconds = try Self.checkLoaded(db, plan: plan, context: context)
        print("FaultTests: \(point.name): killed at \(Self.seconds(killedAt)) s (\(snapshot)); re-run \(Self.seconds(rerun.elapsed)) s; verify \(Self.seconds(verifySeconds)) s")
    }

    // MARK: 2. PostgreSQL restarted, or gone

    @Test func serverRestartDuringLoadIsRiddenOut() throws {
        var rng = Self.random("restart")
        let stopAfter = Double.random(in: 0.5...1.0, using: &rng)
        try restartIsRiddenOut("restart") { load, _ in
            Thread.sleep(until: load.started.addingTimeInterval(stopAfter))
            return "server stopped \(Int(stopAfter * 1000)) ms after the loader started"
        }
    }

    /// The window before any shard: the loader's first transaction (ledger schema and job) is
    /// held up on the ledger's advisory lock so the stop lands inside it every time.
    @Test func serverRestartWhilePreparingTheJobIsRiddenOut() throws {
        try restartIsRiddenOut("restart-prepare", holdLedgerLock: true) { load, db in
            let watch = try Self.connect(db)
            defer { watch.close() }
            let deadline = Date().addingTimeInterval(60)
            while try watch.execute("""
            SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'loom' AND wait_event = 'advisory'
            """).value(0, 0) == "0" {
                try #require(load.isRunning && Date() < deadline, "the loader never waited for the ledger lock\n\(load.stderr)")
                usleep(5_000)
            }
            return "server stopped while the loader waited to prepare the ledger, \(Self.seconds(load.elapsed)) s after it started"
        }
    }

    /// Starts a load against a private server, stops the server (fast) once `stopWhen`
    /// returns a description of the moment, starts it again 1.5 s later on the same port, and
    /// expects the load to ride it out and verify. With `holdLedgerLock` the loader's first
    /// transaction (ledger schema and job) waits on the advisory lock `Ledger.prepare` takes
    /// until the server stops, so the stop always lands inside it.
    func restartIsRiddenOut(_ name: String, holdLedgerLock: Bool = false, stopWhen: (Child, String) throws -> String) throws {
        let server = try Self.privateServer(name)
        defer { Self.remove(server) }
        let endpoint = try server.start(settings: Self.serverSettings)
        try server.createDatabase("restart")
        let db = endpoint.conninfo(database: "restart")
        let plan = try DatasetPlan(spec: SpecLoader.load(text: Self.specText, file: "faults.yaml"))
        let blocker = try Self.connect(db)
        defer { blocker.close() }
        if holdLedgerLock {
            try blocker.execute("BEGIN")
            try blocker.execute("SELECT pg_advisory_xact_lock(7478353100)")
        }

        let load = try Child.loom(Self.loadArguments(db))
        defer { load.stop() }
        var context = "seed \(Self.seed): " + (try stopWhen(load, db)) + ", started again 1.5 s later"
        try #require(load.isRunning, "the loader finished before the server stopped; \(context)\n\(load.stderr)")
        let before = try Self.connect(db)
        let snapshot = try Self.ledger(before)
        before.close()
        context += "; ledger at the stop: \(snapshot)"
        try server.stop(mode: .fast)
        Thread.sleep(forTimeInterval: 1.5)
        #expect(load.isRunning, "the loader gave up while the server was down; \(context)\n\(load.stderr)")
        let restarted = try server.start(port: endpoint.port, settings: Self.serverSettings)
        #expect(restarted.port == endpoint.port)

        #expect(load.wait(timeout: 180), "the loader did not finish within 180 s after the restart; \(context)\n\(load.stderr)")
        #expect(load.status == 0, "the loader did not ride out the restart; \(context)\n\(load.stderr)")
        #expect(load.stderr.contains("retrying"), "no retry message on stderr; \(context)\n\(load.stderr)")
        let verifySeconds = try Self.checkLoaded(db, plan: plan, context: context)
        print("FaultTests: \(name): \(context); load \(Self.seconds(load.elapsed)) s; verify \(Self.seconds(verifySeconds)) s")
    }

    /// A crash (immediate stop) empties UNLOGGED tables but not the ledger: the next run must
    /// notice, load those tables again, and finish with every row.
    @Test func crashEmptiedUnloggedTablesAreLoadedAgain() throws {
        let server = try Self.privateServer("unlogged")
        defer { Self.remove(server) }
        let endpoint = try server.start(settings: Self.serverSettings)
        try server.createDatabase("unlogged")
        let db = endpoint.conninfo(database: "unlogged")
        let plan = try DatasetPlan(spec: SpecLoader.load(text: Self.specText, file: "faults.yaml"))
        let load = try Child.loom(Self.loadArguments(db) + ["--unlogged"])
        defer { load.stop() }
        let watcher = try Self.connect(db)
        var committed = 0
        let deadline = Date().addingTimeInterval(120)
        while committed < 3 && Date() < deadline && load.isRunning {
            committed = (try? Self.ledger(watcher).shards.values.reduce(0, +)) ?? 0
            usleep(20_000)
        }
        watcher.close()
        try #require(committed >= 3 && load.isRunning, "no shards committed before the crash (\(committed)); \(load.stderr)")
        load.kill9()
        load.stop()
        // The servers run with synchronous_commit off: let the WAL writer flush the commits
        // (every 200 ms) so the crash loses the UNLOGGED rows, not the transactions.
        Thread.sleep(forTimeInterval: 1)
        try server.stop(mode: .immediate)
        _ = try server.start(port: endpoint.port, settings: Self.serverSettings)
        let after = try Self.connect(db)
        let left = try after.execute("SELECT count(*) FROM users").value(0, 0)
        let inLedger = try Self.ledger(after).shards.values.reduce(0, +)
        after.close()
        #expect(left == "0" && inLedger >= 3, "the crash emptied the UNLOGGED table but not the ledger (\(left ?? "?") rows, \(inLedger) shards)")

        let again = try Child.loom(Self.loadArguments(db) + ["--unlogged"], timeout: 180)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("lost rows in a server crash"), "\(again.stderr)")
        try Self.checkLoaded(db, plan: plan, context: "after a crash with UNLOGGED tables")
    }

    @Test func serverGoneForGoodFailsInBoundedTimeThenResumes() throws {
        let server = try Self.privateServer("down")
        defer { Self.remove(server) }
        let endpoint = try server.start(settings: Self.serverSettings)
        try server.createDatabase("down")
        let db = endpoint.conninfo(database: "down")
        let plan = try DatasetPlan(spec: SpecLoader.load(text: Self.specText, file: "faults.yaml"))
        var rng = Self.random("down")
        let stopAfter = Double.random(in: 0.5...1.0, using: &rng)
        var context = "seed \(Self.seed): server stopped \(Int(stopAfter * 1000)) ms after the loader started and left down"

        let load = try Child.loom(Self.loadArguments(db))
        defer { load.stop() }
        Thread.sleep(until: load.started.addingTimeInterval(stopAfter))
        try #require(load.isRunning, "the loader finished before the server stopped; \(context)\n\(load.stderr)")
        let before = try Self.connect(db)
        let snapshot = try Self.ledger(before)
        before.close()
        context += "; ledger at the stop: \(snapshot)"
        try server.stop(mode: .fast)
        let stopped = Date()

        let exited = load.wait(timeout: 60)
        let waited = Date().timeIntervalSince(stopped)
        #expect(exited, "the loader was still running 60 s after the server stopped; \(context)\n\(load.stderr)")
        #expect(waited < 60, "\(context)")
        #expect(load.status != 0 && !load.killedBySignal, "\(context)\nstatus \(load.status)\n\(load.stderr)")
        let errors = load.stderrLines.filter { $0.hasPrefix("error:") }
        #expect(errors.count == 1, "want one error line; \(context)\n\(load.stderr)")
        #expect(errors.first?.contains("re-run the same command to resume") == true, "\(context)\n\(load.stderr)")
        #expect(load.stderr.contains("retrying"), "\(context)\n\(load.stderr)")

        try server.start(port: endpoint.port, settings: Self.serverSettings)
        let rerun = try Child.loom(Self.loadArguments(db), timeout: 180)
        #expect(rerun.status == 0, "re-run after the server came back failed; \(context)\n\(rerun.stderr)")
        if snapshot.state != nil {
            #expect(rerun.stdout.contains("resumed"), "\(context)\n\(rerun.stdout)")
        }
        let verifySeconds = try Self.checkLoaded(db, plan: plan, context: context)
        print("FaultTests: server down: loader gave up \(Self.seconds(waited)) s after the stop; re-run \(Self.seconds(rerun.elapsed)) s; verify \(Self.seconds(verifySeconds)) s")
    }

    // MARK: 3. Disk full

    @Test func diskFullFailsClearlyWithAConsistentLedger() throws {
        try #require(geteuid() == 0, "this test mounts a 6 MiB tmpfs for a tablespace and must run as root (it does not skip)")
        let mountPoint = Self.workDirectory + "-tiny"
        try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
        let mounted = try Child.run("/bin/mount", ["-t", "tmpfs", "-o", "size=6m,mode=0700", "tmpfs", mountPoint], timeout: 30)
        try #require(mounted.status == 0, "cannot mount a tmpfs on \(mountPoint) (needs root and CAP_SYS_ADMIN): \(mounted.stdout)\(mounted.stderr)")
        defer {
            Self.unmount(mountPoint)
            try? FileManager.default.removeItem(atPath: mountPoint)
        }
        let pw = try #require(getpwnam("postgres"), "no 'postgres' user to own the tablespace directory")
        try #require(chown(mountPoint, pw.pointee.pw_uid, pw.pointee.pw_gid) == 0, "chown \(mountPoint): \(String(cString: strerror(errno)))")

        let server = try Self.privateServer("disk")
        defer { Self.remove(server) } // runs before the unmount: the server must let go of the files
        let endpoint = try server.start(settings: Self.serverSettings)
        try server.createDatabase("disk")
        let plain = endpoint.conninfo(database: "disk")
        let admin = try Self.connect(plain)
        defer { admin.close() }
        try admin.execute("CREATE TABLESPACE tiny LOCATION '\(mountPoint)'")
        let db = plain + " options='-c default_tablespace=tiny'"

        let load = try Child.loom(["load", Self.specPath, "--database", db, "--jobs", "2", "--shard-rows", "5000"], timeout: 120)
        let context = "disk full (6 MiB tablespace)"
        #expect(load.status == 1 && !load.killedBySignal, "\(context): status \(load.status)\n\(load.stderr)")
        let errors = load.stderrLines.filter { $0.hasPrefix("error:") }
        #expect(errors.count == 1, "want one error line; \(context)\n\(load.stderr)")
        let line = errors.first ?? ""
        #expect(line.contains("users shard "), "the error should name the table and shard: \(line)")
        #expect(line.contains("No space left on device") || line.contains("could not extend file"), "\(line)")

        // The ledger holds exactly what the tables hold: every committed shard's rows, nothing else.
        #expect(try admin.execute("SELECT spcname FROM pg_tablespace t JOIN pg_class c ON c.reltablespace = t.oid WHERE c.oid = 'users'::regclass").value(0, 0) == "tiny")
        let perShard = try admin.execute("""
        SELECT s.shard, s.rows, (SELECT count(*) FROM users u WHERE u.id > s.first_unit AND u.id <= s.end_unit)
        FROM loom.shards s WHERE s.table_name = 'users' ORDER BY s.shard
        """).rows
        #expect(!perShard.isEmpty, "no shard committed before the disk filled: the tablespace is too small to test a partial load")
        for r in perShard {
            #expect(r[1] == r[2], "users shard \(r[0]!): ledger says \(r[1]!) rows, the table holds \(r[2]!)")
        }
        for table in ["users", "orders"] {
            let q = SchemaDDL.quote(table)
            let inTable = try admin.execute("SELECT count(*) FROM \(q)").value(0, 0)
            let inLedger = try admin.execute("SELECT coalesce(sum(rows), 0) FROM loom.shards WHERE table_name = $1", [table]).value(0, 0)
            #expect(inTable == inLedger, "\(table): \(inTable ?? "?") rows in the table, \(inLedger ?? "?") in the ledger")
        }
        #expect(try admin.execute("SELECT state FROM loom.jobs").value(0, 0) == "loading")
        print("FaultTests: disk full: \(perShard.count) users shards committed; \(line)")
    }

    // MARK: 4. Errors users meet first

    @Test func tableOfAnotherShapeWithTruncateFailsInOneLine() throws {
        let db = try TestCluster.database()
        let c = try Self.connect(db)
        defer { c.close() }
        try c.execute("CREATE TABLE users (id bigint, x text); INSERT INTO users VALUES (1, 'keep me')")
        let r = try Child.loom(["load", Self.specPath, "--database", db, "--if-exists", "truncate", "--jobs", "2"], timeout: 60)
        #expect(r.status == 1)
        #expect(r.stderrLines.count == 1, "\(r.stderr)")
        #expect(r.stderrLines.first?.hasPrefix("error: table \"public\".\"users\" exists with another shape: ") == true, "\(r.stderr)")
        #expect(r.stderr.contains("columns are (id, x) but the spec has (id, first, last, email, signup_at, income)"), "\(r.stderr)")
        #expect(try c.execute("SELECT x FROM users").rows.map { $0[0] } == ["keep me"], "the table was changed")
        #expect(try c.execute("SELECT count(*) FROM loom.jobs").value(0, 0) == "0", "a job was recorded")

        // Same columns, one type differs.
        try c.execute("DROP TABLE users; CREATE TABLE users (id bigint, first text, last text, email text, signup_at timestamptz, income text)")
        let typed = try Child.loom(["load", Self.specPath, "--database", db, "--if-exists", "truncate"], timeout: 60)
        #expect(typed.status == 1)
        #expect(typed.stderrLines == ["error: table \"public\".\"users\" exists with another shape: column income is text but the spec says numeric(12,2)"],
                "\(typed.stderr)")
    }

    @Test func missingDatabaseFailsInOneLineAtOnce() throws {
        let db = try TestCluster.endpoint.conninfo(database: "loom_fault_no_such_db")
        for command in ["load", "verify"] {
            let r = try Child.loom([command, Self.specPath, "--database", db], timeout: 60)
            #expect(r.status == 1, "\(command): status \(r.status)")
            #expect(r.stderrLines.count == 1, "\(command): \(r.stderr)")
            #expect(r.stderrLines.first?.hasPrefix("error: cannot connect to ") == true, "\(command): \(r.stderr)")
            #expect(r.stderr.contains("database \"loom_fault_no_such_db\" does not exist"), "\(command): \(r.stderr)")
            #expect(r.elapsed < 10, "\(command) waited \(r.elapsed) s for a database that does not exist")
        }
    }

    // MARK: Checks

    static func seconds(_ s: Double) -> String { String(format: "%.2f", s) }

    static func loadArguments(_ db: String) -> [String] {
        ["load", specPath, "--database", db, "--jobs", "2", "--shard-rows", String(shardRows)]
    }

    /// A connection for the test itself, named so that pg_stat_activity tells it from the loader.
    static func connect(_ db: String) throws -> PostgresConnection {
        let c = try PostgresConnection(db, applicationName: "loom-fault-test")
        try c.execute("SET statement_timeout = '60s'")
        return c
    }

    /// After a finished load: exact counts, no duplicates, ledger == tables, keys in place, and
    /// `loom verify` passes. Returns the seconds verify took.
    @discardableResult
    static func checkLoaded(_ db: String, plan: DatasetPlan, context: String) throws -> Double {
        let c = try connect(db)
        defer { c.close() }
        #expect(try c.execute("SELECT state FROM loom.jobs").rows.map { $0[0] } == ["done"], "\(context)")
        let shardPlan = try ShardPlan(plan, shardRows: shardRows)
        for (table, shards) in shardPlan.tables {
            let planned = try plan.rows(table)
            let count = UInt64(try c.execute("SELECT count(*) FROM \(SchemaDDL.quote(table))").value(0, 0) ?? "") ?? 0
            #expect(count == planned, "\(table): \(count) rows, planned \(planned); \(context)")
            let ledger = try c.execute("SELECT count(*), coalesce(sum(rows), 0) FROM loom.shards WHERE table_name = $1", [table]).rows[0]
            #expect(ledger[0] == String(shards.count), "\(table): \(ledger[0] ?? "?") shards in the ledger, planned \(shards.count); \(context)")
            #expect(ledger[1] == String(count), "\(table): ledger sums to \(ledger[1] ?? "?") rows, the table holds \(count); \(context)")
        }
        for (table, column) in uniqueColumns {
            let col = SchemaDDL.quote(column)
            let dups = try c.execute("SELECT count(*) - count(DISTINCT \(col)) FROM \(SchemaDDL.quote(table))").value(0, 0)
            #expect(dups == "0", "\(table).\(column): \(dups ?? "?") duplicates; \(context)")
        }
        let catalog = TableCatalog(c)
        for (table, name) in constraints {
            #expect(try catalog.hasConstraint(name, on: table), "\(name) missing; \(context)")
        }
        let invalid = try c.execute("SELECT string_agg(indexrelid::regclass::text, ', ') FROM pg_index WHERE NOT indisvalid OR NOT indisready").value(0, 0)
        #expect(invalid == nil, "invalid indexes left behind: \(invalid ?? ""); \(context)")

        let verify = try Child.loom(["verify", specPath, "--database", db, "--shard-rows", String(shardRows)], timeout: 180)
        #expect(verify.status == 0, "loom verify failed; \(context)\n\(verify.stdout)\(verify.stderr)")
        return verify.elapsed
    }

    /// What the ledger says: the job's state and committed shards per table.
    struct LedgerSnapshot: CustomStringConvertible {
        var state: String?
        var shards: [String: Int]
        var description: String {
            guard let state else { return "no job" }
            let s = shards.sorted { $0.key > $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
            return "job \(state)" + (s.isEmpty ? ", no shards" : ", shards: \(s)")
        }
    }

    static func ledger(_ c: PostgresConnection) throws -> LedgerSnapshot {
        guard try c.execute("SELECT to_regclass('loom.jobs') IS NOT NULL AND to_regclass('loom.shards') IS NOT NULL").value(0, 0) == "t" else {
            return LedgerSnapshot(state: nil, shards: [:])
        }
        let state = try c.execute("SELECT state FROM loom.jobs LIMIT 1").value(0, 0)
        var shards: [String: Int] = [:]
        for r in try c.execute("SELECT table_name, count(*) FROM loom.shards GROUP BY 1").rows { shards[r[0]!] = Int(r[1]!) }
        return LedgerSnapshot(state: state, shards: shards)
    }

    /// Polls until `condition` holds (true), or the loader exits or time runs out (false).
    static func waitFor(_ condition: KillPlan.Condition, loader: Child, watch: PostgresConnection, timeout: Double) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while loader.isRunning, Date() < deadline {
            switch condition {
            case .elapsed(let s):
                if loader.elapsed >= s { return true }
            case .connected:
                if try watch.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'loom'").value(0, 0) != "0" { return true }
            case .shards(let need):
                let have = try ledger(watch).shards
                if need.allSatisfy({ have[$0.key, default: 0] >= $0.value }) { return true }
            case .state(let s):
                if try ledger(watch).state == s { return true }
            case .query(let pattern):
                let active = try watch.execute("""
                SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'loom'
                AND state = 'active' AND query ILIKE $1
                """, [pattern]).value(0, 0)
                if active != "0" { return true }
            }
            if case .elapsed = condition { usleep(1_000) } else { usleep(5_000) }
        }
        return false
    }

    // MARK: Private servers

    static let serverSettings = ["fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "listen_addresses": ""]

    /// A PostgreSQL cluster of this test alone (the shared TestCluster must never restart).
    static func privateServer(_ name: String) throws -> PostgresServer {
        let dir = "\(workDirectory)-\(name)"
        let server = PostgresServer(directory: dir)
        try? server.stop(mode: .immediate)
        try? FileManager.default.removeItem(atPath: dir)
        return server
    }

    static func remove(_ server: PostgresServer) {
        do { try server.stop(mode: .immediate) } catch { Issue.record("stopping the server in \(server.directory): \(error)") }
        try? FileManager.default.removeItem(atPath: server.directory)
    }

    static func isMounted(_ path: String) -> Bool {
        let mounts = (try? String(contentsOfFile: "/proc/mounts", encoding: .utf8)) ?? ""
        return mounts.split(separator: "\n").contains { $0.split(separator: " ").dropFirst().first.map(String.init) == path }
    }

    /// Unmounts, retrying while busy, lazily as a last resort; records an issue if it stays.
    static func unmount(_ path: String) {
        for _ in 0..<10 where isMounted(path) {
            _ = try? Child.run("/bin/umount", [path], timeout: 30)
            if isMounted(path) { Thread.sleep(forTimeInterval: 0.3) }
        }
        if isMounted(path) { _ = try? Child.run("/bin/umount", ["-l", path], timeout: 30) }
        if isMounted(path) { Issue.record("could not unmount the tmpfs on \(path)") }
    }
}

/// A child process with its output in files (no pipe to fill up), a start time, and SIGKILL.
final class Child {
    let process = Process()
    let started = Date()
    private var ended: Date?
    private let outPath: String
    private let errPath: String

    init(_ executable: String, _ arguments: [String]) throws {
        let base = FaultTests.workDirectory + "/child-\(UUID().uuidString)"
        outPath = base + ".out"
        errPath = base + ".err"
        _ = FileManager.default.createFile(atPath: outPath, contents: nil)
        _ = FileManager.default.createFile(atPath: errPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: FaultTests.workDirectory)
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") && $0.key != "DATABASE_URL" }
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
        process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
        try process.run()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: outPath)
        try? FileManager.default.removeItem(atPath: errPath)
    }

    /// The built `loom` next to the test bundle (as in CLITests).
    static var loomBinary: String {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("loom").path), dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent("loom").path
    }

    static func loom(_ arguments: [String]) throws -> Child {
        let binary = loomBinary
        try #require(FileManager.default.isExecutableFile(atPath: binary), "build the loom product first: \(binary)")
        return try Child(binary, arguments)
    }

    /// Runs `loom` to the end; on timeout it is killed and the test fails.
    static func loom(_ arguments: [String], timeout: Double) throws -> Child {
        let c = try loom(arguments)
        if !c.wait(timeout: timeout) { Issue.record("loom \(arguments.joined(separator: " ")) ran longer than \(Int(timeout)) s and was killed") }
        return c
    }

    static func run(_ executable: String, _ arguments: [String], timeout: Double) throws -> Child {
        let c = try Child(executable, arguments)
        if !c.wait(timeout: timeout) { Issue.record("\(executable) \(arguments.joined(separator: " ")) ran longer than \(Int(timeout)) s and was killed") }
        return c
    }

    var isRunning: Bool { process.isRunning }

    /// Seconds from launch to exit (or to now while running).
    var elapsed: Double { (ended ?? Date()).timeIntervalSince(started) }

    /// Waits for the exit; after `timeout` seconds kills the process and returns false.
    @discardableResult
    func wait(timeout: Double) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning {
            if Date() > deadline {
                stop()
                return false
            }
            usleep(10_000)
        }
        if ended == nil { ended = Date() }
        return true
    }

    var pid: Int32 { process.processIdentifier }

    func kill9() {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    /// Kills a process still running and waits for it (cleanup on every path).
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    var status: Int32 { process.isRunning ? -1 : process.terminationStatus }
    var killedBySignal: Bool { !process.isRunning && process.terminationReason == .uncaughtSignal }
    var stdout: String { (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "" }
    var stderr: String { (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "" }
    var stderrLines: [String] { stderr.split(separator: "\n").map(String.init).filter { !$0.isEmpty } }
}
