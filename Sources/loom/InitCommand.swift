@preconcurrency import Glibc
import ArgumentParser
import Foundation
import LoomPostgres
import LoomProfile

/// `loom init`: write a spec that fills an existing, empty schema, from its catalog alone.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a spec that fills the tables of an existing schema, read from its catalog (no rows needed).",
        discussion: """
            Reads types, keys, foreign keys, CHECK constraints, enums and domains from pg_catalog and \
            chooses a generator per column: by its CHECK constraints first, then by its name, then by \
            its type. Tables without a NOT NULL foreign key get --rows rows; the others get rows per \
            parent row. CHECKs Loom cannot honour and columns left to the database are listed in the \
            spec's header and printed as warnings.
            """
    )

    @Option(name: .long, help: "A postgres:// URL or libpq conninfo (default: DATABASE_URL or PG* variables).")
    var database: String?

    @Option(help: "Schema of the tables.")
    var schema: String = "public"

    @Option(parsing: .unconditional, help: "Rows of each root table (a table without a NOT NULL foreign key).")
    var rows: Int = 1000

    @Option(help: "Write the spec here (default: standard output).")
    var out: String?

    @Option(help: "Dataset name in the spec (default: the schema).")
    var dataset: String?

    @Option(parsing: .unconditional, help: "Seed of the spec.")
    var seed: UInt64 = 1

    func validate() throws {
        guard rows >= 1 else { throw ValidationError("--rows must be at least 1") }
    }

    func run() throws {
        try reporting {
            guard let conninfo = ConnectionTarget.resolve(explicit: database) else {
                throw Failure("init needs a database: --database URL, DATABASE_URL or PG* variables")
            }
            let options = InitOptions(schema: schema, rows: rows, dataset: dataset, seed: seed)
            let result: (spec: String, plan: InitPlan)
            do {
                let connection = try PostgresConnection(conninfo)
                defer { connection.close() }
                result = try SchemaInitializer.run(connection: connection, options: options)
            } catch let e as PostgresError {
                throw Failure(e.description)
            } catch let e as ProfileError {
                throw Failure(e.description)
            } catch let e as InitError {
                throw Failure(e.description)
            }
            for w in result.plan.warnings { fputs("warning: \(w)\n", stderr) }
            if let out {
                do { try result.spec.write(toFile: out, atomically: true, encoding: .utf8) } catch {
                    throw Failure("cannot write \(out): \(error.localizedDescription)")
                }
                let n = result.plan.tables.count
                print(
                    "init: wrote \(out) (\(n) table\(n == 1 ? "" : "s"), \(result.plan.honouredChecks.count) CHECKs honoured, \(result.plan.unhonouredChecks.count) not)"
                )
            } else {
                print(result.spec, terminator: "")
            }
        }
    }
}
