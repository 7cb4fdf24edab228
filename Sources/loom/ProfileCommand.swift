@preconcurrency import Glibc
import ArgumentParser
import Foundation
import LoomPostgres
import LoomProfile

/// `loom profile`: fit a spec from existing PostgreSQL tables, with privacy safeguards.
struct ProfileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "profile",
        abstract: "Write a spec that reproduces existing tables: marginals, categories, text kinds, fan-out, copula, expectations.",
        discussion: """
            Reads the catalog (types, keys, NOT NULL, foreign keys) and the rows (a TABLESAMPLE above \
            --sample). No value of any row is copied into the spec: categories seen fewer than \
            --min-count times are dropped, quantiles and bounds are means of at least that many \
            records, and --epsilon adds Laplace noise to counts and histograms. The report (also the \
            spec's header) says what was protected and what was skipped. --update SPEC refits an \
            existing spec's learned columns, copula and copy guard in place and prints which moved (KS or total variation) \
            and how the database's tables differ from the spec's.
            """
    )

    @Option(name: .long, help: "A postgres:// URL or libpq conninfo (default: DATABASE_URL or PG* variables).")
    var database: String?

    @Option(help: "Schema of the tables to profile.")
    var schema: String = "public"

    @Option(name: .long, parsing: .upToNextOption, help: "Tables to profile (default: all tables of the schema).")
    var table: [String] = []

    @Option(parsing: .unconditional, help: "Read at most this many rows per table.")
    var sample: Int = 100_000

    @Option(
        name: .customLong("min-count"), parsing: .unconditional,
        help: "k: categories seen fewer times are dropped; stored numbers average at least k records.")
    var minCount: Int = 10

    @Option(parsing: .unconditional, help: "Differential-privacy budget per count (Laplace noise of scale 1/epsilon).")
    var epsilon: Double?

    @Option(parsing: .unconditional, help: "Seed of the spec, the noise and the sample.")
    var seed: UInt64 = 1

    @Option(help: "Dataset name in the spec (default: the schema).")
    var dataset: String?

    @Flag(
        inversion: .prefixedNo, help: "Write the Gaussian copula as 'correlate:' (left out automatically when the spec language lacks it).")
    var correlations = true

    @Flag(
        inversion: .prefixedNo,
        help:
            "Learn the conditional model: categories, booleans and numbers drawn given the column they depend on most (a Chow–Liu tree written as 'by:')."
    )
    var conditionals = true

    @Option(
        parsing: .upToNextOption,
        help:
            "Rebalance a label: COLUMN=VALUE:SHARE,VALUE:SHARE (e.g. is_fraud=true:0.3,false:0.7) or COLUMN=equal_by:GROUP; writes 'balance:'."
    )
    var balance: [String] = []

    @Flag(
        name: .customLong("avoid-copies"), inversion: .prefixedNo,
        help:
            "Write 'avoid_copies:' so that no generated row equals a source row (a bitmap of row fingerprints that cannot tell a source row from others)."
    )
    var avoidCopies = true

    @Option(help: "Write the spec here (default: standard output; with --update: the spec itself).")
    var out: String?

    @Option(
        help: ArgumentHelp(
            "Refit the learned columns of this existing spec in place and print what moved; personas, sequences, expressions, references, hand-written generators, columns with 'keep: true' and comments stay as written.",
            valueName: "spec.yaml"))
    var update: String?

    @Flag(name: .customLong("dry-run"), help: "With --update: print the diff, write nothing.")
    var dryRun = false

    @Flag(help: "With --update: print the diff as JSON (the lines about writing go to standard error).")
    var json = false

    func validate() throws {
        guard sample >= 1 else { throw ValidationError("--sample must be at least 1") }
        guard minCount >= 1 else { throw ValidationError("--min-count must be at least 1") }
        if let epsilon, !(epsilon > 0) { throw ValidationError("--epsilon must be greater than 0") }
        if update != nil {
            if !table.isEmpty { throw ValidationError("--update refits the spec's own tables; leave out --table") }
            if !balance.isEmpty { throw ValidationError("--update keeps the spec's balance: as written; leave out --balance") }
        } else if dryRun || json {
            throw ValidationError("\(dryRun ? "--dry-run" : "--json") goes with --update SPEC")
        }
    }

    func run() throws {
        try reporting {
            guard let conninfo = ConnectionTarget.resolve(explicit: database) else {
                throw Failure("profile needs a database: --database URL, DATABASE_URL or PG* variables")
            }
            var options = ProfileOptions()
            options.schema = schema
            options.tables = table
            options.sampleRows = sample
            options.minCount = minCount
            options.epsilon = epsilon
            options.seed = seed
            options.correlations = correlations
            options.conditionals = conditionals
            options.balance = try Self.balances(balance)
            options.avoidCopies = avoidCopies
            options.dataset = dataset ?? schema
            if let update { return try refit(update, conninfo: conninfo, options: options) }
            let profile: Profile
            do {
                let connection = try PostgresConnection(conninfo)
                defer { connection.close() }
                profile = try Profiler(connection: connection, options: options).run()
            } catch let e as PostgresError {
                throw Failure(e.description)
            } catch let e as ProfileError {
                throw Failure(e.description)
            }
            if let out {
                do { try profile.spec.write(toFile: out, atomically: true, encoding: .utf8) } catch {
                    throw Failure("cannot write \(out): \(error.localizedDescription)")
                }
                print(profile.report.joined(separator: "\n"))
                print("profile: wrote \(out) (\(profile.tables.count) table\(profile.tables.count == 1 ? "" : "s"))")
            } else {
                fputs(profile.report.joined(separator: "\n") + "\n", stderr)
                print(profile.spec, terminator: "")
            }
        }
    }

    /// `--update SPEC`: refit, print the diff, write the spec (unless `--dry-run`).
    func refit(_ path: String, conninfo: String, options: ProfileOptions) throws {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw Failure("cannot read \(path): \(error.localizedDescription)")
        }
        let result: SpecUpdate
        do {
            let connection = try PostgresConnection(conninfo)
            defer { connection.close() }
            result = try SpecRefitter(connection: connection, options: options).run(text: text, file: path)
        } catch let e as PostgresError {
            throw Failure(e.description)
        } catch let e as ProfileError {
            throw Failure(e.description)
        } catch let e as ProfileUpdateError {
            throw Failure(e.description)
        }
        print(json ? result.json(file: path) : result.report(file: path).joined(separator: "\n"))
        func say(_ line: String) {
            if json { fputs(line + "\n", stderr) } else { print(line) }
        }
        let target = out ?? path
        if dryRun {
            say("profile: --dry-run: \(target) not written")
        } else if !result.changed && out == nil {
            say("profile: \(path) unchanged")
        } else {
            do { try result.text.write(toFile: target, atomically: true, encoding: .utf8) } catch {
                throw Failure("cannot write \(target): \(error.localizedDescription)")
            }
            say("profile: wrote \(target)")
        }
    }

    /// `--balance` values: `COL=V:S,V:S` or `COL=equal_by:GROUP`.
    static func balances(_ raw: [String]) throws -> [String: (shares: [(String, Double)], equalBy: String?)] {
        var out: [String: (shares: [(String, Double)], equalBy: String?)] = [:]
        for item in raw {
            guard let eq = item.firstIndex(of: "=") else {
                throw ValidationError("--balance \(item): write COLUMN=VALUE:SHARE,… or COLUMN=equal_by:GROUP")
            }
            let column = String(item[..<eq]), rest = String(item[item.index(after: eq)...])
            if rest.hasPrefix("equal_by:") {
                out[column] = ([], String(rest.dropFirst(9)))
                continue
            }
            var shares: [(String, Double)] = []
            for part in rest.split(separator: ",") {
                guard let colon = part.lastIndex(of: ":"), let share = Double(part[part.index(after: colon)...]), share >= 0 else {
                    throw ValidationError("--balance \(item): '\(part)' is not VALUE:SHARE")
                }
                shares.append((String(part[..<colon]), share))
            }
            guard !shares.isEmpty else { throw ValidationError("--balance \(item): no VALUE:SHARE given") }
            out[column] = (shares, nil)
        }
        return out
    }
}
