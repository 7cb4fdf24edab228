import Foundation
import LoomGen
import LoomLoad
import LoomPostgres
import LoomSpec
import LoomStats
import LoomValidate
import Testing

/// `loom validate` against a real PostgreSQL: statistics computed by SQL over loaded tables,
/// judged against the generator laws and the spec's expectations.
@Suite struct ValidateTests {
    static let spec = """
        dataset: validate
        seed: 5
        tables:
          users:
            rows: 50000
            columns:
              id:        { type: bigint, gen: sequence, primary_key: true }
              age:       { type: int, gen: { normal: { mean: 38, sd: 12 } }, clamp: [18, 90] }
              income:    { type: "numeric(12,2)", gen: { lognormal: { mu: 10.5, sigma: 0.6 } } }
              score:     { type: double precision, gen: { uniform: { min: 0, max: 100 } } }
              visits:    { type: integer, gen: { poisson: 4 } }
              country:   { type: text, gen: { choice: { DE: 5, FR: 3, IT: 2 } } }
              tier:      { type: double precision, gen: { choice: { 0.5: 2, 2.0: 1 } } }
              active:    { type: boolean, gen: { bernoulli: 0.7 } }
              born:      { type: date, gen: { date: { from: 1950-01-01, to: 2005-12-31 } } }
              signup_at: { type: timestamptz, gen: { timestamp: { from: 2021-01-01, to: 2025-12-31 } } }
              x:         { type: double precision, gen: { normal: { mean: 0, sd: 1 } }, null_rate: 0.1 }
              name:      { type: text, gen: { dict: first_names } }
          orders:
            per_parent: { users: { poisson: 3 } }
            columns:
              id:      { type: bigint, gen: sequence, primary_key: true }
              user_id: { ref: users.id }
              amount:  { type: "numeric(10,2)", gen: { uniform: { min: 1, max: 500 } } }
        """

    /// The same tables with expectations the data does not meet on three columns.
    static let wrongExpectations =
        spec + """

            expectations:
              users.age:     { mean: 50, sd: 12 }
              users.country: { frequencies: { DE: 0.2, FR: 0.3, IT: 0.5 } }
              users.x:       { null_rate: 0.3 }
            """

    static let options = LoadOptions(
        connections: 2, shardRows: 20_000, retry: RetryPolicy(maxAttempts: 3, initialDelay: 0.05, maxDelay: 0.2))

    /// A database with `spec` loaded.
    static func loaded(_ name: String = #function) throws -> String {
        let db = try TestCluster.database(name)
        _ = try LoadJob(spec: SpecLoader.load(text: spec, file: "validate.yaml"), options: options, conninfo: db).run()
        return db
    }

    static func report(_ text: String, _ db: String, tables: [String]? = nil) throws -> ValidationReport {
        let spec = try SpecLoader.load(text: text, file: "validate.yaml")
        return try TableValidator(plan: DatasetPlan(spec: spec), schema: "public", connection: PostgresConnection(db)).run(tables: tables)
    }

    /// Writes `text` to a spec file for the `loom` binary.
    static func specFile(_ text: String, _ name: String) throws -> String {
        let path = FaultTests.workDirectory + "/\(name)-\(UUID().uuidString).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    static func severities(_ r: ValidationReport) -> [String: DriftSeverity] {
        Dictionary(r.columns.map { (ValidationReport.name($0), $0.severity) }, uniquingKeysWith: { a, _ in a })
    }

    @Test func loadedDataPassesAgainstItsOwnSpec() throws {
        let db = try Self.loaded()
        let report = try Self.report(Self.spec, db)
        let sev = Self.severities(report)
        // Every column with a target is judged, with the metric that fits its kind.
        for name in [
            "users.id", "users.age", "users.income", "users.score", "users.visits", "users.country", "users.tier",
            "users.active", "users.born", "users.signup_at", "users.x", "users.name", "orders.id", "orders.user_id",
            "orders.amount", "orders (per users)",
        ] {
            #expect(
                sev[name] == .ok,
                "\(name): \(report.columns.first { ValidationReport.name($0) == name }.map { "\($0.severity) \($0.reasons)" } ?? "missing")"
            )
        }
        func column(_ name: String) -> ColumnDrift? { report.columns.first { ValidationReport.name($0) == name } }
        for name in [
            "users.age", "users.income", "users.score", "users.visits", "users.born", "users.signup_at", "users.x", "orders.amount",
            "orders (per users)",
        ] {
            let d = try #require(column(name))
            #expect(d.ks.map { $0 < 0.02 } == true, "\(name) KS \(String(describing: d.ks))")
            #expect(d.psi.map { $0 < 0.01 } == true, "\(name) PSI \(String(describing: d.psi))")
        }
        for name in ["users.country", "users.tier", "users.active"] {
            let d = try #require(column(name))
            #expect(d.totalVariation.map { $0 < 0.02 } == true, "\(name) TV \(String(describing: d.totalVariation))")
        }
        let x = try #require(column("users.x"))
        #expect(abs(x.nullRate! - 0.1) < 0.01)
        #expect(abs(try #require(column("users.age")?.mean) - 38) < 1)
        #expect(column("orders (per users)")?.sampled == 50_000)
        #expect(!report.failed(strict: true))

