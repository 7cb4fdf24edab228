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

    /// Parents per number of children of `child.column → parent.key` in `schema`.
    static func fanOut(_ c: PostgresConnection, _ schema: String, _ fk: TableInfo.ForeignKey, child: String) throws -> [Int: Int] {
        let r = try c.execute(
            """
            SELECT n, count(*) FROM (SELECT count(c.\(SchemaDDL.quote(fk.column))) AS n FROM \(schema).\(SchemaDDL.quote(fk.parentTable)) p
                LEFT JOIN \(schema).\(SchemaDDL.quote(child)) c ON c.\(SchemaDDL.quote(fk.column)) = p.\(SchemaDDL.quote(fk.parentColumn))
                GROUP BY p.\(SchemaDDL.quote(fk.parentColumn))) s GROUP BY n
            """)
        var out: [Int: Int] = [:]
        for row in r.rows { out[Int(row[0]!)!] = Int(row[1]!)! }
        return out
    }

    /// The largest difference between the two laws' CDFs.
    static func ks(_ a: [Int: Int], _ b: [Int: Int]) -> Double {
        let na = Double(a.values.reduce(0, +)), nb = Double(b.values.reduce(0, +))
        var ca = 0.0, cb = 0.0, d = 0.0
        for k in Set(a.keys).union(b.keys).sorted() {
            ca += Double(a[k] ?? 0) / na
            cb += Double(b[k] ?? 0) / nb
            d = max(d, abs(ca - cb))
        }
        return d
    }

    /// Share of the children that go to the tenth of the parents with the most children.
    static func topShare(_ h: [Int: Int]) -> Double {
        let parents = h.values.reduce(0, +), children = h.reduce(0) { $0 + $1.key * $1.value }
        var top = Int((Double(parents) / 10).rounded(.up)), sum = 0
        for (k, n) in h.sorted(by: { $0.key > $1.key }) where top > 0 {
            sum += k * min(n, top)
            top -= min(n, top)
        }
        return children > 0 ? Double(sum) / Double(children) : 0
    }

    /// Foreign keys between two different tables of `public` (the relationships a profile keeps).
    static func relationships(_ c: PostgresConnection) throws -> [(child: String, fk: TableInfo.ForeignKey)] {
        let catalog = CatalogReader(c)
        return try catalog.tables(schema: "public").flatMap { name in
            try catalog.table(name, schema: "public").foreignKeys.filter { $0.parentTable != name }.map { (name, $0) }
        }
    }

    @Test(arguments: ["chinook.sql", "northwind.sql"])
    func everyTableKeepsItsSize(file: String) throws {
        let (db, c) = try Self.database(file)
        let spec = try Self.profile(c, minCount: 10)
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
    /// k-threshold, and within KS 0.1 and 5 points of top-tenth share at k = 10 wherever the
    /// parents are many enough (100: ten buckets of k) for a bucket not to be a tenth of them.
    @Test(arguments: ["chinook.sql", "northwind.sql"])
    func everyRelationshipKeepsItsFanOut(file: String) throws {
        let (db, c) = try Self.database(file)
        for k in [1, 10] {
            let schema = "syn\(k)"
            let spec = try Self.profile(c, minCount: k)
            _ = try LoadJob(spec: try SpecLoader.load(text: spec, file: "p.yaml"), options: LoadOptions(schema: schema), conninfo: db).run()
            for (child, fk) in try Self.relationships(c) {
                let real = try Self.fanOut(c, "public", fk, child: child), made = try Self.fanOut(c, schema, fk, child: child)
                let parents = real.values.reduce(0, +)
                guard k == 1 || parents >= 100 else { continue }
                let what = "\(file) k=\(k) \(child).\(fk.column) → \(fk.parentTable): real \(real.sorted { $0.key < $1.key }), made \(made.sorted { $0.key < $1.key })"
                #expect(Self.ks(real, made) <= (k == 1 ? 1e-9 : 0.1), "KS \(Self.ks(real, made)): \(what)")
                #expect(abs(Self.topShare(real) - Self.topShare(made)) <= 0.05, "top tenth \(Self.topShare(real)) vs \(Self.topShare(made)): \(what)")
            }
        }
    }
}
