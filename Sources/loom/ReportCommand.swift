@preconcurrency import Glibc
import ArgumentParser
import Foundation
import LoomPostgres
import LoomProfile

/// `loom report`: fidelity and privacy of a synthetic table against the real one.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Score a synthetic table against a real one: column shapes, pair trends, exact copies, distance to closest record.",
        discussion: """
        Column shapes are 1 - KS (numbers; high-cardinality text by length) or 1 - total variation \
        (categories); pair trends are correlation similarity (numbers) or contingency similarity; \
        the overall score is the mean of the two. Key columns are not compared.
        """
    )

    @Option(name: .long, help: "A postgres:// URL or libpq conninfo (default: DATABASE_URL or PG* variables).")
    var database: String?

    @Option(help: "The real table, SCHEMA.TABLE.")
    var real: String

    @Option(help: "The synthetic table, SCHEMA.TABLE.")
    var synthetic: String

    @Option(help: "Also write a self-contained HTML report with histograms here.")
    var html: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    func run() throws {
        try reporting {
            guard let conninfo = ConnectionTarget.resolve(explicit: database) else {
                throw Failure("report needs a database: --database URL, DATABASE_URL or PG* variables")
            }
            let report: FidelityReport
            do {
                let connection = try PostgresConnection(conninfo)
                defer { connection.close() }
                report = try FidelityReport.measure(connection: connection, real: real, synthetic: synthetic)
            } catch let e as PostgresError {
                throw Failure(e.description)
            } catch let e as ProfileError {
                throw Failure(e.description)
            }
            if let html {
                do { try ReportHTML.render(report).write(toFile: html, atomically: true, encoding: .utf8) } catch {
                    throw Failure("cannot write \(html): \(error.localizedDescription)")
                }
            }
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                var copy = report
                copy.histograms = []
                print(String(decoding: try encoder.encode(copy), as: UTF8.self))
                return
            }
            func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "-" }
            var cells = [["column", "kind", "metric", "score"]]
            for c in report.columns { cells.append([c.column, c.kind, c.metric, f(c.score)]) }
            print(TextTable.render(cells, rightAligned: [false, false, false, true]))
            print("")
            print("column shapes \(f(report.columnShapes)), pair trends \(f(report.pairTrends)) over \(report.pairs.count) pairs")
            print("overall score \(f(report.overall))")
            print(String(format: "exact copies: %.2f%% of synthetic rows equal a real row (%.2f%% of real rows equal another real row)",
                         report.exactCopies * 100, report.realDuplicates * 100))
            print("median distance to closest record: synthetic→train \(f(report.medianDCRSynthetic)), holdout→train \(f(report.medianDCRHoldout))")
            if !report.excluded.isEmpty { print("not compared: \(report.excluded.joined(separator: ", "))") }
        }
    }
}
