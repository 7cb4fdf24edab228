@preconcurrency import Glibc
import ArgumentParser
import LoomGen
import LoomSpec

/// Options shared by commands that read a spec and size its tables.
struct SpecOptions: ParsableArguments {
    @Argument(help: "The spec file (YAML), e.g. Configs/users.yaml.")
    var spec: String

    @Option(help: "Generate, preview or bench only this table (load, run and coordinator take the whole spec).")
    var table: String?

    @Option(parsing: .unconditional, help: "Override the seed of the spec.")
    var seed: UInt64?

    /// Loads and validates the spec, printing every error as FILE:LINE:COL and exiting 1.
    func load() throws -> Spec {
        do {
            var s = try SpecLoader.load(path: spec)
            if let seed { s.seed = seed }
            if let table, s.table(table) == nil {
                let hint = closest(table, in: s.tables.map(\.name)).map { " (did you mean '\($0)'?)" } ?? ""
                throw Failure("no table '\(table)' in \(spec)\(hint); tables: \(s.tables.map(\.name).joined(separator: ", "))")
            }
            return s
        } catch let e as SpecErrors {
            Terminal.error(e.description)
            throw ExitCode(1)
        }
    }

    /// The tables to work on: the chosen one, or all in load order.
    func tables(_ spec: Spec) -> [TableSpec] {
        if let table { return spec.loadOrder.filter { $0.name == table } }
        return spec.loadOrder
    }
}

/// Row-count options: `--rows N` or `--scale X`.
struct SizeOptions: ParsableArguments {
    @Option(parsing: .unconditional, help: "Rows for fixed-size tables (all of them, or the one chosen with --table).")
    var rows: Int64?

    @Option(parsing: .unconditional, help: "Multiply every fixed table's rows by this factor (replaces the spec's scale).")
    var scale: Double?

    func validate() throws {
        if rows != nil, scale != nil { throw ValidationError("give --rows or --scale, not both") }
        if let rows, rows < 0 { throw ValidationError("--rows must not be negative") }
        if let scale, !(scale > 0) { throw ValidationError("--scale must be greater than 0") }
    }

    /// Builds the generation plan, turning plan errors into a clear message.
    func plan(_ spec: Spec, table: String?) throws -> DatasetPlan {
        var overrides: [String: Int64] = [:]
        if let rows {
            for t in spec.tables where table == nil || t.name == table {
                if case .fixed = t.rows { overrides[t.name] = rows }
                else if table != nil { throw Failure("table '\(t.name)' is sized per parent row; use --scale or set the parent's rows") }
            }
        }
        do {
            return try DatasetPlan(spec: spec, scale: scale, rowOverrides: overrides)
        } catch {
            throw Failure(error.description)
        }
    }
}

/// An error the CLI reports as one line and exit code 1.
struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// Writing to the terminal.
enum Terminal {
    static func error(_ message: String) {
        var text = message
        if !message.contains(": error: "), !message.hasPrefix("error:") { text = "error: " + message }
        fputs(text + "\n", stderr)
    }

    static var isTTY: Bool { isatty(STDOUT_FILENO) != 0 }
}

extension ParsableCommand {
    /// Runs `body`, printing `Failure`s and other errors as one clear line with exit code 1.
    func reporting(_ body: () throws -> Void) throws {
        do {
            try body()
        } catch let e as ExitCode {
            throw e
        } catch let e as Failure {
            Terminal.error(e.description)
            throw ExitCode(1)
        } catch let e as GenerationError {
            Terminal.error(e.description)
            throw ExitCode(1)
        } catch let e as OutputError {
            Terminal.error(e.description)
            throw ExitCode(1)
        }
    }
}
