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
import LoomMonitor
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
    let drift = ClusterEvent.drift(job: "7f3a", plan: "{}", sketches: "[]")
    let finished = ClusterEvent.finished(job: "7f3a", ok: true, message: "4000000 rows in 12.5 s")
    func lines(_ events: [ClusterEvent]) -> Data { Data(events.map { $0.encoded() }.joined(separator: [0x0A])) }
    return [
        ("status", lines([status(250_000, 1, committed: 1)])),
        ("shard", lines([shard])),
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

// MARK: - known failures (the same in every fuzz target)

/// This target's corpus name (`Tests/FuzzCorpus/<name>`).
let corpusName = String("FuzzEvent".dropFirst(4)).lowercased()

/// Signatures of this target's open failures, from the file `LOOM_FUZZ_KNOWN` names (the corpus's
/// KNOWN-CRASHES; set by scripts/fuzz.sh while fuzzing): a check failing with one of them is
/// skipped, so a run goes on looking for new failures. Replay never sets it, so known inputs fail.
let knownSignatures: [String] = {
    guard let path = ProcessInfo.processInfo.environment["LOOM_FUZZ_KNOWN"],
        let text = try? String(contentsOfFile: path, encoding: .utf8)
    else { return [] }
    // `<corpus>/<input> <owner> <signature…>`; `#` starts a comment line.
    return text.split(separator: "\n").compactMap { line in
        let f = line.split(whereSeparator: \.isWhitespace)
        guard !line.hasPrefix("#"), f.count >= 3, f[0].hasPrefix(corpusName + "/") else { return nil }
        return f[2...].joined(separator: " ")
    }
}()
nonisolated(unsafe) var skipped: Set<String> = []

/// Whether an open failure with this signature is listed (only while fuzzing): a target steers its
/// inputs around open failures that trap, since no check can skip a trap.
func knownOpen(_ signature: String) -> Bool { knownSignatures.contains(signature) }

/// A failed check: a crash, unless it is a known open failure while fuzzing.
func fail(_ message: String) {
    if let known = knownSignatures.first(where: { message.contains($0) }) {
        if skipped.insert(known).inserted { fputs("known failure, skipped from now on: \(known)\n", stderr) }
        return
    }
    fatalError(message)
}

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        check(bytes.map { Data(bytes: $0, count: count) } ?? Data())
        return 0
    }

    // SwiftPM links an executable with `--defsym main=<Module>_main`; libFuzzer's driver runs from it.
    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    @_cdecl("FuzzEvent_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        var argc = argc, argv = argv
        return runFuzzerDriver(&argc, &argv) { fuzzOne($0, $1) }
    }
#else
    @main enum Replay {
        static func main() { replay(name: "FuzzEvent", seeds: seeds, check) }
    }

    // MARK: - corpus replay (the same in every fuzz target)

    nonisolated(unsafe) var replaying: UnsafeMutablePointer<CChar>? = nil

    /// Runs `check` on every file named in the arguments; a directory is walked in name order, by
    /// default `Tests/FuzzCorpus/<target>`. A crash names the input it crashed on. Inputs listed in
    /// the corpus's `KNOWN-CRASHES` (open bugs) run in a child process each and must still crash: one
    /// that passes is reported, so its line is removed with the fix. `--write-seeds DIR` writes the
    /// target's built-in seed inputs.
    func replay(name: String, seeds: () -> [(String, Data)], _ check: (Data) -> Void) {
        let fm = FileManager.default
        var args = Array(CommandLine.arguments.dropFirst())
        if args.first == "--write-seeds", args.count == 2 {
            for (file, data) in seeds() { _ = fm.createFile(atPath: args[1] + "/" + file, contents: data) }
            return
        }
        if args.isEmpty { args = ["Tests/FuzzCorpus/" + name.dropFirst(4).lowercased()] }
        for sig in [SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE] {
            signal(sig) { sig in
                if let p = replaying {
                    let prefix = "\ncrashed on input: "
                    _ = write(2, prefix, strlen(prefix)); _ = write(2, p, strlen(p)); _ = write(2, "\n", 1)
                }
                signal(sig, SIG_DFL)
                raise(sig)
            }
        }
        var files: [String] = [], known: [(path: String, note: String)] = []
        for arg in args.map({ $0.hasSuffix("/") ? String($0.dropLast()) : $0 }) {
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: arg, isDirectory: &isDir) else {
                fputs("\(name): no such file or directory: \(arg)\n", stderr)
                exit(2)
            }
            guard isDir.boolValue else { files.append(arg); continue }
            // KNOWN-CRASHES lines: `<corpus>/<input> <owner> <signature…>`; `#` starts a comment line.
            let corpus = (arg as NSString).lastPathComponent
            let list = (try? String(contentsOfFile: (arg as NSString).deletingLastPathComponent + "/KNOWN-CRASHES", encoding: .utf8)) ?? ""
            var open: [String: String] = [:]
            for line in list.split(separator: "\n") where !line.hasPrefix("#") {
                let f = line.split(whereSeparator: \.isWhitespace)
                if f.count >= 3, f[0].hasPrefix(corpus + "/") {
                    open[String(f[0].dropFirst(corpus.count + 1))] = "\(f[1]): \(f[2...].joined(separator: " "))"
                }
            }
            for f in ((fm.enumerator(atPath: arg)?.allObjects as? [String]) ?? []).sorted() {
                var sub: ObjCBool = false
                let path = arg + "/" + f
                guard fm.fileExists(atPath: path, isDirectory: &sub), !sub.boolValue else { continue }
                if let note = open[f] { known.append((path, note)) } else { files.append(path) }
            }
        }
        for path in files {
            guard let data = fm.contents(atPath: path) else {
                fputs("\(name): cannot read \(path)\n", stderr)
                exit(2)
            }
            replaying = strdup(path)
            check(data)
            free(replaying)
            replaying = nil
        }
        var fixed = 0
        for (path, note) in known {
            let child = Process()
            child.executableURL = URL(fileURLWithPath: "/proc/self/exe")
            child.arguments = [path]
            child.standardOutput = FileHandle.nullDevice
            child.standardError = FileHandle.nullDevice
            // The crash is expected: no backtrace (the runtime's backtracer takes seconds per crash).
            child.environment = ProcessInfo.processInfo.environment.merging(["SWIFT_BACKTRACE": "enable=no"]) { _, new in new }
            do { try child.run() } catch {
                fputs("\(name): cannot run a child for \(path): \(error)\n", stderr)
                exit(2)
            }
            child.waitUntilExit()
            if child.terminationReason == .exit && child.terminationStatus == 0 {
                print("\(name): \(path) no longer crashes: remove its line from KNOWN-CRASHES (\(note))")
                fixed += 1
            } else {
                print("\(name): known crash, still open: \(path) (\(note))")
            }
        }
        print(
            "\(name): \(files.count) inputs replayed, no failure"
                + (known.isEmpty ? "" : "; \(known.count - fixed) known crashes still open"))
        if fixed > 0 { exit(1) }
    }
#endif
