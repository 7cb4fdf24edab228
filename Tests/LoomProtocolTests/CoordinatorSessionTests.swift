import LoomProtocol
import Testing

/// The coordinator's protocol state machine, message by message, on a fake clock.
@Suite struct CoordinatorSessionTests {
    static let welcome = WireMessage.Welcome(job: "j", spec: "dataset: x", options: "{}")

    func session(shards: Int = 4, committed: Set<Int> = [], window: Double = 0, lease: Double = 10) -> CoordinatorSession {
        let config = CoordinatorSession.Configuration(welcome: Self.welcome, generatorVersion: "g", leaseSeconds: lease, maxAttempts: 3, adoptionWindow: window)
        let units: [Range<UInt64>] = (0..<shards).map { (k: Int) -> Range<UInt64> in UInt64(k * 10)..<UInt64(k * 10 + 10) }
        return CoordinatorSession(config, tables: [("t", units)], committed: { committed.contains($0.index) }, now: 0)
    }

    func hello(_ name: String = "w", job: String = "", holding: [ShardAttempt] = [], version: String = "g") -> WireMessage {
        .hello(.init(worker: name, host: "h", slots: 2, job: job, generatorVersion: version, holding: holding))
    }

    func leases(_ actions: [CoordinatorSession.Action]) -> [WireMessage.Lease] {
        actions.compactMap { if case .send(_, .lease(let l)) = $0 { l } else { nil } }
    }

    func shard(_ i: Int) -> ShardID { ShardID(table: "t", index: i) }

    func done(_ i: Int, attempt: Int = 1, skipped: Bool = false) -> WireMessage {
        .done(.init(job: "j", shard: shard(i), attempt: attempt, rows: 10, bytes: 1, checksum: "", skipped: skipped))
    }

    @Test func welcomesLeasesAndRemembersCredit() {
        var s = session(shards: 3)
        let hi = s.received(peer: "w", message: hello(), now: 0)
        #expect(hi.contains(.send(peer: "w", .welcome(Self.welcome))))
        #expect(leases(s.received(peer: "w", message: .ready(credit: 2), now: 0)).map(\.shard) == [shard(0), shard(1)])
        // Credit not filled is remembered: a shard freed later goes to the worker at once.
        #expect(leases(s.received(peer: "v", message: hello("v"), now: 0)).isEmpty)
        #expect(leases(s.received(peer: "v", message: .ready(credit: 2), now: 0)).map(\.shard) == [shard(2)])
        let failed = s.received(peer: "w", message: .failed(.init(job: "j", shard: shard(0), attempt: 1, error: "boom", transient: true)), now: 1)
        let again = leases(failed)
        #expect(again.map(\.shard) == [shard(0)])
        #expect(again.first?.attempt == 2)
        #expect(s.attempts.failed == 1)
    }

    /// A heartbeat is answered, and a busy worker that heartbeats is never dropped however long its shards take.
    @Test func answersHeartbeatsAndKeepsBusyWorkers() {
        var s = session(shards: 1)
        _ = s.received(peer: "w", message: hello(), now: 0)
        _ = s.received(peer: "w", message: .ready(credit: 1), now: 0)
        for t in stride(from: 1.0, through: 100, by: 1) {
            let beat = WireMessage.heartbeat(.init(job: "j", holding: [.init(shard: shard(0), attempt: 1)], seenLease: 1, credit: 0))
            #expect(s.received(peer: "w", message: beat, now: t).first == .send(peer: "w", .ack(results: [])))
            _ = s.tick(now: t + 0.5)
        }
        #expect(s.connected == 1)
        #expect(s.table.counts.leased == 1)
        let end = s.received(peer: "w", message: done(0), now: 101)
        #expect(end.contains(.finished))
        #expect(s.attempts.committed == 1 && s.attempts.expired == 0)
    }

    @Test func silentWorkersLoseTheirLeases() {
        var s = session(shards: 2)
        _ = s.received(peer: "w", message: hello(), now: 0)
        _ = s.received(peer: "w", message: .ready(credit: 2), now: 0)
        _ = s.tick(now: 5)
        #expect(s.connected == 1)
        let expired = s.tick(now: 10.5)
        #expect(expired.contains { if case .log(let l) = $0 { l.contains("dropped it and its 2 lease(s) expire") } else { false } })
        #expect(s.attempts.expired == 2)
        #expect(s.table.state(of: shard(0)) == .pending(attempt: 2))
        // It is a stranger now: asked to introduce itself again.
        #expect(s.received(peer: "w", message: .ready(credit: 1), now: 11) == [.send(peer: "w", .reintroduce)])
    }

    /// After a restart, the shards a worker says it holds are adopted, not leased again.
    @Test func resumedSessionAdoptsWhatWorkersHold() {
        var s = session(shards: 4, committed: [0], window: 3)
        _ = s.received(peer: "v", message: hello("v"), now: 0)
        #expect(leases(s.received(peer: "v", message: .ready(credit: 2), now: 0)).isEmpty)
        let beat = WireMessage.heartbeat(.init(job: "j", holding: [.init(shard: shard(1), attempt: 2)], seenLease: 99, credit: 1))
        #expect(s.received(peer: "w", message: beat, now: 0.5) == [.send(peer: "w", .reintroduce)])
        let hi = s.received(peer: "w", message: hello(job: "j", holding: [.init(shard: shard(1), attempt: 2)]), now: 0.6)
        #expect(hi.contains { if case .log(let l) = $0 { l.contains("adopted 1 shard") } else { false } })
        #expect(s.table.state(of: shard(1)) == .leased(worker: "w", attempt: 2))
        let opened = leases(s.tick(now: 3))
        #expect(opened.map(\.shard) == [shard(2), shard(3)])
        #expect(s.attempts.adopted == 1)
    }

