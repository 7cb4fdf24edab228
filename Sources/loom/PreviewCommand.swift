import ArgumentParser
import LoomGen
import LoomSpec

/// `loom preview SPEC`: the first rows of each table as an aligned text table.
struct PreviewCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "preview", abstract: "Show a few generated rows as an aligned table.")

    @OptionGroup var options: SpecOptions

    @Option(parsing: .unconditional, help: "Rows to show per table.")
    var rows: Int = 10

    @Option(parsing: .unconditional, help: "Cut values longer than this many characters.")
    var width: Int = 40

    func validate() throws {
        guard rows >= 0 else { throw ValidationError("--rows must not be negative") }
        guard width >= 4 else { throw ValidationError("--width must be at least 4") }
    }

    func run() throws {
        try reporting {
            let spec = try options.load()
            let plan = try SizeOptions.parse([]).plan(spec, table: options.table)
            for (n, t) in options.tables(spec).enumerated() {
                if n > 0 { print("") }
                var cells: [[String]] = [t.columns.map(\.name)]
                let units = try plan.shardUnits(t.name)
                var shown = 0
                do {
                    try plan.generate(t.name, units: 0..<units) { frame in
                        guard shown < rows else { throw StopPreview() }
                        cells.append((0..<t.columns.count).map { render(frame[$0]) })
                        shown += 1
                    }
                } catch is StopPreview {}
                let total = (try? plan.rows(t.name)) ?? 0
                print("\(t.name) (\(shown) of \(total) rows)")
                print(TextTable.render(cells, rightAligned: t.columns.map { $0.type.kind.isNumeric }))
            }
        }
    }

    private func render(_ v: Value) -> String {
        var s: String
        switch v {
        case .null: s = "NULL"
        case .text(let t): s = String(decoding: t, as: UTF8.self)
        default:
            s = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: TextFormat.maxScalarWidth) { buf in
                let n = TextFormat.writeScalar(v, timestampZone: "+00", buf.baseAddress!)
                return String(decoding: UnsafeBufferPointer(rebasing: buf[0..<n]), as: UTF8.self)
            }
        }
        s = String(s.map { $0.isNewline || $0 == "\t" ? " " : $0 })
        return s.count > width ? String(s.prefix(width - 1)) + "…" : s
    }
}

private struct StopPreview: Error {}

