@preconcurrency import Glibc
import ArgumentParser
import Foundation
import LoomPostgres
import LoomProfile

/// `loom report`: fidelity and privacy of a synthetic table against the real one, or row counts
/// and children per parent of a synthetic schema against the real one.
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Score a synthetic table against a real one: column shapes, pair trends, exact copies, distance to closest record.",
        discussion: """
            Column shapes are 1 - KS (numbers; high-cardinality text by length) or 1 - total variation \
            (categories); pair trends are correlation similarity (numbers) or contingency similarity; \
            the overall score is the mean of the two. Key columns are not compared.

            With schema names (--real shop --synthetic synth) the two schemas are compared: rows per \
            table, and for every foreign key of the real schema the children per parent on both sides \
            (mean, KS distance, share of the children held by the top 10% of parents).
            """
    )

    @Option(name: .long, help: "A postgres:// URL or libpq conninfo (default: DATABASE_URL or PG* variables).")
    var database: String?

    @Option(help: "The real table, SCHEMA.TABLE, or the real schema, SCHEMA.")
    var real: String

    @Option(help: "The synthetic table, SCHEMA.TABLE, or the synthetic schema, SCHEMA.")
    var synthetic: String

    @Option(help: "Also write a self-contained HTML report with histograms here (with --target: utility and fairness charts too).")
    var html: String?

    @Flag(help: "Print the report as JSON.")
    var json = false

    @Option(help: "Machine-learning utility for this label column: models trained on synthetic and on real rows, tested on a real holdout.")
    var target: String?

    @Option(help: "With --target: outcome and error rates per group of this column, and their largest gaps.")
    var groupBy: String?

    func run() throws {
        try reporting {
            guard let conninfo = ConnectionTarget.resolve(explicit: database) else {
                throw Failure("report needs a database: --database URL, DATABASE_URL or PG* variables")
            }
            switch (real.contains("."), synthetic.contains(".")) {
            case (true, true): try reportTables(conninfo)
            case (false, false): try reportSchemas(conninfo)
            default:
                throw Failure(
                    "--real and --synthetic must both be tables (SCHEMA.TABLE) or both schemas (SCHEMA): got \(real) and \(synthetic)")
            }
        }
    }

    private func reportTables(_ conninfo: String) throws {
        let report = try measured(conninfo) { try FidelityReport.measure(connection: $0, real: real, synthetic: synthetic) }
        let utility = try target.map { t in
            try measured(conninfo) {
                try UtilityReport.measure(connection: $0, real: real, synthetic: synthetic, target: t, groupBy: groupBy)
            }
        }
        try writeHTML { ReportHTML.render(report, utility: utility) }
        if json {
            var copy = report
            copy.histograms = []
            if let utility { try printJSON(Combined(fidelity: copy, utility: utility)) } else { try printJSON(copy) }
            return
        }
        defer { if let utility { print(""); print(UtilityText.render(utility)) } }
        func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "-" }
        var cells = [["column", "kind", "metric", "score"]]
        for c in report.columns { cells.append([c.column, c.kind, c.metric, f(c.score)]) }
        print(TextTable.render(cells, rightAligned: [false, false, false, true]))
        print("")
        print("column shapes \(f(report.columnShapes)), pair trends \(f(report.pairTrends)) over \(report.pairs.count) pairs")
        print("overall score \(f(report.overall))")
        print(
            String(
                format: "exact copies: %.2f%% of synthetic rows equal a real row (%.2f%% of real rows equal another real row)",
                report.exactCopies * 100, report.realDuplicates * 100))
        print(
            "median distance to closest record: synthetic→train \(f(report.medianDCRSynthetic)), "
                + "holdout→train \(f(report.medianDCRHoldout))"
        )
        if !report.excluded.isEmpty { print("not compared: \(report.excluded.joined(separator: ", "))") }
    }

    private func reportSchemas(_ conninfo: String) throws {
        let report = try measured(conninfo) { try SchemaReport.measure(connection: $0, real: real, synthetic: synthetic) }
        try writeHTML { SchemaReportHTML.render(report) }
        if json { return try printJSON(report) }
        func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }
        func percent(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }
        var tables = [["table", "real rows", "synthetic rows", "ratio"]]
        for t in report.tables {
            let ratio = t.real > 0 ? fixed(Double(t.synthetic) / Double(t.real), 2) : "-"
            tables.append([t.table, String(t.real), String(t.synthetic), ratio])
        }
        print(TextTable.render(tables, rightAligned: [false, true, true, true]))
        print("")
        guard !report.relationships.isEmpty else {
            print("no foreign keys between the tables of \(report.real)")
            return
        }
        var relationships = [["relationship", "mean real", "mean synthetic", "KS", "top 10% real", "top 10% synthetic"]]
        for r in report.relationships {
            relationships.append([
                "\(r.child).\(r.column) → \(r.parent)", fixed(r.realMean, 2), fixed(r.syntheticMean, 2), fixed(r.ks, 3),
                percent(r.realTopShare), percent(r.syntheticTopShare),
            ])
        }
        print(TextTable.render(relationships, rightAligned: [false, true, true, true, true, true]))
    }

    /// Runs `body` on a connection, turning database and profile errors into failures.
    private func measured<T>(_ conninfo: String, _ body: (PostgresConnection) throws -> T) throws -> T {
        do {
            let connection = try PostgresConnection(conninfo)
            defer { connection.close() }
            return try body(connection)
        } catch let e as PostgresError {
            throw Failure(e.description)
        } catch let e as ProfileError {
            throw Failure(e.description)
        }
    }

    private func writeHTML(_ page: () -> String) throws {
        guard let html else { return }
        do { try page().write(toFile: html, atomically: true, encoding: .utf8) } catch {
            throw Failure("cannot write \(html): \(error.localizedDescription)")
        }
    }

    private func printJSON<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        print(String(decoding: try encoder.encode(value), as: UTF8.self))
    }
}

/// `--json` with `--target`: both reports.
private struct Combined: Encodable {
    var fidelity: FidelityReport
    var utility: UtilityReport
}
