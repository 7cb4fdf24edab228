import Foundation
import LoomPostgres
import Testing

/// The protocol's promises with real processes: busy workers are never dropped, a resumed
/// coordinator adopts the shards in flight, and a worker set up for another job switches jobs
/// without loading a row of one job with the other's plan. Shards are made slow with the
/// worker's `--throttle`, so each takes several coordinator timeouts.
@Suite(.serialized) struct ProtocolClusterTests {
    /// 4 shards of 4000 rows; at 500 rows/s each shard takes 8 s, 4× the workers' 2 s coordinator timeout.
    static func spec(_ name: String, table: String) -> String {
        let path = FaultTests.workDirectory + "/\(name).yaml"
        let text = """
        dataset: \(name)
        seed: 3
        tables:
          \(table):
            rows: 16000
            columns:
              id:   { type: bigint, gen: sequence, primary_key: true }
              name: { type: text, gen: { dict: first_names } }
        """
        try? text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    func coordinator(_ spec: String, _ db: String, port: Int, resume: Bool = false) throws -> Child {
        try Child.loom(["coordinator", spec, "--database", db, "--bind", "tcp://127.0.0.1:\(port)", "--shard-rows", "4000", "--lease-seconds", "5"]
                       + (resume ? ["--resume"] : []))
    }

    func slowWorker(_ db: String, port: Int) throws -> Child {
        try Child.loom(["worker", "--connect", "tcp://127.0.0.1:\(port)", "--database", db, "--coordinator-timeout", "2", "--throttle", "500"])
    }

    func attempts(_ db: String, job: String = "%") throws -> [String] {
        let r = try PostgresConnection(db).execute("SELECT attempt FROM loom.shards WHERE job LIKE $1 ORDER BY table_name, shard", [job])
        return (0..<r.rowCount).map { r.value($0, 0) ?? "?" }
    }

    func lines(_ text: String, containing s: String) -> Int { text.split(separator: "\n").filter { $0.contains(s) }.count }

    @Test func busyWorkersAreNeverDroppedAndEveryShardIsDoneOnce() throws {
        let db = try TestCluster.database()
        let port = try PostgresServer.freePort()
        let spec = Self.spec("slow", table: "slow")
        let c = try coordinator(spec, db, port: port)
        let workers = [try slowWorker(db, port: port), try slowWorker(db, port: port)]
        #expect(c.wait(timeout: 120))
        #expect(c.status == 0, "\(c.stderr)")
        #expect(c.stdout.contains("0 expired leases, 0 shards done more than once"), "\(c.stdout)")
        #expect(lines(c.stderr, containing: "joined (") == 2, "\(c.stderr)")
        #expect(!c.stderr.contains("said hello again") && !c.stderr.contains("dropped it"), "\(c.stderr)")
        for w in workers {
            #expect(w.wait(timeout: 20))
            #expect(w.status == 0, "\(w.stderr)")
            #expect(lines(w.stderr, containing: "joined job") == 1, "\(w.stderr)")
            #expect(!w.stderr.contains("saying hello again"), "\(w.stderr)")
        }
        #expect(try attempts(db) == ["1", "1", "1", "1"])
        let count = try PostgresConnection(db).execute("SELECT count(*), count(DISTINCT id) FROM slow")
        #expect(count.value(0, 0) == "16000" && count.value(0, 1) == "16000")
    }

    @Test func resumedCoordinatorAdoptsShardsInFlight() throws {
        let db = try TestCluster.database()
        let port = try PostgresServer.freePort()
        let spec = Self.spec("adopt", table: "adopt")
        let first = try coordinator(spec, db, port: port)
        let workers = [try slowWorker(db, port: port), try slowWorker(db, port: port)]
        // Both workers are a few seconds into their first shards (8 s each) when the coordinator dies.
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, lines(workers.map(\.stderr).joined(separator: "\n"), containing: "joined job") < 2 { usleep(50_000) }
        Thread.sleep(forTimeInterval: 2)
        first.kill9()
        _ = first.wait(timeout: 5)
        #expect(try attempts(db).isEmpty, "no shard was committed before the kill")
        let second = try coordinator(spec, db, port: port, resume: true)
        #expect(second.wait(timeout: 120))
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stderr.contains("adopted"), "\(second.stderr)")
        #expect(second.stdout.contains("0 shards done more than once"), "\(second.stdout)")
        for w in workers {
            #expect(w.wait(timeout: 20))
            #expect(!w.stderr.contains("already in the ledger"), "a shard in flight was leased again: \(w.stderr)")
        }
        #expect(try attempts(db) == ["1", "1", "1", "1"])
    }

    @Test func workerOfAnotherJobFinishesItsShardThenSwitches() throws {
        let db = try TestCluster.database()
        let port = try PostgresServer.freePort()
        let a = try coordinator(Self.spec("joba", table: "joba"), db, port: port)
        let w = try slowWorker(db, port: port)
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, !w.stderr.contains("joined job") { usleep(50_000) }
        Thread.sleep(forTimeInterval: 1)
        a.kill9()
        _ = a.wait(timeout: 5)
        let b = try coordinator(Self.spec("jobb", table: "jobb"), db, port: port)
        #expect(b.wait(timeout: 120))
        #expect(b.status == 0, "\(b.stderr)")
        #expect(w.wait(timeout: 20))
        #expect(w.stderr.contains("finishing them first") && w.stderr.contains("switched to job jobb-"), "\(w.stderr)")
        #expect(b.stderr.contains("was set up for job joba-"), "\(b.stderr)")
        // Job B's table holds exactly its rows; job A's shard (finished before switching) is in A's ledger only.
        let rows = try PostgresConnection(db).execute("SELECT count(*), count(DISTINCT id) FROM jobb")
        #expect(rows.value(0, 0) == "16000" && rows.value(0, 1) == "16000")
        #expect(try attempts(db, job: "jobb-%").count == 4)
        #expect(try attempts(db, job: "joba-%").count <= 1)
    }
}
