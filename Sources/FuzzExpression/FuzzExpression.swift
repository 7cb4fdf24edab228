// Fuzz target `expression`: any text given to the expression parser (`Expression(parsing:)`, as
// SpecLoader calls it for `expr:` columns) parses or fails with an `ExpressionError` whose offset
// lies inside the text; a parsed expression's nodes all point inside the text, and typing it
// (`ExpressionTyper`, as SpecValidator does) gives a kind or an error located inside the text.
//
// Built with `-DFUZZING` and `-sanitize=fuzzer,address` this is a libFuzzer binary (`make fuzz`);
// otherwise it replays the files and directories given as arguments (`make fuzz-replay`).
#if canImport(Glibc)
    @preconcurrency import Glibc
#endif
import Foundation
import FuzzSupport
import LoomSpec

/// A kind for a column name, fixed by the name's bytes, so the typer sees every kind.
func kind(_ name: String) -> ValueKind {
    let kinds: [ValueKind] = [.bool, .int, .float, .decimal, .text, .date, .timestamp, .interval, .uuid]
    return kinds[name.utf8.reduce(0) { ($0 &* 31 &+ Int($1)) & 0xFFFF } % kinds.count]
}

func check(_ data: Data) {
    let text = String(decoding: data, as: UTF8.self)
    let characters = text.count
    let e: LoomSpec.Expression
    do {
        e = try LoomSpec.Expression(parsing: text)
    } catch {
        guard (0...characters).contains(error.offset), !error.message.isEmpty else {
            return fail("parse error at \(error.offset) of \(characters) characters: \(error.message)")
        }
        return
    }
    func walk(_ n: ExprNode) {
        guard (0..<characters).contains(n.offset) else { return fail("node at \(n.offset) of \(characters) characters: \(n)") }
        switch n {
        case .unary(_, let a, _): walk(a)
        case .binary(_, let a, let b, _): walk(a); walk(b)
        case .call(_, let args, _): args.forEach(walk)
        default: break
        }
    }
    walk(e.root)
    let columns = Dictionary(e.columns.map { ($0, kind($0)) }, uniquingKeysWith: { a, _ in a })
    let parent = Dictionary(e.parentColumns.map { ($0, kind($0)) }, uniquingKeysWith: { a, _ in a })
    // Once with every name known, once with a table that has no parent and no children.
    var typer = ExpressionTyper(columns: columns, parentColumns: parent, parentTable: "parent")
    for c in e.childColumns { typer.childColumns[c.table, default: [:]][c.column] = kind(c.column) }
    for t in [typer, ExpressionTyper(columns: [:], parentColumns: nil, parentTable: nil)] {
        do {
            _ = try t.kind(of: e.root)
        } catch {
            guard (0...characters).contains(error.offset), !error.message.isEmpty else {
                return fail("type error at \(error.offset) of \(characters) characters: \(error.message)")
            }
        }
    }
}

func seeds() -> [(String, Data)] { [] }

#if FUZZING
    // SwiftPM links an executable with `--defsym main=<Module>_main`; libFuzzer's driver runs from it.
    @_cdecl("FuzzExpression_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        FuzzTarget.run(name: "FuzzExpression", seeds: seeds, check: check, argc: argc, argv: argv)
    }
#else
    @main enum Replay {
        static func main() { _ = FuzzTarget.run(name: "FuzzExpression", seeds: seeds, check: check) }
    }
#endif
