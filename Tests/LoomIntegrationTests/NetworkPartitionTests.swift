import Foundation
import LoomPostgres
import Testing

/// Two hosts made of network namespaces joined by a veth pair: the coordinator on one, a
/// worker on the other. Cutting the link mid-job makes the remote worker go silent; its leases
/// expire and go to a worker on the coordinator's host, and the job still ends with every row
/// exactly once — even though the cut-off worker can still reach PostgreSQL (over its unix
/// socket) and finish the shard it was loading.
@Suite(.serialized) struct NetworkPartitionTests {
    static func ip(_ args: [String]) throws {
        let c = try Child.run("/usr/sbin/ip", args, timeout: 20)
        try #require(c.status == 0, "ip \(args.joined(separator: " ")) failed: \(c.stderr) (needs root with CAP_NET_ADMIN)")
    }

    @Test func cutLinkMovesLeasesToAnotherHostWithoutDuplicates() throws {
        let tag = String(getpid() % 100_000)
        let hostA = "loomA\(tag)", hostB = "loomB\(tag)"
        let subnet = "10.201.\(getpid() % 200 + 1)"
        defer {
            _ = try? Child.run("/usr/sbin/ip", ["netns", "del", hostA], timeout: 10)
            _ = try? Child.run("/usr/sbin/ip", ["netns", "del", hostB], timeout: 10)
        }
        try Self.ip(["netns", "add", hostA])
        try Self.ip(["netns", "add", hostB])
        try Self.ip(["link", "add", "va\(tag)", "netns", hostA, "type", "veth", "peer", "name", "vb\(tag)", "netns", hostB])
        try Self.ip(["-n", hostA, "addr", "add", "\(subnet).1/24", "dev", "va\(tag)"])
        try Self.ip(["-n", hostB, "addr", "add", "\(subnet).2/24", "dev", "vb\(tag)"])
        for (ns, dev) in [(hostA, "va\(tag)"), (hostB, "vb\(tag)")] {
            try Self.ip(["-n", ns, "link", "set", dev, "up"])
            try Self.ip(["-n", ns, "link", "set", "lo", "up"])
        }
        let db = try TestCluster.database()
        let endpoint = "tcp://\(subnet).1:5555"
        let loom = Child.loomBinary
        func on(_ ns: String, _ args: [String]) throws -> Child { try Child("/usr/sbin/ip", ["netns", "exec", ns, loom] + args) }

        let coordinator = try on(hostA, ["coordinator", ClusterTests.specPath, "--database", db, "--bind", endpoint,
                                         "--shard-rows", "2000", "--lease-seconds", "2"])
        let remote = try on(hostB, ["worker", "--connect", endpoint, "--database", db])
        defer { remote.stop() }
        // Wait until the remote worker has committed something, then cut the link.
        let remoteName = "\(ProcessInfo.processInfo.hostName):\(remote.process.processIdentifier)"
        let deadline = Date().addingTimeInterval(60)
        var remoteShards = 0
        while Date() < deadline, remoteShards < 2, coordinator.isRunning {
            remoteShards = Int((try? PostgresConnection(db).execute("SELECT count(*) FROM loom.shards WHERE worker = $1", [remoteName]).value(0, 0)) ?? "0") ?? 0
            usleep(20_000)
        }
        try #require(remoteShards >= 2, "the remote worker never loaded a shard over the veth link: \(coordinator.stderr) \(remote.stderr)")
        try Self.ip(["-n", hostB, "link", "set", "vb\(tag)", "down"])
        let local = try on(hostA, ["worker", "--connect", endpoint, "--database", db])
        #expect(coordinator.wait(timeout: 120))
        #expect(coordinator.status == 0, "\(coordinator.stderr)")
        #expect(coordinator.stderr.contains("has been silent for over 2 s; dropped it"), "the cut-off worker was dropped: \(coordinator.stderr)")
        #expect(local.wait(timeout: 20))
        try ClusterTests().verify(db, "after the link to the remote host was cut", shardRows: "2000")
    }
}
