@preconcurrency import Glibc
import ArgumentParser
import Foundation
import LoomPostgres
import LoomSpec
import LoomStats
import LoomLoad
import LoomValidate

/// Options naming a load job: sizing and shard size (they identify the job in the ledger).
struct JobOptions: ParsableArguments {
    @OptionGroup var size: SizeOptions

    @Option(parsing: .unconditional, help: "Rows per shard (the unit of work and of exactly-once commits).")
    var shardRows: UInt64 = 500_000

    @Flag(
        help:
            "Load into the tables as they exist (made by your migrations, keys, foreign keys and triggers in place): no DDL, tables in foreign-key order, sequences set past the loaded keys."
    )
    var intoExisting = false

    static let intoExistingInCluster =
        "--into-existing loads with `loom load` (which orders shards by foreign keys); the cluster loads tables Loom creates"

    func validate() throws {
        guard shardRows > 0 else { throw ValidationError("--shard-rows must be positive") }
    }

    func loadOptions(_ spec: Spec, database: DatabaseOptions) throws -> LoadOptions {
        var overrides: [String: Int64] = [:]
        if let rows = size.rows {
            for t in spec.tables { if case .fixed = t.rows { overrides[t.name] = rows } }
        }
        var options = LoadOptions(schema: database.schema, shardRows: shardRows, scale: size.scale, rowOverrides: overrides)
        options.intoExisting = intoExisting
        return options
    }
}

/// `loom load SPEC`: fill PostgreSQL with a spec's data, exactly once, resumably.
struct LoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Create the tables and load them with COPY over parallel connections, then add keys and ANALYZE.",
        discussion: """
            Every shard commits its rows together with its row in the ledger (schema loom), so a load \
            killed at any point resumes when the same command runs again, and a finished load is not \
            repeated. --if-exists applies only to tables no Loom job has loaded.
            """
    )

    @OptionGroup var options: SpecOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var job: JobOptions

    @Option(parsing: .unconditional, help: "Parallel connections (default: number of cores).")
    var jobs: Int = ProcessInfo.processInfo.activeProcessorCount

    @OptionGroup var tables: TableOptions

    @Flag(
        inversion: .prefixedNo,
        help: "Sketch one row in the table's stride while loading and judge drift against the spec (as cluster workers do).")
    var sketch = true

    @Flag(help: "Print only the summary.")
    var quiet = false

    func run() throws {
        try reporting {
            guard jobs >= 1 else { throw Failure("--jobs must be at least 1") }
            guard options.table == nil else {
                throw Failure("load takes the whole spec (keys and foreign keys span tables); --table is not supported")
            }
            if job.intoExisting, let clash = tables.clashWithIntoExisting {
                throw Failure("--into-existing loads into the tables as they are; \(clash) does not apply")
            }
            let spec = try options.load()
            let conninfo = try database.resolve()
            var opts = try job.loadOptions(spec, database: database)
            opts.connections = jobs
            tables.apply(to: &opts)
            opts.sketch = sketch
            let load = LoadJob(spec: spec, options: opts, conninfo: conninfo)
            let quiet = self.quiet
            let progress = ProgressLine()
            load.report = { message in
                if !quiet {
                    progress.end()
                    fputs("loom: \(message)\n", stderr)
                }
            }
            if !quiet, ProgressLine.isTerminal { load.onProgress = { progress.draw($0) } }
            defer { progress.end() }
            let summary: LoadSummary
            do {
                summary = try load.run()
            } catch let e as PostgresError {
                throw Failure(e.description)
            } catch let e as LoadError {
                throw Failure(e.description)
            }
            print(Self.render(summary))
        }
    }

    static func render(_ s: LoadSummary) -> String {
        if s.alreadyLoaded {
            let rows = s.tables.map(\.plannedRows).reduce(0, +)
            return "already loaded: job \(s.jobID) (\(s.tables.count) tables, \(rows) rows); nothing to do"
        }
        var cells = [["table", "rows", "MB", "seconds", "rows/s", "shards"]]
        for t in s.tables {
            let rps = t.seconds > 0 ? Double(t.rows) / t.seconds : 0
            let shards = t.shardsSkipped > 0 ? "\(t.shardsLoaded) (+\(t.shardsSkipped) earlier)" : "\(t.shardsLoaded)"
            cells.append([
                t.name, "\(t.rows)", String(format: "%.1f", Double(t.bytes) / 1e6), String(format: "%.2f", t.seconds),
                Units.count(rps), shards,
            ])
        }
        let total = s.tables.map(\.rows).reduce(0, +)
        let header =
            "\(s.resumed ? "resumed and finished" : "loaded") job \(s.jobID) over \(s.connections) connection\(s.connections == 1 ? "" : "s"): "
            + "\(total) rows in \(String(format: "%.2f", s.loadSeconds)) s (\(Units.count(Double(total) / max(s.loadSeconds, 1e-9))) rows/s), "
            + "keys and ANALYZE \(String(format: "%.2f", s.finishSeconds)) s"
        var out = header + "\n" + TextTable.render(cells, rightAligned: [false, true, true, true, true, true])
        if !s.drift.isEmpty {
            let report = ValidationReport(columns: s.drift)
            out += "\ndrift: " + report.summary + " (sampled while loading; `loom validate` reads every row)"
            for d in s.drift where d.severity >= .warn {
                out += "\n  \(d.severity.rawValue) \(ValidationReport.name(d)): \(d.reasons.first ?? "")"
            }
        }
        return out
    }
}

