import Foundation
import LoomLoad
import LoomPostgres
import LoomProfile
import LoomSpec
import Testing

/// A profiled database keeps its size: the public sample databases (`../shared/datasets/`, or
/// `LOOM_DATASETS`) profiled and loaded back, table by table and relationship by relationship.
@Suite struct SchemaSizeTests {
    /// The directory of the sample databases: `LOOM_DATASETS`, else `shared/datasets` beside
    /// the repository or one of its parents.
    static func datasets() throws -> URL {
        if let dir = ProcessInfo.processInfo.environment["LOOM_DATASETS"] { return URL(fileURLWithPath: dir) }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<6 {
            dir = dir.deletingLastPathComponent()
            let candidate = dir.appendingPathComponent("shared/datasets")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("chinook.sql").path) { return candidate }
        }
        throw ProfileError("the sample databases are missing: set LOOM_DATASETS to the directory of chinook.sql and northwind.sql")
    }

    /// Loads `file` into a new database; chinook.sql's own `CREATE DATABASE` and `\c` are skipped.
    static func database(_ file: String) throws -> (String, PostgresConnection) {
        var sql = try String(contentsOf: try datasets().appendingPathComponent(file), encoding: .utf8)
        if let connect = sql.range(of: "\\c chinook;") { sql = String(sql[connect.upperBound...]) }
        let db = try TestCluster.database("sizes_" + file.replacingOccurrences(of: ".sql", with: ""))
        let c = try PostgresConnection(db)
        try c.execute(sql)
        return (db, c)
    }

    static func profile(_ c: PostgresConnection, minCount: Int) throws -> String {
        var o = ProfileOptions()
        o.correlations = false
        o.avoidCopies = false
        o.minCount = minCount
        return try Profiler(connection: c, options: o).run().spec
    }

    static func count(_ c: PostgresConnection, _ schema: String, _ table: String) throws -> Int {
        Int(try c.execute("SELECT count(*) FROM \(schema).\(SchemaDDL.quote(table))").value(0, 0) ?? "") ?? -1
    }

    @Test(arguments: ["chinook.sql", "northwind.sql"])
    func everyTableKeepsItsSize(file: String) throws {
        let (db, c) = try Self.database(file)
        let spec = try Self.profile(c, minCount: 10)
        #expect(!spec.contains("Skipped columns"), "every column of the sample databases is generated (bytea too)")
        _ = try LoadJob(spec: try SpecLoader.load(text: spec, file: "p.yaml"), options: LoadOptions(schema: "syn"), conninfo: db).run()
        for table in try CatalogReader(c).tables(schema: "public") {
            let real = try Self.count(c, "public", table), made = try Self.count(c, "syn", table)
            #expect(abs(Double(made - real)) <= 0.02 * Double(real), "\(file) \(table): \(made) rows for \(real)")
        }
        // Tables of fixed size are exact.
        let fixed = try SpecLoader.load(text: spec, file: "p.yaml").tables.filter { if case .fixed = $0.rows { true } else { false } }
        for t in fixed { #expect(try Self.count(c, "syn", t.name) == Self.count(c, "public", t.name), "\(t.name)") }
    }

    /// Every relationship keeps its children-per-parent law and its skew: exactly without the
    /// k-threshold (within KS 0.02 where the fan-out is drawn per case of a parent column); at k = 10 within KS 0.1 and 5 points of top-tenth share wherever the parents
    /// are many enough (100: ten buckets of k) for a bucket not to be a tenth of them, and the
    /// skew of every reference that is not the table's driving parent, whatever its parents.
    @Test(arguments: ["chinook.sql", "northwind.sql"])
    func everyRelationshipKeepsItsFanOut(file: String) throws {
        let (db, c) = try Self.database(file)
        for k in [1, 10] {
            let schema = "syn\(k)"
            let spec = try SpecLoader.load(text: try Self.profile(c, minCount: k), file: "p.yaml")
            _ = try LoadJob(spec: spec, options: LoadOptions(schema: schema), conninfo: db).run()
            var picked: Set<String> = [], distinct: [(table: String, column: String, parent: String)] = []
            let conditioned = Set(
                spec.tables.compactMap { t in if case .perParent(_, .conditional) = t.rows { t.name } else { nil } })
            for t in spec.tables {
                for col in t.columns {
                    if case .reference(_, _, .histogram) = col.source { picked.insert("\(t.name).\(col.name)") }
                    if case .reference(_, _, .distinctHistogram) = col.source, case .perParent(let p, _) = t.rows,
                        let key = t.columns.first(where: { if case .reference(p, _, _) = $0.source { true } else { false } })
                    {
                        distinct.append((t.name, col.name, key.name))
                    }
                }
            }
            // A reference whose pair with the parent's key is a key never repeats a pair; it keeps its
            // skew only as far as distinct pairs allow (see below), so its law is not compared.
            for d in distinct {
                let q = "\(schema).\(SchemaDDL.quote(d.table))"
                let repeats = try c.execute(
                    "SELECT count(*) - count(DISTINCT (\(SchemaDDL.quote(d.parent)), \(SchemaDDL.quote(d.column)))) FROM \(q)")
                #expect(repeats.value(0, 0) == "0", "\(file) k=\(k) \(d.table): (\(d.parent), \(d.column)) pairs repeat")
            }
            #expect(picked.count >= 3, "\(picked)")
            let report = try SchemaReport.measure(connection: c, real: "public", synthetic: schema)
            #expect(report.relationships.count >= 8)
            for r in report.relationships
            where r.child != r.parent && !distinct.contains(where: { $0.table == r.child && $0.column == r.column }) {
                let parents = r.real.reduce(0) { $0 + $1.parents }
                let what = "\(file) k=\(k) \(r.child).\(r.column) → \(r.parent): real \(r.real), made \(r.synthetic)"
                // A fan-out drawn per case of a parent column is close, not exact.
                let exact = k == 1 && !conditioned.contains(r.child)
                if k == 1 || parents >= 100 { #expect(r.ks <= (exact ? 1e-9 : k == 1 ? 0.02 : 0.1), "KS \(r.ks): \(what)") }
                if k == 1 || parents >= 100 || picked.contains("\(r.child).\(r.column)") {
                    #expect(
                        abs(r.realTopShare - r.syntheticTopShare) <= 0.05, "top tenth \(r.realTopShare) vs \(r.syntheticTopShare): \(what)")
                }
            }
        }
    }

    /// `avoid_copies:` on the sample databases is decided up front: no table's header quotes a
    /// failed trial, and chinook's invoice_line, whose non-key columns take two combinations
    /// that the source all holds, says why it has none.
    @Test(arguments: ["chinook.sql", "northwind.sql"])
    func noTableQuotesAFailedAvoidCopiesTrial(file: String) throws {
        let (_, c) = try Self.database(file)
        var o = ProfileOptions()
        o.correlations = false
        let profile = try Profiler(connection: c, options: o).run()
        for text in [profile.report.joined(separator: "\n"), profile.spec] {
            #expect(!text.contains("equals a source row after"), "\(file)")
            #expect(!text.contains("its columns take so few values"), "\(file)")
        }
        let waived = profile.tables.filter { $0.avoidCopiesWaived != nil }.map(\.name)
        #expect(waived == (file == "chinook.sql" ? ["invoice_line"] : []), "\(file): \(waived)")
        if file == "chinook.sql" {
            #expect(
                profile.spec.contains(
                    "# - invoice_line: no avoid_copies: its columns unit_price, quantity take 2 combinations, all present in the source"))
        }
        #expect(profile.tables.filter { $0.avoidCopies != nil }.count >= 8, "\(file): most tables keep avoid_copies")
    }

    /// `loom profile --update` of a whole profiled schema against the same data changes no byte:
    /// every learned column, fan-out, copula and `avoid_copies:` bitmap refits to what is written.
    @Test(arguments: ["chinook.sql", "northwind.sql"])
    func aSchemaRefittedOnTheSameDataIsUnchanged(file: String) throws {
        let (_, c) = try Self.database(file)
        let spec = try Profiler(connection: c, options: ProfileOptions()).run().spec
        let update = try SpecRefitter(connection: c, options: ProfileOptions()).run(text: spec, file: "p.yaml")
        #expect(!update.changed && update.text == spec, "\(file): \(update.report(file: "p.yaml").joined(separator: "\n"))")
        #expect(update.sections.contains { $0.section == "correlate" } && update.sections.contains { $0.section == "avoid_copies" })
        for s in update.sections { #expect(s.summary.hasPrefix("unchanged"), "\(file): \(s.line)") }
        #expect(update.refitted.count >= 10, "\(file): \(update.refitted.count) columns refitted")
    }
}
