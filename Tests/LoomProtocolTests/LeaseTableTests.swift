import LoomProtocol
import Testing

/// The lease table on its own: plan order, attempts, poison, adoption, release.
@Suite struct LeaseTableTests {
    func table(_ shards: Int = 4, committed: Set<Int> = [], maxAttempts: Int = 3) -> LeaseTable {
        LeaseTable(tables: [("a", 2), ("b", shards - 2)], committed: { s in committed.contains(s.table == "a" ? s.index : s.index + 2) },
                   configuration: .init(maxAttempts: maxAttempts))
    }

    @Test func leasesInPlanOrderSkippingCommittedShards() {
        var t = table(committed: [1])
        var seq: UInt64 = 0
        let grants = t.request(worker: "w", count: 5, seq: &seq)
        #expect(grants.map(\.shard) == [.init(table: "a", index: 0), .init(table: "b", index: 0), .init(table: "b", index: 1)])
        #expect(grants.map(\.seq) == [1, 2, 3])
        #expect(t.counts == .init(pending: 0, leased: 3, committed: 1, failed: 0))
        #expect(t.shard(at: 3) == .init(table: "b", index: 1))
        #expect(t.position(of: .init(table: "b", index: 2)) == nil)
        #expect(t.progress(table: "a") == (2, 1))
    }

    @Test func failuresRetryThenPoison() {
        var t = table(maxAttempts: 2)
        var seq: UInt64 = 0
        let s = t.request(worker: "w", count: 1, seq: &seq)[0].shard
        let stale = t.fail(s, attempt: 1, worker: "other", error: "x")
        #expect(stale == .stale)
        let retry = t.fail(s, attempt: 1, worker: "w", error: "x")
        #expect(retry == .retry(attempt: 2))
        // A shard handed back goes out again before the shards not yet leased.
        let again = t.request(worker: "v", count: 1, seq: &seq)[0]
        #expect(again.shard == s && again.attempt == 2)
        let poisoned = t.fail(s, attempt: 2, worker: "v", error: "disk full")
        #expect(poisoned == .poisoned(error: "disk full"))
        #expect(t.poisoned?.shard == s)
        let none = t.request(worker: "v", count: 1, seq: &seq)
        #expect(none.isEmpty)
    }

    @Test func expiryCostsAnAttemptReleaseDoesNot() {
        var t = table()
        var seq: UInt64 = 0
        let g = t.request(worker: "w", count: 2, seq: &seq)
        let released = t.release(worker: "w") { s, _ in s == g[1].shard }
        #expect(released == [g[1].shard])
        #expect(t.state(of: g[1].shard) == .pending(attempt: 1))
        let expired = t.expire(worker: "w")
        #expect(expired.map(\.outcome) == [.retry(attempt: 2)])
        #expect(t.state(of: g[0].shard) == .pending(attempt: 2))
        #expect(t.holdings(of: "w").isEmpty)
    }

    @Test func adoptionKeepsTheAttemptAndCompletionEndsTheLease() {
        var t = table()
        let s = ShardID(table: "b", index: 1)
        let adopted = t.adopt(worker: "w", .init(shard: s, attempt: 3), seq: 0)
        #expect(adopted)
        #expect(t.state(of: s) == .leased(worker: "w", attempt: 3))
        let twice = t.adopt(worker: "v", .init(shard: s, attempt: 1), seq: 0)
        #expect(!twice)
        var seq: UInt64 = 0
        let others = t.request(worker: "v", count: 4, seq: &seq)
        #expect(!others.map(\.shard).contains(s))
        let first = t.complete(s), second = t.complete(s), unknown = t.complete(.init(table: "zz", index: 0))
        #expect(first == .accepted(holder: "w", heldAttempt: 3))
        #expect(second == .duplicate)
        #expect(unknown == .unknown)
        #expect(t.holdings(of: "w").isEmpty)
    }

    /// A million shards plan, lease and commit without scanning the table per event.
    @Test func millionShards() {
        var t = LeaseTable(tables: [("t", 1_000_000)])
        var seq: UInt64 = 0
        var n = 0
        while !t.isFinished {
            for g in t.request(worker: "w", count: 64, seq: &seq) {
                _ = t.complete(g.shard)
                n += 1
            }
        }
        #expect(n == 1_000_000)
    }
}