        // The binary says the same and exits 0.
        let run = try Child.loom(["validate", try Self.specFile(Self.spec, "ok"), "--database", db], timeout: 120)
        #expect(run.status == 0, "\(run.stdout)\n\(run.stderr)")
        #expect(run.stdout.contains("validate: 16 columns judged: 16 ok; passed"), "\(run.stdout)")
        #expect(run.stdout.contains("orders (per users)"))
        let json = try Child.loom(["validate", try Self.specFile(Self.spec, "ok"), "--database", db, "--json"], timeout: 120)
        #expect(json.status == 0, "\(json.stderr)")
        let decoded = try JSONDecoder().decode([ColumnDrift].self, from: Data(json.stdout.utf8))
        #expect(decoded.count == 16)
        #expect(decoded.allSatisfy { $0.severity == .ok })
    }

    @Test func expectationsTheDataMissAreAlerts() throws {
        let db = try Self.loaded()
        let report = try Self.report(Self.wrongExpectations, db)
        let sev = Self.severities(report)
        for name in ["users.age", "users.country", "users.x"] {
            #expect(sev[name] == .alert, "\(name): \(String(describing: sev[name]))")
        }
        let age = try #require(report.columns.first { $0.column == "age" })
        #expect(age.reasons.contains { $0.hasPrefix("mean") }, "\(age.reasons)")
        #expect(age.target.hasPrefix("expectations at validate.yaml:"), "\(age.target)")
        for (name, s) in sev where !["users.age", "users.country", "users.x"].contains(name) {
            #expect(s == .ok, "\(name): \(s)")
        }
        #expect(report.failed(strict: false))

        let run = try Child.loom(["validate", try Self.specFile(Self.wrongExpectations, "wrong"), "--database", db], timeout: 120)
        #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)")
        let alertLines = run.stdout.split(separator: "\n").filter { $0.contains(" alert ") }.map(String.init)
        #expect(alertLines.count == 3, "\(run.stdout)")
        for name in ["users.age", "users.country", "users.x"] {
            #expect(alertLines.contains { $0.hasPrefix(name + " ") }, "\(name) not at alert in:\n\(run.stdout)")
        }
        #expect(run.stdout.contains("3 alert"), "\(run.stdout)")
    }

    @Test func childrenDeletedFromSomeParentsAreFlagged() throws {
        let db = try Self.loaded()
        let c = try PostgresConnection(db)
        let deleted = try c.execute("DELETE FROM orders WHERE user_id % 3 = 0").affectedRows
        #expect(deleted > 40_000)
        let report = try Self.report(Self.spec, db, tables: ["orders"])
        let fan = try #require(report.columns.first { ValidationReport.name($0) == "orders (per users)" })
        #expect(fan.severity == .alert, "\(fan)")
        #expect(fan.ks.map { $0 > 0.25 } == true, "\(String(describing: fan.ks))")
        // The remaining children's own columns still follow their laws.
        #expect(report.columns.first { $0.column == "amount" }?.severity == .ok)
        let run = try Child.loom(["validate", try Self.specFile(Self.spec, "fan"), "--database", db, "--table", "orders"], timeout: 120)
        #expect(run.status == 1, "\(run.stdout)\n\(run.stderr)")
        #expect(
            run.stdout.split(separator: "\n").contains { $0.hasPrefix("orders (per users)") && $0.contains(" alert ") }, "\(run.stdout)")
    }

    @Test func aMissingTableIsAClearError() throws {
        let db = try TestCluster.database()
        #expect {
            _ = try Self.report(Self.spec, db)
        } throws: { e in
            "\(e)".contains("\"public\".\"users\" does not exist") && "\(e)".contains("loom load")
        }
        let run = try Child.loom(["validate", try Self.specFile(Self.spec, "missing"), "--database", db], timeout: 60)
        #expect(run.status != 0)
        #expect(run.stdout.isEmpty, "\(run.stdout)")
        #expect(
            run.stderr.contains("error: table \"public\".\"users\" does not exist") && run.stderr.contains("loom load"), "\(run.stderr)")
        // A table without some of the spec's columns was not loaded from this spec.
        try PostgresConnection(db).execute("CREATE TABLE users (id bigint, age int)")
        #expect {
            _ = try Self.report(Self.spec, db, tables: ["users"])
        } throws: { e in
            "\(e)".contains("\"public\".\"users\" has no columns income, score,")
        }
        // An unreachable server is an error too, naming what failed.
        let down = try Child.loom(
            ["validate", try Self.specFile(Self.spec, "down"), "--database", "host=/nonexistent port=1 dbname=x"], timeout: 60)
        #expect(down.status != 0)
        #expect(!down.stderr.isEmpty && down.stdout.isEmpty, "\(down.stderr)")
    }
}
