// Fuzz target `spec`: any text given to `SpecLoader.load(text:file:)` gives a spec or `SpecErrors`
// with at least one error, each located inside the text (1-based line and column). It never
// traps, hangs or runs out of memory.
//
// Built with `-DFUZZING` and `-sanitize=fuzzer,address` this is a libFuzzer binary (`make fuzz`);
// otherwise it replays the files and directories given as arguments (`make fuzz-replay`).
#if canImport(Glibc)
    @preconcurrency import Glibc
#endif
import Foundation
import FuzzSupport
import LoomSpec

func check(_ data: Data) {
    // `loom check FILE` reads specs as UTF-8 and refuses anything else before parsing.
    guard let text = String(validating: data, as: UTF8.self) else { return }
    // YAML breaks lines at LF, CR LF and a lone CR (and NEL, LS, PS): count what Swift calls a
    // newline, which covers them all.
    let lines = text.reduce(1) { $1.isNewline ? $0 + 1 : $0 }
    do {
        let spec = try SpecLoader.load(text: text, file: "fuzz.yaml")
        guard !spec.tables.isEmpty else { return fail("a spec without tables loaded") }
    } catch {
        guard !error.errors.isEmpty else { return fail("SpecErrors without an error") }
        for e in error.errors {
            guard !e.message.isEmpty else { return fail("an error without a message at \(e.location)") }
            guard e.location.file == "fuzz.yaml", (1...lines + 1).contains(e.location.line), e.location.column >= 1 else {
                return fail("error outside the text (\(lines) lines): \(e)")
            }
        }
    }
}

func seeds() -> [(String, Data)] { [] }

#if FUZZING
    // SwiftPM links an executable with `--defsym main=<Module>_main`; libFuzzer's driver runs from it.
    @_cdecl("FuzzSpec_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        FuzzTarget.run(name: "FuzzSpec", seeds: seeds, check: check, argc: argc, argv: argv)
    }
#else
    @main enum Replay {
        static func main() { _ = FuzzTarget.run(name: "FuzzSpec", seeds: seeds, check: check) }
    }
#endif