/// `loom verify SPEC`: recompute and compare a loaded job.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check a load: exact row counts, unique keys, foreign keys, and every shard's checksum recomputed from the generator."
    )

    @OptionGroup var options: SpecOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var job: JobOptions

    func run() throws {
        try reporting {
            let spec = try options.load()
            let conninfo = try database.resolve()
            let opts = try job.loadOptions(spec, database: database)
            let checks: [LoadVerifier.Check]
            do {
                let connection = try PostgresConnection(conninfo)
                checks = try LoadVerifier(spec: spec, options: opts, connection: connection).run()
            } catch let e as PostgresError {
                throw Failure(e.description)
            } catch let e as LoadError {
                throw Failure(e.description)
            }
            var cells = [["table", "check", "result", "detail"]]
            for c in checks { cells.append([c.table, c.name, c.passed ? "ok" : "FAIL", c.detail]) }
            print(TextTable.render(cells))
            let failed = checks.filter { !$0.passed }.count
            if failed > 0 {
                print("verify: \(failed) check\(failed == 1 ? "" : "s") failed")
                throw ExitCode(1)
            }
            print("verify: all \(checks.count) checks passed")
        }
    }
}

/// `loom db`: manage the embedded PostgreSQL under .loom/.
struct DBCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the embedded PostgreSQL server under .loom/.",
        subcommands: [Start.self, Stop.self, Status.self]
    )

    struct Start: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Start (or reuse) the embedded server and print its URL.")
        func run() throws {
            try reporting {
                let e = try EmbeddedDatabase.start()
                print(e.url(database: EmbeddedDatabase.database))
            }
        }
    }

    struct Stop: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Stop the embedded server.")
        func run() throws {
            try reporting {
                let s = EmbeddedDatabase.server
                guard s.isRunning else { print("the embedded PostgreSQL is not running"); return }
                do { try s.stop(mode: .fast) } catch { throw Failure("stopping the embedded PostgreSQL: \(error)") }
                print("stopped the embedded PostgreSQL (data kept in \(EmbeddedDatabase.directory))")
            }
        }
    }

    struct Status: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Say whether the embedded server runs, and its URL.")
        func run() throws {
            if let e = EmbeddedDatabase.server.endpoint {
                print("running: \(e.url(database: EmbeddedDatabase.database))")
            } else {
                print("not running")
                throw ExitCode(3)
            }
        }
    }
}