    /// Outside the moments after a start, a peer cannot claim shards it was never given; a
    /// worker whose lease expired while it was cut off may claim its own shard back.
    @Test func claimsOfShardsNeverGivenAreIgnored() {
        var s = session(shards: 2, lease: 5)
        _ = s.received(peer: "w", message: hello(), now: 0)
        _ = s.received(peer: "w", message: .ready(credit: 1), now: 0)
        let claim = WireMessage.heartbeat(.init(job: "j", holding: [.init(shard: shard(1), attempt: 1)], seenLease: 0, credit: 0))
        _ = s.received(peer: "rogue", message: hello("rogue"), now: 20)
        _ = s.received(peer: "rogue", message: claim, now: 20.5)
        #expect(s.table.state(of: shard(1)) == .pending(attempt: 1))
        #expect(s.attempts.adopted == 0)
        // w went silent and lost shard 0; back, it claims it and gets it again.
        _ = s.tick(now: 20.6)
        #expect(s.table.state(of: shard(0)) == .pending(attempt: 2))
        _ = s.received(peer: "w", message: hello(job: "j", holding: [.init(shard: shard(0), attempt: 1)]), now: 21)
        #expect(s.table.state(of: shard(0)) == .leased(worker: "w", attempt: 2))
    }

    /// A lease the worker's heartbeat proves it never got is freed without spending an attempt,
    /// and the worker's credit is reconciled.
    @Test func leasesLostOnTheWayAreFreed() {
        var s = session(shards: 3)
        _ = s.received(peer: "w", message: hello(), now: 0)
        let sent = leases(s.received(peer: "w", message: .ready(credit: 2), now: 0))
        #expect(sent.map(\.seq) == [1, 2])
        // The worker got lease 2 but not lease 1; its credit is 1 (one slot offered, not filled).
        let beat = WireMessage.heartbeat(.init(job: "j", holding: [.init(shard: shard(1), attempt: 1)], seenLease: 2, credit: 1))
        let actions = s.received(peer: "w", message: beat, now: 1)
        #expect(s.attempts.released == 1)
        let relet = leases(actions)
        #expect(relet.map(\.shard) == [shard(0)])
        #expect(relet.first?.attempt == 1)
    }

    @Test func resultsAreAckedOnceCountedAndSkippedResultsCountAsDuplicates() {
        var s = session(shards: 2)
        _ = s.received(peer: "w", message: hello(), now: 0)
        _ = s.received(peer: "w", message: .ready(credit: 2), now: 0)
        let first = s.received(peer: "w", message: done(0), now: 1)
        #expect(first.first == .send(peer: "w", .ack(results: [.init(shard: shard(0), attempt: 1)])))
        #expect(first.contains { if case .committed = $0 { true } else { false } })
        // The same result resent before its ack arrived changes nothing.
        let resent = s.received(peer: "w", message: done(0), now: 1.1)
        #expect(resent == [.send(peer: "w", .ack(results: [.init(shard: shard(0), attempt: 1)]))])
        #expect(s.attempts.duplicate == 0)
        _ = s.received(peer: "w", message: done(1, skipped: true), now: 2)
        #expect(s.attempts.duplicate == 1)
        #expect(s.phase == .finished)
    }

    @Test func refusesOtherGeneratorsAndSwitchesWorkersOfOtherJobs() {
        var s = session()
        let refused = s.received(peer: "old", message: hello("old", version: "f"), now: 0)
        #expect(refused.contains { if case .send(_, .refuse(let r)) = $0 { r.contains("generator version f differs") } else { false } })
        #expect(s.connected == 0)
        let other = s.received(peer: "w", message: hello(job: "k", holding: [.init(shard: shard(0), attempt: 1)]), now: 0)
        #expect(other.contains(.send(peer: "w", .welcome(Self.welcome))))
        // Shards of the other job are not adopted into this one.
        #expect(s.table.counts.leased == 0)
        let foreign = s.received(peer: "w", message: .done(.init(job: "k", shard: shard(0), attempt: 1, rows: 1, bytes: 1, checksum: "", skipped: false)), now: 1)
        #expect(!foreign.contains { if case .committed = $0 { true } else { false } })
        #expect(s.table.counts.committed == 0)
    }

    @Test func poisonFailsTheJob() {
        var s = session(shards: 1)
        _ = s.received(peer: "w", message: hello(), now: 0)
        for attempt in 1...3 {
            _ = s.received(peer: "w", message: .ready(credit: 1), now: 0)
            let out = s.received(peer: "w", message: .failed(.init(job: "j", shard: shard(0), attempt: attempt, error: "bad", transient: false)), now: 1)
            if attempt == 3 { #expect(out.contains(.failed("t shard 0 failed on every attempt: bad"))) }
        }
        #expect(s.phase == .failed("t shard 0 failed on every attempt: bad"))
        #expect(s.received(peer: "w", message: .ready(credit: 1), now: 2) == [.send(peer: "w", .finish)])
    }
}
