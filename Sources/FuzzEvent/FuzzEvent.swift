// Fuzz target `event`: the monitor's input. The bytes are split into lines; each line given to
// `ClusterEvent.decode` either fails or decodes to an event that re-encodes to the same event, and
// every decoded event is applied, in order, to one `MonitorState`, whose snapshot and metrics are
// then read. None of it may trap: event numbers come from the network.
//
// Built with `-DFUZZING` and `-sanitize=fuzzer,address` this is a libFuzzer binary (`make fuzz`);
// otherwise it replays the files and directories given as arguments (`make fuzz-replay`).
#if canImport(Glibc)
    @preconcurrency import Glibc
#endif
import Foundation
import FuzzSupport
import LoomMonitor
import LoomStats
import LoomProtocol

func check(_ data: Data) {
    let state = MonitorState()
    for line in data.split(separator: 0x0A, omittingEmptySubsequences: true) {
        guard let event = ClusterEvent.decode(Data(line)) else { continue }
        let frame = event.encoded()
        guard let again = ClusterEvent.decode(frame) else {
            return fail("an event re-encoded to a frame that does not decode: \(event)\nframe: \(String(decoding: frame, as: UTF8.self))")
        }
        guard again == event else { return fail("an event changed in a round trip:\n\(event)\n\(again)") }
        // While MonitorState's arithmetic on event numbers is open (KNOWN-CRASHES: MonitorState.swift),
        // only events with numbers a coordinator sends reach it, so a run looks past those traps.
        if knownOpen("MonitorState.swift"), !plausible(event) { continue }
        state.apply(event)
    }
    _ = state.snapshot()
    _ = state.metricsText()
}

/// Whether every number of a status is in the range a coordinator sends (none negative, row and
/// byte counts under 2^48, counts of shards, workers and attempts under 2^32, at most 1000 tables).
func plausible(_ event: ClusterEvent) -> Bool {
    guard case .status(let s) = event else { return true }
    let big: Int64 = 1 << 48, count = 1 << 32
    func ok(_ n: Int) -> Bool { (0..<count).contains(n) }
    return s.tables.count <= 1000 && [s.workers, s.leased, s.expiredLeases, s.failedAttempts ?? 0].allSatisfy(ok)
        && s.tables.allSatisfy { t in
            (0..<big).contains(t.rows) && t.plannedRows < UInt64(big) && (0..<big).contains(t.bytes ?? 0) && ok(t.shards)
                && ok(t.shardsCommitted)
        }
        && (s.workerList ?? []).allSatisfy { (0..<big).contains($0.rows) && ok($0.shards) && ok($0.slots) }
        && (s.attempts?.byOutcome ?? []).allSatisfy { ok($0.count) }
}

/// Events as the coordinator publishes them (one frame a line), `--write-seeds`.
func seeds() -> [(String, Data)] {
    var attempts = AttemptCounts()
    attempts.committed = 3
    attempts.expired = 1
    func status(_ rows: Int64, _ seconds: Double, committed: Int) -> ClusterEvent {
        .status(
            .init(
                job: "7f3a",
                tables: [
                    .init(name: "users", plannedRows: 1_000_000, rows: rows, shards: 4, shardsCommitted: committed, bytes: rows * 80),
                    .init(name: "orders", plannedRows: 3_000_000, rows: rows * 3, shards: 12, shardsCommitted: committed * 3),
                ],
                workers: 2, leased: 3, expiredLeases: committed / 2, seconds: seconds,
                workerList: [.init(name: "w1", host: "db-2", slots: 2, shards: committed, rows: rows, lastSeen: 0.5)],
                failedAttempts: committed / 3, sink: "postgres", attempts: attempts))
    }
    let shard = ClusterEvent.shard(
        job: "7f3a", table: "users", index: 3, rows: 250_000, bytes: 20_000_000, worker: "w1", sketch: nil, seconds: 1.5)
    var numbers = ColumnSketch(.numeric, origin: 18)
    var countries = ColumnSketch(.categorical)
    for i in 0..<200 {
        numbers.add(Double(i % 60) + 18)
        countries.add(category: ["DE", "FR", "JP"][i % 3])
    }
    let sketch = SketchCodec.encode(
        TableSketch(table: "users", shards: 1, rows: 250_000, sampled: 200, columns: ["age": numbers, "country": countries]))
    let sketched = ClusterEvent.shard(
        job: "7f3a", table: "users", index: 4, rows: 250_000, bytes: 20_000_000, worker: "w2", sketch: sketch, seconds: 1.2)
    let drift = ClusterEvent.drift(job: "7f3a", plan: "{}", sketches: "[]")
    let finished = ClusterEvent.finished(job: "7f3a", ok: true, message: "4000000 rows in 12.5 s")
    func lines(_ events: [ClusterEvent]) -> Data { Data(events.map { $0.encoded() }.joined(separator: [0x0A])) }
    return [
        ("status", lines([status(250_000, 1, committed: 1)])),
        ("shard", lines([shard])),
        ("shard-sketch", lines([sketched])),
        ("drift", lines([drift])),
        ("finished", lines([.finished(job: "7f3a", ok: false, message: "shard users 3 failed 5 times: disk full")])),
        (
            "job",
            lines([
                status(0, 0, committed: 0), shard, status(250_000, 2, committed: 1), status(500_000, 7.5, committed: 2),
                drift, status(1_000_000, 12.5, committed: 4), finished,
            ])
        ),
        (
            "restarted-coordinator",
            lines([status(750_000, 9, committed: 3), status(250_000, 1, committed: 1), status(1_000_000, 4, committed: 4)])
        ),
    ]
}

#if FUZZING
    // SwiftPM links an executable with `--defsym main=<Module>_main`; libFuzzer's driver runs from it.
    @_cdecl("FuzzEvent_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        FuzzTarget.run(name: "FuzzEvent", seeds: seeds, check: check, argc: argc, argv: argv)
    }
#else
    @main enum Replay {
        static func main() { _ = FuzzTarget.run(name: "FuzzEvent", seeds: seeds, check: check) }
    }
#endif
