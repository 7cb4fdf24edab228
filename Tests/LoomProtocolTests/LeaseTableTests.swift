import LoomProtocol
import Testing

/// The lease table driven by a fake clock: no sockets, no sleeping.
@Suite struct LeaseTableTests {
    typealias ID = LeaseTable.ShardID
    let shards = (0..<5).map { ID(table: "t", index: $0) }

    @Test func leasesInPlanOrderAndSkipsCommitted() {
        var table = LeaseTable(shards: shards, committed: [shards[1]], configuration: .init(leaseDuration: 10, maxAttempts: 3))
        let leases = table.request(worker: "a", count: 3, now: 0)
        #expect(leases.map(\.shard) == [shards[0], shards[2], shards[3]])
        #expect(leases.allSatisfy { $0.attempt == 1 && $0.deadline == 10 })
        #expect(table.request(worker: "b", count: 5, now: 1).map(\.shard) == [shards[4]])
        #expect(table.request(worker: "b", count: 5, now: 1).isEmpty)
        #expect(table.counts == (0, 4, 1, 0))
    }

    @Test func silentWorkerLosesItsLeaseAndTheShardComesBackWithAHigherAttempt() {
        var table = LeaseTable(shards: Array(shards.prefix(2)), configuration: .init(leaseDuration: 10, maxAttempts: 3))
        _ = table.request(worker: "a", count: 1, now: 0)
        _ = table.request(worker: "b", count: 1, now: 0)
        table.heartbeat(worker: "b", now: 8)
        let expired = table.expire(now: 12)
        #expect(expired.count == 1)
        #expect(expired[0].shard == shards[0] && expired[0].worker == "a" && expired[0].outcome == .retry(attempt: 2))
        #expect(table.states[shards[1]] == .leased(worker: "b", attempt: 1, deadline: 18))
        let again = table.request(worker: "c", count: 1, now: 12)
        #expect(again == [LeaseTable.Lease(shard: shards[0], attempt: 2, deadline: 22)])
        // The silent worker comes back and reports its old attempt done: the shard is committed
        // once; the new holder's report is a duplicate.
        #expect(table.complete(shards[0]) == .accepted)
        #expect(table.complete(shards[0]) == .duplicate)
        #expect(table.fail(shards[0], attempt: 2, worker: "c", error: "x") == .stale)
    }

    @Test func poisonShardFailsTheJobAfterMaxAttempts() {
        var table = LeaseTable(shards: [shards[0]], configuration: .init(leaseDuration: 10, maxAttempts: 3))
        var now = 0.0
        for attempt in 1...2 {
            let l = table.request(worker: "w", count: 1, now: now)
            #expect(l.first?.attempt == attempt)
            #expect(table.fail(shards[0], attempt: attempt, worker: "w", error: "disk full") == .retry(attempt: attempt + 1))
            now += 1
        }
        _ = table.request(worker: "w", count: 1, now: now)
        #expect(table.fail(shards[0], attempt: 3, worker: "w", error: "disk full") == .poisoned(error: "disk full"))
        #expect(table.poisoned?.shard == shards[0])
        #expect(table.poisoned?.error == "disk full")
        #expect(table.request(worker: "w", count: 1, now: now).isEmpty)
        #expect(!table.isFinished)
    }

    @Test func departingWorkerReleasesWithoutSpendingAnAttempt() {
        var table = LeaseTable(shards: shards, configuration: .init(leaseDuration: 10, maxAttempts: 2))
        _ = table.request(worker: "a", count: 2, now: 0)
        #expect(table.release(worker: "a") == [shards[0], shards[1]])
        #expect(table.states[shards[0]] == .pending(attempt: 1))
        for s in shards { _ = table.complete(s) }
        #expect(table.isFinished)
        #expect(table.complete(ID(table: "other", index: 0)) == .unknown)
    }
}
