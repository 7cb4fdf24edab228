import ArgumentParser
import Foundation
import LoomGen
import LoomSpec
import LoomValidate

/// `loom bench SPEC`: generation + encoding speed per table on one core, no database.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench", abstract: "Measure rows/s and MB/s of generation and encoding, one core, no database.")

    @OptionGroup var options: SpecOptions

    @Option(parsing: .unconditional, help: "Rows to generate per table (child tables: about this many).")
    var rows: Int64 = 1_000_000

    @Option(help: "Encoding to measure: csv, jsonl, copy, copy-binary.")
    var format: String = "copy"

    @Flag(help: "Print one JSON object per table instead of a table.")
    var json = false

    @Flag(help: "Also sketch rows for drift, as workers do (one row in the table's stride).")
    var sketch = false

    @Option(parsing: .unconditional, help: "With --sketch: sketch one row in this many (a power of two) instead of the table's stride.")
    var sketchEvery: UInt64?

    func run() throws {
        try reporting {
            guard let fmt = OutputFormat(rawValue: format) else { throw Failure("unknown format '\(format)'") }
            guard rows > 0 else { throw Failure("--rows must be positive") }
            let spec = try options.load()
            var overrides: [String: Int64] = [:]
            for t in spec.tables { if case .fixed = t.rows { overrides[t.name] = rows } }
            let plan: DatasetPlan
            do throws(GenerationError) { plan = try DatasetPlan(spec: spec, rowOverrides: overrides) } catch {
                throw Failure(error.description)
            }
            if let n = sketchEvery, n == 0 || n & (n - 1) != 0 { throw Failure("--sketch-every must be a power of two") }
            var targets = Dictionary(DriftTargets.make(plan).map { ($0.table, $0) }, uniquingKeysWith: { a, _ in a })
            if let n = sketchEvery { for k in targets.keys { targets[k]!.stride = n } }
            var table: [[String]] = [["table", "rows", "seconds", "rows/s", "MB/s"]]
            for t in options.tables(spec) {
                var sketcher = sketch ? targets[t.name].map(TableSketcher.init) : nil
                var units = try plan.shardUnits(t.name)
                if t.parent != nil {
                    let total = try plan.rows(t.name)
                    if total > UInt64(rows), total > 0 { units = max(1, units * UInt64(rows) / total) }
                }
                let sink = ByteSink { _ in }
                let encoder = fmt.encoder(for: t)
                var n: UInt64 = 0
                let start = DispatchTime.now().uptimeNanoseconds
                try plan.generate(t.name, units: 0..<units) { frame in
                    encoder.encode(frame, sink)
                    n += 1
                    if sketcher != nil { sketcher!.observe(frame) }
                    try sink.flushIfNeeded()
                }
                try sink.flush()
                let secs = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
                let rps = Double(n) / secs, mbps = Double(sink.totalBytes) / secs / 1e6
                if json {
                    print(
                        "{\"table\":\"\(t.name)\",\"format\":\"\(fmt.rawValue)\",\"sketch_every\":\(sketch ? Int(targets[t.name]?.stride ?? 0) : 0),\"rows\":\(n),\"bytes\":\(sink.totalBytes),\"seconds\":\(secs),\"rows_per_sec\":\(rps),\"mb_per_sec\":\(mbps)}"
                    )
                } else {
                    table.append([t.name, "\(n)", String(format: "%.3f", secs), Units.count(rps), String(format: "%.1f", mbps)])
                }
            }
            if !json { print(TextTable.render(table, rightAligned: [false, true, true, true, true])) }
        }
    }
}
