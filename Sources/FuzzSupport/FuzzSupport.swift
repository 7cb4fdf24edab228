// What every fuzz target shares (docs/TESTING.md, "Fuzzing"): known open failures from
// KNOWN-CRASHES, the libFuzzer entry point under `-DFUZZING`, and the corpus replayer otherwise.
// A target defines its check and seeds and calls `FuzzTarget.run` from its `main`.
#if canImport(Glibc)
    @preconcurrency import Glibc
#endif
import Foundation

/// One fuzz target: its name (`FuzzWire`: corpus `Tests/FuzzCorpus/wire`), its check, its seeds.
public enum FuzzTarget {
    nonisolated(unsafe) static var check: (Data) -> Void = { _ in }

    /// Runs the target: libFuzzer's driver when built with `-DFUZZING`, otherwise the replay of the
    /// files and directories given as arguments (the target's corpus by default).
    /// `argc`/`argv` are the process's own: with `-DFUZZING` the entry point is the C `main`,
    /// which Swift's `CommandLine` does not see.
    public static func run(
        name: String, seeds: @escaping () -> [(String, Data)], check: @escaping (Data) -> Void, argc: CInt = 0,
        argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = nil
    ) -> CInt {
        corpusName = String(name.dropFirst(4)).lowercased()
        knownSignatures = loadKnownSignatures()
        Self.check = check
        #if FUZZING
            var argc = argc, argv = argv
            return runFuzzerDriver(&argc, &argv) { fuzzOne($0, $1) }
        #else
            replay(name: name, seeds: seeds, check)
            return 0
        #endif
    }
}

/// The running target's corpus name (`Tests/FuzzCorpus/<name>`), set by `FuzzTarget.run`.
nonisolated(unsafe) var corpusName = ""

/// Signatures of this target's open failures, from the file `LOOM_FUZZ_KNOWN` names (the corpus's
/// KNOWN-CRASHES; set by scripts/fuzz.sh while fuzzing): a check failing with one of them is
/// skipped, so a run goes on looking for new failures. Replay never sets it, so known inputs fail.
nonisolated(unsafe) var knownSignatures: [String] = []

func loadKnownSignatures() -> [String] {
    guard let path = ProcessInfo.processInfo.environment["LOOM_FUZZ_KNOWN"],
        let text = try? String(contentsOfFile: path, encoding: .utf8)
    else { return [] }
    // `<corpus>/<input> <owner> <signature…>`; `#` starts a comment line.
    return text.split(separator: "\n").compactMap { line in
        let f = line.split(whereSeparator: \.isWhitespace)
        guard !line.hasPrefix("#"), f.count >= 3, f[0].hasPrefix(corpusName + "/") else { return nil }
        return f[2...].joined(separator: " ")
    }
}
nonisolated(unsafe) var skipped: Set<String> = []

/// Whether an open failure with this signature is listed (only while fuzzing): a target steers its
/// inputs around open failures that trap, since no check can skip a trap.
public func knownOpen(_ signature: String) -> Bool { knownSignatures.contains(signature) }

/// A failed check: a crash, unless it is a known open failure while fuzzing.
public func fail(_ message: String) {
    if let known = knownSignatures.first(where: { message.contains($0) }) {
        if skipped.insert(known).inserted { fputs("known failure, skipped from now on: \(known)\n", stderr) }
        return
    }
    fatalError(message)
}

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzOne(_ bytes: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        FuzzTarget.check(bytes.map { Data(bytes: $0, count: count) } ?? Data())
        return 0
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func runFuzzerDriver(
        _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
        _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt
#else
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
