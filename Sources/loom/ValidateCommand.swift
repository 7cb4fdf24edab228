@preconcurrency import Glibc
import ArgumentParser
import Foundation
import LoomPostgres
import LoomSpec
import LoomStats
import LoomValidate

/// `loom validate SPEC`: statistics of the loaded tables, computed in PostgreSQL, against the spec.
struct ValidateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Compare the loaded tables' statistics, computed in PostgreSQL, with the spec's targets.",
        discussion: """
            Every column is judged against its generator's law or the spec's expectations (KS and PSI \
            for numbers, total variation for categories, NULL rate, mean and sd), and per_parent tables \
            by their children per parent row. Takes the same arguments as verify. Exit status: 0 \
            when no column is at alert, 1 when one is (with --strict also at warn) or on errors.
            """
    )

    @OptionGroup var options: SpecOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var job: JobOptions

    @Flag(help: "Print the judged columns as JSON.")
    var json = false

    @Flag(help: "Fail on warn as well as alert.")
    var strict = false

    func run() throws {
        try reporting {
            let spec = try options.load()
            let plan = try job.size.plan(spec, table: nil)
            let conninfo = try database.resolve()
            let report: ValidationReport
            do {
                let connection = try PostgresConnection(conninfo)
                defer { connection.close() }
                report = try TableValidator(plan: plan, schema: database.schema, connection: connection)
                    .run(tables: options.table.map { [$0] })
            } catch let e as PostgresError {
                throw Failure(e.description)
            } catch let e as ValidateError {
                throw Failure(e.description)
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(report.columns), as: UTF8.self))
            } else {
                print(Self.render(report))
            }
            let failed = report.failed(strict: strict)
            if !json { print("validate: \(report.summary)\(failed ? "" : "; passed")") }
            if failed { throw ExitCode(1) }
        }
    }

    static func render(_ report: ValidationReport) -> String {
        func f(_ x: Double?, _ format: String = "%.3f") -> String { x.map { String(format: format, $0) } ?? "" }
        var cells = [["column", "severity", "KS", "PSI", "TV", "NULL Δ", "mean shift", "target", "reasons"]]
        for d in report.columns {
            let nullDiff = d.nullRate.flatMap { r in d.expectedNullRate.map { r - $0 } }
            cells.append([
                ValidationReport.name(d), d.severity == .collecting ? "few rows" : d.severity.rawValue,
                f(d.ks), f(d.psi), f(d.totalVariation), f(nullDiff, "%+.3f"), f(d.meanShift),
                d.target, d.reasons.joined(separator: "; "),
            ])
        }
        return TextTable.render(cells, rightAligned: [false, false, true, true, true, true, true, false, false])
    }
}
