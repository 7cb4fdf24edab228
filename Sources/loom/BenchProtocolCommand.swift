@preconcurrency import Glibc
import ArgumentParser
import Foundation
import LoomProtocol

/// `loom bench-protocol`: the coordinator's protocol logic alone, in one process with no sockets.
/// One `CoordinatorSession` and W `WorkerSession`s pass every message straight to each other
/// (through the wire codec with `--codec`); workers finish each shard the moment it is leased.
/// Measures leases handed out per second of wall time and the memory a job of N shards takes.
struct BenchProtocolCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench-protocol",
        abstract: "Measure the coordinator's protocol state machine: assignments/s and memory, in process, no sockets.",
        shouldDisplay: false
    )

    @Option(parsing: .unconditional, help: "Shards in the job (one table, shard k covers unit k..<k+1).")
    var shards: Int = 1_000_000

    @Option(parsing: .unconditional, help: "Worker sessions.")
    var workers: Int = 2

    @Option(parsing: .unconditional, help: "Slots per worker (the credit each offers).")
    var slots: Int = 1

    @Flag(help: "Encode and decode every message with the wire codec (JSON), as the sockets would.")
    var codec = false

    @Flag(help: "Print one JSON object instead of a table.")
    var json = false

    func run() throws {
        try reporting {
            guard shards >= 1 else { throw Failure("--shards must be at least 1") }
            guard workers >= 1 else { throw Failure("--workers must be at least 1") }
            guard (1...WireMessage.maxCredit).contains(slots) else { throw Failure("--slots must be in 1...\(WireMessage.maxCredit)") }
            let r = try ProtocolBench(shards: shards, workers: workers, slots: slots, codec: codec).run()
            if json {
                print(r.json)
            } else {
                print(r.table)
            }
        }
    }
}

/// The in-process cluster `bench-protocol` drives.
private struct ProtocolBench {
    let shards: Int
    let workers: Int
    let slots: Int
    let codec: Bool

    struct Result {
        var shards = 0, workers = 0, slots = 0
        var codec = false
        var assignments = 0
        var committed = 0
        var messages = 0
        var bytes = 0
        var buildSeconds = 0.0
        var seconds = 0.0
        /// Wall seconds spent on the coordinator's side: its session, and with the codec its
        /// decoding of what workers send and its encoding of what it sends.
        var coordinatorSeconds = 0.0
        var rssBaseline = 0, rssAfterBuild = 0, hwmAfterBuild = 0, hwmEnd = 0

        var perSecond: Double { Double(assignments) / seconds }
        var perCoordinatorSecond: Double { Double(assignments) / coordinatorSeconds }

        var json: String {
            "{\"shards\":\(shards),\"workers\":\(workers),\"slots\":\(slots),\"codec\":\(codec),\"assignments\":\(assignments),"
                + "\"committed\":\(committed),\"messages\":\(messages),\"wire_bytes\":\(bytes),\"build_seconds\":\(buildSeconds),"
                + "\"seconds\":\(seconds),\"assignments_per_sec\":\(perSecond),\"coordinator_seconds\":\(coordinatorSeconds),"
                + "\"assignments_per_coordinator_sec\":\(perCoordinatorSecond),\"rss_baseline_kib\":\(rssBaseline),"
                + "\"rss_after_build_kib\":\(rssAfterBuild),\"hwm_after_build_kib\":\(hwmAfterBuild),\"peak_rss_kib\":\(hwmEnd)}"
        }

        var table: String {
            func mib(_ kib: Int) -> String { String(format: "%.1f MiB", Double(kib) / 1024) }
            var rows = [["figure", "value"]]
            rows.append(["shards / workers / slots", "\(shards) / \(workers) / \(slots)"])
            rows.append(["wire codec", codec ? "JSON encode + decode of every message" : "none (messages passed as values)"])
            rows.append(["assignments", "\(assignments)"])
            rows.append(["messages", codec ? "\(messages) (\(bytes) bytes)" : "\(messages)"])
            rows.append(["seconds (after building)", String(format: "%.3f", seconds)])
            rows.append(["assignments/s", String(format: "%.0f", perSecond)])
            rows.append(["coordinator's side: seconds", String(format: "%.3f", coordinatorSeconds)])
            rows.append(["coordinator's side: assignments/s", String(format: "%.0f", perCoordinatorSecond)])
            rows.append(["session build seconds", String(format: "%.3f", buildSeconds)])
            rows.append(["RSS before the session", mib(rssBaseline)])
            rows.append(["RSS after building the session", mib(rssAfterBuild)])
            rows.append(["peak RSS while building (VmHWM)", mib(hwmAfterBuild)])
            rows.append(["peak RSS at the end (VmHWM)", mib(hwmEnd)])
            return TextTable.render(rows, rightAligned: [false, true])
        }
    }

    /// A message on its way, to the coordinator (from worker `worker`) or to worker `worker`.
    private struct Delivery {
        var toCoordinator: Bool
        var worker: Int
        var message: WireMessage
    }

