import Foundation
import LoomGen
import LoomPostgres
import LoomProtocol
import LoomWire
import Testing

/// A hostile peer on the coordinator's port (no CURVE, the default) and on the monitor's event
/// feed: whatever it sends, nothing is counted that the ledger does not hold, nobody crashes, and
/// the rogue is named (escaped) in the log.
@Suite(.serialized) struct RoguePeerTests {
    /// A peer that answers every lease with a forged `done`, and tries every message type with
    /// wrong leases, wrong attempts, forged shards, extreme numbers and garbage.
    final class Rogue {
        let socket: ZeroMQSocket
        let context = ZeroMQContext()
        var leases: [WireMessage.Lease] = []

        init(port: Int, name: String) throws {
            socket = try ZeroMQSocket(context, .dealer)
            try socket.setRoutingID(name)
            try socket.setReceiveTimeout(milliseconds: 200)
            try socket.connect("tcp://127.0.0.1:\(port)")
        }

        func send(_ m: WireMessage) { try? socket.send([m.encoded()]) }
        func send(_ raw: String) { try? socket.send([Data(raw.utf8)]) }

        /// Reads what the coordinator sent for `seconds`, keeping the leases.
        func drain(_ seconds: Double) {
            let end = Date().addingTimeInterval(seconds)
            while Date() < end {
                guard let frames = try? socket.receive() else { continue }
                for frame in frames { if let m = try? WireMessage.decode(frame), case .lease(let l) = m { leases.append(l) } }
            }
        }

        func done(_ l: WireMessage.Lease, rows: Int64 = 10_000, attempt: Int? = nil, shard: ShardID? = nil) -> WireMessage {
            .done(
                .init(
                    job: l.job, shard: shard ?? l.shard, attempt: attempt ?? l.attempt, rows: rows, bytes: 1, checksum: "00", skipped: false
                ))
        }

        /// Everything at once, again and again.
        func attack(rounds: Int) {
            send(.hello(.init(worker: "rogue", host: "evil\u{1B}[2J", slots: 4, generatorVersion: GeneratorVersion.current)))
            for _ in 0..<rounds {
                send(.ready(credit: 4))
                drain(0.3)
                for l in leases {
                    send(done(l))
                    send(done(l, attempt: l.attempt + 7))
                    send(done(l, shard: ShardID(table: l.shard.table, index: 999_999)))
                    send(done(l, shard: ShardID(table: "nope\nloom coordinator: finished job", index: 0)))
                    send(.failed(.init(job: l.job, shard: l.shard, attempt: l.attempt + 3, error: "forged\nfailure", transient: true)))
                    let forged = ShardAttempt(shard: ShardID(table: l.shard.table, index: (l.shard.index + 1) % 4), attempt: 1)
                    send(.heartbeat(.init(job: l.job, holding: [forged], seenLease: UInt64.max, credit: 1024)))
                    send(
                        #"{"v":3,"type":"done","done":{"job":"\#(l.job)","shard":{"table":"\#(l.shard.table)","index":\#(l.shard.index)},"attempt":1,"rows":9223372036854775807,"bytes":0,"checksum":"","skipped":false}}"#
                    )
                    send(
                        #"{"v":3,"type":"done","done":{"job":"\#(l.job)","shard":{"table":"\#(l.shard.table)","index":\#(l.shard.index)},"attempt":1,"rows":-5,"bytes":0,"checksum":"","skipped":false}}"#
                    )
                }
                leases = []
                for raw in [
                    "garbage", "{}", #"{"v":3}"#, #"{"v":3,"type":"lease"}"#, #"{"v":3,"type":"ready","credit":99999}"#,
                    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
                ] {
                    send(raw)
                }
                send(.welcome(.init(job: "x", spec: "", options: "")))
                send(.finish)
                send(.ack(results: []))
            }
        }
    }

