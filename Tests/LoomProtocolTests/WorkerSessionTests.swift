import LoomProtocol
import Testing

/// The worker's protocol state machine, driven by a fake clock.
@Suite struct WorkerSessionTests {
    let hello = WireMessage.Hello(worker: "w1", host: "h", slots: 2, specHash: "s", generatorVersion: "1")
    let welcome = WireMessage.Welcome(job: "j", spec: "dataset: x", options: "{}")

    func lease(_ i: Int, attempt: Int = 1) -> WireMessage.Lease {
        .init(shard: .init(table: "t", index: i), attempt: attempt, firstUnit: 0, endUnit: 10, leaseSeconds: 30)
    }

    func done(_ i: Int) -> WireMessage.Done {
        .init(shard: .init(table: "t", index: i), attempt: 1, rows: 10, bytes: 100, checksum: "c", skipped: false)
    }

    @Test func greetsUntilWelcomedThenKeepsSlotsBusy() {
        var s = WorkerSession(.init(hello: hello, heartbeatInterval: 2, coordinatorTimeout: 15, helloInterval: 1))
        #expect(s.start(now: 0) == [.send(.hello(hello))])
        #expect(s.tick(now: 0.5).isEmpty)
        #expect(s.tick(now: 1.0) == [.send(.hello(hello))])
        #expect(s.received(.welcome(welcome), now: 1.2) == [.configure(welcome), .send(.ready(credit: 2))])
        #expect(s.received(.lease(lease(0)), now: 1.3) == [.start(lease(0))])
        #expect(s.received(.lease(lease(1)), now: 1.3) == [.start(lease(1))])
        // A duplicate lease for a shard already running starts nothing.
        #expect(s.received(.lease(lease(1)), now: 1.4).isEmpty)
        #expect(s.shardDone(done(0)) == [.send(.done(done(0))), .send(.ready(credit: 1))])
        #expect(s.inFlight.count == 1)
    }

    @Test func heartbeatsWhileWorkingAndGreetsAgainWhenTheCoordinatorGoesSilent() {
        var s = WorkerSession(.init(hello: hello, heartbeatInterval: 2, coordinatorTimeout: 15, helloInterval: 1))
        _ = s.start(now: 0)
        _ = s.received(.welcome(welcome), now: 0)
        _ = s.received(.lease(lease(3)), now: 0)
        #expect(s.tick(now: 0.5) == [.send(.heartbeat(shards: [.init(table: "t", index: 3)]))])
        #expect(s.tick(now: 1.5).isEmpty)
        #expect(s.tick(now: 2.6) == [.send(.heartbeat(shards: [.init(table: "t", index: 3)]))])
        #expect(s.tick(now: 16) == [.send(.hello(hello))])
        #expect(s.phase == .greeting)
        // The restarted coordinator welcomes it: one slot is busy, one is offered.
        #expect(s.received(.welcome(welcome), now: 16.5) == [.configure(welcome), .send(.ready(credit: 1))])
    }

    @Test func refusalAndFinishEndTheSession() {
        var s = WorkerSession(.init(hello: hello))
        _ = s.start(now: 0)
        #expect(s.received(.refuse(reason: "spec hash differs"), now: 1) == [.fail("spec hash differs")])
        #expect(s.tick(now: 100).isEmpty)
        var t = WorkerSession(.init(hello: hello))
        _ = t.start(now: 0)
        _ = t.received(.welcome(welcome), now: 0)
        #expect(t.received(.finish, now: 1) == [.exit])
        #expect(t.phase == .finished)
    }

    @Test func drainingFinishesWhatIsInFlightAndTakesNoMore() {
        var s = WorkerSession(.init(hello: hello, heartbeatInterval: 2, coordinatorTimeout: 15, helloInterval: 1))
        _ = s.start(now: 0)
        _ = s.received(.welcome(welcome), now: 0)
        _ = s.received(.lease(lease(0)), now: 0)
        #expect(s.drain().isEmpty, "a shard is still in flight")
        // Credit offered before the drain may still bring a lease: it is loaded, not dropped.
        #expect(s.received(.lease(lease(1)), now: 0.1) == [.start(lease(1))])
        #expect(s.shardDone(done(0)) == [.send(.done(done(0)))], "no new credit while draining")
        #expect(s.tick(now: 2.5) == [.send(.heartbeat(shards: [.init(table: "t", index: 1)]))])
        #expect(s.shardDone(done(1)) == [.send(.done(done(1))), .send(.bye), .exit])
        #expect(s.phase == .finished)

        var idle = WorkerSession(.init(hello: hello))
        _ = idle.start(now: 0)
        #expect(idle.drain() == [.exit], "nothing in flight: exit at once")
    }
}