    private static func clock() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }

    /// VmRSS and VmHWM of this process, in KiB.
    static func memory() -> (rss: Int, hwm: Int) {
        guard let text = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return (0, 0) }
        var rss = 0, hwm = 0
        for line in text.split(separator: "\n") {
            let parts = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard parts.count >= 2, let v = Int(parts[1]) else { continue }
            if parts[0] == "VmRSS:" { rss = v }
            if parts[0] == "VmHWM:" { hwm = v }
        }
        return (rss, hwm)
    }

    func run() throws -> Result {
        var r = Result(shards: shards, workers: workers, slots: slots, codec: codec)
        r.rssBaseline = Self.memory().rss
        let version = "bench"
        let welcome = WireMessage.Welcome(job: "bench-protocol", spec: "", options: "")
        let config = CoordinatorSession.Configuration(welcome: welcome, generatorVersion: version, leaseSeconds: 3600, adoptionWindow: 0)

        let buildStart = Self.clock()
        var coordinator = CoordinatorSession(
            config, tables: [("t", (0..<shards).map { UInt64($0)..<UInt64($0 + 1) })], committed: { _ in false }, now: buildStart)
        r.buildSeconds = Self.clock() - buildStart
        (r.rssAfterBuild, r.hwmAfterBuild) = Self.memory()

        let names = (0..<workers).map { "worker-\($0 + 1)" }
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        var sessions = names.map { name in
            WorkerSession(.init(hello: WireMessage.Hello(worker: name, host: "bench", slots: slots, generatorVersion: version)))
        }

        var pending: [Delivery] = []
        var next: [Delivery] = []
        var finished = false
        var failure: String?
        let codec = self.codec

        /// A message through the wire codec (with `--codec`); the coordinator's half of the work
        /// (encoding what it sends, decoding what it receives) counts as its time.
        func pass(_ message: WireMessage, fromCoordinator: Bool) throws -> WireMessage {
            r.messages += 1
            guard codec else { return message }
            let t0 = Self.clock()
            let frame = message.encoded()
            let t1 = Self.clock()
            r.bytes += frame.count
            let decoded: WireMessage
            do { decoded = try WireMessage.decode(frame) } catch { throw Failure("the codec rejected its own '\(message.typeName)': \(error)") }
            r.coordinatorSeconds += fromCoordinator ? t1 - t0 : Self.clock() - t1
            return decoded
        }

        /// Runs a step of the coordinator's session, counting its time.
        func coordinatorStep(_ body: () -> [CoordinatorSession.Action]) -> [CoordinatorSession.Action] {
            let t0 = Self.clock()
            let actions = body()
            r.coordinatorSeconds += Self.clock() - t0
            return actions
        }

        func fromCoordinator(_ actions: [CoordinatorSession.Action]) throws {
            for action in actions {
                switch action {
                case .send(let peer, let message):
                    if case .lease = message { r.assignments += 1 }
                    guard let w = index[peer] else { continue }
                    next.append(Delivery(toCoordinator: false, worker: w, message: try pass(message, fromCoordinator: true)))
                case .committed: r.committed += 1
                case .finished: finished = true
                case .failed(let message): failure = message
                case .log, .publishStatus, .publishDrift, .reportProgress: break
                case .verify: failure = "the session asked to verify a result, but the benchmark runs without a ledger"
                }
            }
        }

        func fromWorker(_ w: Int, _ actions: [WorkerSession.Action]) throws {
            var queue = actions[...]
            while let action = queue.popFirst() {
                switch action {
                case .send(let message):
                    next.append(Delivery(toCoordinator: true, worker: w, message: try pass(message, fromCoordinator: false)))
                case .start(let lease):
                    // The shard is done the moment it starts.
                    let done = WireMessage.Done(
                        job: lease.job, shard: lease.shard, attempt: lease.attempt, rows: Int64(lease.endUnit - lease.firstUnit), bytes: 0,
                        checksum: "", skipped: false)
                    queue.append(contentsOf: sessions[w].shardDone(done))
                case .fail(let reason): failure = "worker \(names[w]) refused: \(reason)"
                case .configure, .log, .exit: break
                }
            }
        }

        let start = Self.clock()
        try fromCoordinator(coordinatorStep { coordinator.tick(now: start) })
        for w in 0..<workers { try fromWorker(w, sessions[w].start(now: start)) }
        while !finished, failure == nil {
            swap(&pending, &next)
            next.removeAll(keepingCapacity: true)
            let now = Self.clock()
            for d in pending {
                if d.toCoordinator {
                    try fromCoordinator(coordinatorStep { coordinator.received(peer: names[d.worker], message: d.message, now: now) })
                } else {
                    try fromWorker(d.worker, sessions[d.worker].received(d.message, now: now))
                }
                if finished || failure != nil { break }
            }
            if finished || failure != nil { break }
            // Time passes once per round, as the coordinator's shell ticks once per poll.
            try fromCoordinator(coordinatorStep { coordinator.tick(now: now) })
            for w in 0..<workers { try fromWorker(w, sessions[w].tick(now: now)) }
            if next.isEmpty, !finished { throw Failure("the protocol stalled with \(coordinator.table.counts) shards") }
        }
        r.seconds = Self.clock() - start
        if let failure { throw Failure(failure) }
        r.hwmEnd = Self.memory().hwm
        return r
    }
}
