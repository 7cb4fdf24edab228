import ArgumentParser
import LoomGen
import LoomSpec

/// `loom check SPEC`: validate a spec and print its tables.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate a spec; errors print as FILE:LINE:COL: error: ...")

    @Argument(help: "The spec file (YAML).")
    var spec: String

    @Flag(help: "Print nothing on success.")
    var quiet = false

    func run() throws {
        try reporting {
            let s = try SpecOptions.parse([spec]).load()
            let plan = try SizeOptions.parse([]).plan(s, table: nil)
            guard !quiet else { return }
            print("\(spec): ok — dataset '\(s.dataset)', seed \(s.seed), \(s.tables.count) table\(s.tables.count == 1 ? "" : "s")")
            for t in s.loadOrder {
                let rows: String
                switch t.rows {
                case .fixed: rows = "\((try? plan.rows(t.name)).map(String.init) ?? "?") rows"
                case .perParent(let p, let g): rows = "\(g.name) per \(p) row"
                case .sequence(let p, let s): rows = "a walk of \(s.states.count) states per \(p) row"
                }
                let avoid = t.avoidCopies.map { "; no copies of \($0.sourceRows) source rows over \($0.columns.count) columns" } ?? ""
                print("  \(t.name): \(t.columns.count) columns, \(rows)\(avoid)")
                for c in t.columns {
                    guard let edges = c.edgeCases, let cases = EdgeValues.cases(for: c) else { continue }
                    let share = edges.rate * 100
                    print("    edge cases in \(share.formatted()) % of \(c.name): \(cases.map(\.label).joined(separator: ", "))")
                }
            }
        }
    }
}
