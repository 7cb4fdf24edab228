import LoomProtocol
import Testing

/// The worker's protocol state machine, driven by a fake clock.
@Suite struct WorkerSessionTests {
    let hello = WireMessage.Hello(worker: "w1", host: "h", slots: 2, generatorVersion: "1")
    let welcome = WireMessage.Welcome(job: "j", spec: "dataset: x", options: "{}")

    func lease(_ i: Int, attempt: Int = 1, seq: UInt64 = 1, job: String = "j") -> WireMessage.Lease {
        .init(job: job, shard: .init(table: "t", index: i), attempt: attempt, firstUnit: 0, endUnit: 10, seq: seq)
    }

    func done(_ i: Int, job: String = "j") -> WireMessage.Done {
        .init(job: job, shard: .init(table: "t", index: i), attempt: 1, rows: 10, bytes: 100, checksum: "c", skipped: false)
    }

    func session() -> WorkerSession { WorkerSession(.init(hello: hello, heartbeatInterval: 2, coordinatorTimeout: 15, helloInterval: 1)) }

    func sent(_ actions: [WorkerSession.Action]) -> [WireMessage] {
        actions.compactMap { if case .send(let m) = $0 { m } else { nil } }
    }

    @Test func greetsUntilWelcomedThenKeepsSlotsBusy() {
        var s = session()
        #expect(s.start(now: 0) == [.send(.hello(hello))])
        #expect(s.tick(now: 0.5).isEmpty)
        #expect(s.tick(now: 1.0) == [.send(.hello(hello))])
        #expect(s.received(.welcome(welcome), now: 1.2) == [.configure(welcome), .send(.ready(credit: 2))])
        #expect(s.received(.lease(lease(0, seq: 1)), now: 1.3) == [.start(lease(0, seq: 1))])
        #expect(s.received(.lease(lease(1, seq: 2)), now: 1.3) == [.start(lease(1, seq: 2))])
        // A duplicate lease for a shard already running starts nothing.
        #expect(s.received(.lease(lease(1, seq: 3)), now: 1.4).isEmpty)
        #expect(s.shardDone(done(0)) == [.send(.done(done(0))), .send(.ready(credit: 1))])
        #expect(s.inFlight.count == 1)
    }

    /// Heartbeats go out while welcomed, busy or idle, and name what the worker holds; a result
    /// is resent until the coordinator acks it.
    @Test func heartbeatsNameHoldingsAndResultsAreResentUntilAcked() {
        var s = session()
        _ = s.start(now: 0)
        _ = s.received(.welcome(welcome), now: 0)
        #expect(sent(s.tick(now: 0.1)) == [.heartbeat(.init(job: "j", holding: [], seenLease: 0, credit: 2))])
        _ = s.received(.lease(lease(3, seq: 4)), now: 0.2)
        _ = s.shardDone(done(3))
        let beat = sent(s.tick(now: 2.2))
        #expect(beat.first == .heartbeat(.init(job: "j", holding: [.init(shard: .init(table: "t", index: 3), attempt: 1)], seenLease: 4, credit: 2)))
        #expect(beat.dropFirst().first == .done(done(3)))
        _ = s.received(.ack(results: [.init(shard: .init(table: "t", index: 3), attempt: 1)]), now: 2.3)
        #expect(sent(s.tick(now: 4.3)) == [.heartbeat(.init(job: "j", holding: [], seenLease: 4, credit: 2))])
    }

    @Test func greetsAgainWhenTheCoordinatorGoesSilentOrForgetsIt() {
        var s = session()
        _ = s.start(now: 0)
        _ = s.received(.welcome(welcome), now: 0)
        _ = s.received(.lease(lease(3)), now: 0)
        let again = s.tick(now: 16)
        var expected = hello
        expected.job = "j"
        expected.holding = [.init(shard: .init(table: "t", index: 3), attempt: 1)]
        #expect(sent(again) == [.hello(expected)])
        #expect(s.phase == .greeting)
        // The restarted coordinator welcomes it to the same job: no reconfiguration, one slot offered.
        #expect(s.received(.welcome(welcome), now: 16.5) == [.send(.ready(credit: 1))])
        #expect(sent(s.received(.reintroduce, now: 17)) == [.hello(expected)])
    }

    /// A welcome for another job waits until the old job's shards are done, then reconfigures.
    @Test func switchesJobsOnlyWhenDrained() {
        var s = session()
        _ = s.start(now: 0)
        _ = s.received(.welcome(welcome), now: 0)
        _ = s.received(.lease(lease(0)), now: 0)
        let other = WireMessage.Welcome(job: "k", spec: "dataset: y", options: "{}")
        let switching = s.received(.welcome(other), now: 1)
        #expect(!switching.contains(.configure(other)))
        #expect(s.phase == .switching(to: other))
        #expect(s.received(.lease(lease(1, job: "k")), now: 1.1).allSatisfy { if case .start = $0 { false } else { true } })
        let after = s.shardDone(done(0))
        #expect(after.contains(.configure(other)))
        #expect(sent(after).contains(.ready(credit: 2)))
        #expect(s.job == "k")
        // A lease of the old job is refused from now on.
        #expect(s.received(.lease(lease(5, seq: 9, job: "j")), now: 2).allSatisfy { if case .log = $0 { true } else { false } })
    }

    @Test func refusalAndFinishEndTheSession() {
        var s = session()
        _ = s.start(now: 0)
        #expect(s.received(.refuse(reason: "generator differs"), now: 1) == [.fail("generator differs")])
        #expect(s.tick(now: 100).isEmpty)
        var t = session()
        _ = t.start(now: 0)
        _ = t.received(.welcome(welcome), now: 0)
        #expect(t.received(.finish, now: 1) == [.exit])
        #expect(t.phase == .finished)
    }

    @Test func drainingFinishesWhatIsInFlightAndTakesNoMore() {
        var s = session()
        _ = s.start(now: 0)
        _ = s.received(.welcome(welcome), now: 0)
        _ = s.received(.lease(lease(0)), now: 0)
        #expect(s.drain().isEmpty)
        #expect(s.shardDone(done(0)) == [.send(.done(done(0)))])
        // It leaves once the coordinator has the result.
        #expect(s.received(.ack(results: [.init(shard: .init(table: "t", index: 0), attempt: 1)]), now: 1) == [.send(.bye), .exit])
    }

    @Test func warnsWhenNobodyAnswers() {
        var s = WorkerSession(.init(hello: hello, silenceWarning: 10))
        _ = s.start(now: 0)
        let logs = (1...25).flatMap { s.tick(now: Double($0)) }.filter { if case .log = $0 { true } else { false } }
        #expect(logs.count == 2)
    }
}
