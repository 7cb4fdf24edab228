@preconcurrency import Glibc
import ArgumentParser
import Foundation
import LoomGen
import LoomSpec

/// `loom generate SPEC`: rows to files or stdout, streaming.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Write generated rows to files or stdout (CSV, JSON lines, COPY text or binary).",
        discussion: """
        --shard K/N writes the K-th of N equal ranges (of rows, or of parent rows for per_parent \
        tables). The format's header (CSV column names, COPY binary signature) goes with shard 1 \
        and its trailer with shard N, so concatenating shards 1..N gives the unsharded output byte \
        for byte.
        """
    )

    @OptionGroup var options: SpecOptions
    @OptionGroup var size: SizeOptions

    @Option(help: "Output format: csv, jsonl, copy, copy-binary.")
    var format: String = "csv"

    @Option(help: "Write only shard K of N (1-based), e.g. 3/8.")
    var shard: String?

    @Option(help: "A directory for one file per table, or '-' for stdout (one table only).")
    var out: String = "-"

    func run() throws {
        try reporting {
            guard let fmt = OutputFormat(rawValue: format) else {
                throw Failure("unknown format '\(format)'; use one of: \(OutputFormat.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            var selector = TableExport.ShardSelector.whole
            if let shard {
                guard let s = TableExport.ShardSelector(parsing: shard) else { throw Failure("--shard must be K/N with 1 <= K <= N, found '\(shard)'") }
                selector = s
            }
            let spec = try options.load()
            let plan = try size.plan(spec, table: options.table)
            let tables = options.tables(spec)
            if out == "-" {
                guard tables.count == 1 else {
                    throw Failure("\(spec.tables.count) tables cannot share stdout; choose one with --table or write files with --out DIR")
                }
                let sink = ByteSink(fileDescriptor: STDOUT_FILENO)
                try TableExport.write(plan, table: tables[0].name, shard: selector, format: fmt, to: sink)
                return
            }
            do {
                try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            } catch {
                throw Failure("cannot create output directory \(out): \(error.localizedDescription)")
            }
            for t in tables {
                let suffix = shard == nil ? "" : ".\(selector.index)-of-\(selector.count)"
                let path = (out as NSString).appendingPathComponent("\(t.name)\(suffix).\(fmt.fileExtension)")
                let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
                guard fd >= 0 else { throw Failure("cannot write \(path): \(String(cString: strerror(errno)))") }
                defer { close(fd) }
                let started = Date()
                let sink = ByteSink(fileDescriptor: fd)
                let rows = try TableExport.write(plan, table: t.name, shard: selector, format: fmt, to: sink)
                let secs = Date().timeIntervalSince(started)
                fputs("\(path): \(rows) rows, \(Units.bytes(sink.totalBytes)) in \(String(format: "%.2f", secs)) s\n", stderr)
            }
        }
    }
}

/// Human-readable figures.
enum Units {
    static func bytes(_ n: UInt64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var v = Double(n), i = 0
        while v >= 1024, i < units.count - 1 { v /= 1024; i += 1 }
        return i == 0 ? "\(n) B" : String(format: "%.1f %@", v, units[i])
    }

    /// A progress bar of `width` cells for `fraction` in [0, 1].
    static func bar(_ fraction: Double, width: Int = 24) -> String {
        let filled = max(0, min(width, Int((fraction * Double(width)).rounded(.down))))
        return String(repeating: "█", count: filled) + String(repeating: "░", count: width - filled)
    }

    static func count(_ v: Double) -> String {
        if v >= 1e6 { return String(format: "%.2fM", v / 1e6) }
        if v >= 1e3 { return String(format: "%.1fk", v / 1e3) }
        return String(format: "%.0f", v)
    }
}
