import Foundation
import LoomProtocol
import Testing

/// The coordinator's and workers' sessions run together on a fake clock and a fake network with
/// delays, lost messages, killed and restarted workers and a coordinator restarted from the
/// ledger alone. Every seed must keep every promise; a failing seed prints its replayable trace.
/// `LOOM_SIM_SEEDS` sets how many seeds run (default 1500), `LOOM_SIM_SEED` replays one.
@Suite struct SimulationTests {
    static var seeds: [UInt64] {
        let env = ProcessInfo.processInfo.environment
        if let one = env["LOOM_SIM_SEED"].flatMap(UInt64.init) { return [one] }
        let n = env["LOOM_SIM_SEEDS"].flatMap(Int.init) ?? 1500
        return (0..<UInt64(n)).map { $0 &* 7919 &+ 1 }
    }

    @Test func everySeedKeepsEveryPromise() {
        var failures = 0
        var duplicates = 0, expired = 0, adopted = 0
        for seed in Self.seeds {
            var c = ClusterSimulation.Configuration()
            switch ProcessInfo.processInfo.environment["LOOM_SIM_VERIFY"] {
            case "0": c.verifyResults = false
            case "1": c.verifyResults = true
            default: c.verifyResults = seed % 2 == 0
            }
            var sim = ClusterSimulation(seed: seed, configuration: c)
            sim.run()
            duplicates += sim.skippedLoads
            expired += sim.attempts.expired
            adopted += sim.attempts.adopted
            if !sim.violations.isEmpty {
                failures += 1
                if failures <= 2 { Issue.record(Comment(rawValue: sim.report)) }
            }
        }
        #expect(failures == 0, "\(failures) of \(Self.seeds.count) seeds broke a promise")
        // The chaos must be real: leases expired and in-flight shards were adopted across the runs.
        if Self.seeds.count >= 100 {
            #expect(expired > 0)
            #expect(adopted > 0)
        }
        print("simulated \(Self.seeds.count) seeds: \(expired) leases expired, \(adopted) adopted, \(duplicates) shards loaded twice after a cut or kill")
    }

    /// Without chaos, nothing is ever done twice and no lease expires, even when every shard
    /// takes several coordinator timeouts.
    @Test func calmClusterWithLongShardsDoesEachShardOnce() {
        var c = ClusterSimulation.Configuration()
        c.workerKills = 0
        c.coordinatorRestarts = 0
        c.cuts = 0
        c.failureRate = 0
        c.loadSeconds = 13...20
        for seed in UInt64(1)...20 {
            var sim = ClusterSimulation(seed: seed, configuration: c)
            sim.run()
            #expect(sim.violations.isEmpty, Comment(rawValue: sim.report))
            #expect(sim.skippedLoads == 0)
            #expect(sim.attempts.expired == 0)
            #expect(sim.attempts.committed == 32)
        }
    }

    /// A coordinator restarted mid-job adopts the shards in flight instead of leasing them again.
    @Test func restartedCoordinatorAdoptsShardsInFlight() {
        var c = ClusterSimulation.Configuration()
        c.workerKills = 0
        c.cuts = 0
        c.failureRate = 0
        c.coordinatorRestarts = 1
        c.loadSeconds = 8...12
        var adopted = 0
        for seed in UInt64(1)...20 {
            var sim = ClusterSimulation(seed: seed, configuration: c)
            sim.run()
            #expect(sim.violations.isEmpty, Comment(rawValue: sim.report))
            #expect(sim.skippedLoads == 0, Comment(rawValue: sim.report))
            adopted += sim.attempts.adopted
        }
        #expect(adopted > 0)
    }
}

@Suite struct SimulationDebug {
    @Test func dump() {
        guard let s = ProcessInfo.processInfo.environment["LOOM_SIM_DUMP"].flatMap(UInt64.init) else { return }
        var c = ClusterSimulation.Configuration()
        if let w = ProcessInfo.processInfo.environment["LOOM_SIM_WINDOW"].flatMap(Double.init) { c.adoptionWindow = w }
        if let w = ProcessInfo.processInfo.environment["LOOM_SIM_LEASE"].flatMap(Double.init) { c.leaseSeconds = w }
        var bad = 0
        for seed in s..<(s + 200) {
            var sim = ClusterSimulation(seed: seed, configuration: c)
            sim.run()
            if !sim.violations.isEmpty { bad += 1 }
        }
        print("broken seeds: \(bad)")
        var sim = ClusterSimulation(seed: s, configuration: c)
        sim.run()
        print(sim.trace.joined(separator: "\n"))
        print(sim.report.prefix(300))
    }
}