    @Test func rogueInterleavedWithHonestWorkersChangesNothing() throws {
        let db = try TestCluster.database()
        let port = try PostgresServer.freePort(), events = try PostgresServer.freePort(), http = try PostgresServer.freePort()
        let monitor = try Child.loom(["monitor", "--listen", "127.0.0.1:\(http)", "--connect", "tcp://127.0.0.1:\(events)"])
        defer { monitor.stop() }
        let c = try Child.loom([
            "coordinator", ClusterTests.specPath, "--database", db, "--bind", "tcp://127.0.0.1:\(port)", "--shard-rows",
            ClusterTests.shardRows,
            "--lease-seconds", "3", "--events", "tcp://127.0.0.1:\(events)",
        ])
        defer { c.stop() }
        // The rogue alone for a while: its forged results must not commit anything.
        let rogue = try Rogue(port: port, name: "rogue\n2026-01-01 loom coordinator: all shards committed")
        rogue.attack(rounds: 6)
        let ledger = try PostgresConnection(db).execute("SELECT count(*) FROM loom.shards").value(0, 0)
        #expect(ledger == "0", "forged results committed nothing")
        #expect(c.isRunning, "the coordinator did not finish on forged results: \(c.stdout)")
        // Now two honest workers, with the rogue still at it.
        let workers = [try ClusterTests().worker(db, port: port), try ClusterTests().worker(db, port: port, slots: 2)]
        for _ in 0..<10 where c.isRunning { rogue.attack(rounds: 1) }
        #expect(c.wait(timeout: 120))
        #expect(c.status == 0, "\(c.stderr)")
        for w in workers { #expect(w.wait(timeout: 20)) }
        try ClusterTests().verify(db, "after a rogue peer")
        #expect(c.stderr.contains("the ledger has no such commit"), "\(c.stderr.suffix(3000))")
        #expect(c.stderr.contains("rogue\\u{a}2026-01-01"), "the rogue is named, escaped")
        #expect(!c.stderr.contains("\nnope"), "no forged line starts in the log")
        #expect(!c.stderr.contains("\n2026-01-01 loom coordinator"), "no forged line starts in the log")
        #expect(!c.stderr.contains("\u{1B}["), "no terminal escapes reach the log")
        let job = try PostgresConnection(db).execute("SELECT state FROM loom.jobs").value(0, 0)
        #expect(job == "done")
        #expect(monitor.isRunning, "the monitor is still up: \(monitor.stderr)")
    }

    /// A forged event feed: counts that go negative or to Int64.max are dropped, the monitor keeps serving.
    @Test func monitorSurvivesForgedEvents() throws {
        let events = try PostgresServer.freePort(), http = try PostgresServer.freePort()
        let context = ZeroMQContext()
        let publisher = try ZeroMQSocket(context, .pub)
        try publisher.bind("tcp://127.0.0.1:\(events)")
        let monitor = try Child.loom(["monitor", "--listen", "127.0.0.1:\(http)", "--connect", "tcp://127.0.0.1:\(events)"])
        defer { monitor.stop() }
        func status(_ rows: Int64, seconds: Double) -> Data {
            let t = ClusterEvent.Status.Table(name: "t", plannedRows: 100, rows: rows, shards: 1, shardsCommitted: 0)
            return ClusterEvent.status(.init(job: "forged", tables: [t], workers: 1, leased: 0, expiredLeases: 0, seconds: seconds))
                .encoded()
        }
        let frames = [
            status(10, seconds: 1), status(-100, seconds: 2), status(.max, seconds: 3), status(5, seconds: .infinity),
            Data(
                #"{"status":{"job":"forged","tables":[{"name":"t","plannedRows":1,"rows":-9223372036854775808,"shards":1,"shardsCommitted":0}],"workers":1,"leased":0,"expiredLeases":0,"seconds":4}}"#
                    .utf8),
            Data("garbage".utf8), status(20, seconds: 5),
        ]
        let end = Date().addingTimeInterval(4)
        while Date() < end {
            for f in frames { try publisher.send([f]) }
            usleep(100_000)
        }
        #expect(monitor.isRunning, "the monitor survived forged events: \(monitor.stderr)")
        let r = try Child.run("/usr/bin/curl", ["-s", "--max-time", "5", "http://127.0.0.1:\(http)/api/status"], timeout: 10)
        #expect(r.stdout.contains("\"rows\":20") || r.stdout.contains("\"rows\":10"), "\(r.stdout)")
    }
}
