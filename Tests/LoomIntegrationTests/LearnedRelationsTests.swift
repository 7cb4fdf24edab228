import Foundation
import LoomLoad
import LoomPostgres
import LoomProfile
import LoomSpec
import Testing

/// The conditional model on the public sample databases: every link the profile learns
/// (`child given parent`) is still there in the data Loom generates from it.
@Suite struct LearnedRelationsTests {
    /// `(table, child, parent)` of each link in the profile's report.
    static func links(_ report: [String]) -> [(String, String, String)] {
        report.compactMap { line in
            guard line.hasPrefix("- "), line.contains(" given "), let dot = line.firstIndex(of: ".") else { return nil }
            let table = String(line[line.index(line.startIndex, offsetBy: 2)..<dot])
            let rest = line[line.index(after: dot)...].split(separator: " ")
            guard rest.count >= 3, rest[1] == "given" else { return nil }
            return (table, String(rest[0]), String(rest[2]))
        }
    }

    /// Normalised mutual information of two columns of `schema.table` (numbers in quartiles).
    static func strength(_ c: PostgresConnection, _ schema: String, _ table: String, _ a: String, _ b: String, numeric: Set<String>) throws
        -> Double
    {
        func bin(_ col: String) -> String {
            let q = SchemaDDL.quote(col)
            return numeric.contains(col) ? "ntile(4) OVER (ORDER BY \(q))::text" : "\(q)::text"
        }
        let sql = """
            SELECT x, y, count(*) FROM (SELECT \(bin(a)) AS x, \(bin(b)) AS y FROM \(schema).\(SchemaDDL.quote(table))
            WHERE \(SchemaDDL.quote(a)) IS NOT NULL AND \(SchemaDDL.quote(b)) IS NOT NULL) s GROUP BY 1, 2
            """
        var joint: [String: [String: Double]] = [:]
        var n = 0.0
        for r in try c.execute(sql).rows {
            let k = Double(r[2]!)!
            joint[r[0]!, default: [:]][r[1]!, default: 0] += k
            n += k
        }
        var px: [String: Double] = [:], py: [String: Double] = [:]
        for (x, row) in joint { for (y, k) in row { px[x, default: 0] += k; py[y, default: 0] += k } }
        var mi = 0.0
        for (x, row) in joint { for (y, k) in row { mi += k / n * log((k / n) / (px[x]! / n * py[y]! / n)) } }
        func h(_ p: [String: Double]) -> Double { p.values.reduce(0) { $0 - $1 / n * log($1 / n) } }
        return mi / max(1e-12, min(h(px), h(py)))
    }

    /// The columns read as numbers (in quartiles): number, date and time types with more than
    /// 20 distinct values; the others are categories.
    static func numeric(_ c: PostgresConnection, _ table: String, _ columns: [String]) throws -> Set<String> {
        let info = try CatalogReader(c).table(table, schema: "public")
        let types = ["smallint", "integer", "bigint", "real", "double precision", "date"]
        var out = Set<String>()
        for col in info.columns where columns.contains(col.name) {
            guard types.contains(col.type) || col.type.hasPrefix("numeric") || col.type.hasPrefix("timestamp") else { continue }
            let q = "SELECT count(DISTINCT \(SchemaDDL.quote(col.name))) FROM public.\(SchemaDDL.quote(table))"
            if Int(try c.execute(q).value(0, 0) ?? "") ?? 0 > 20 { out.insert(col.name) }
        }
        return out
    }

    @Test(arguments: ["chinook.sql", "northwind.sql"])
    func everyLearnedLinkSurvivesGeneration(file: String) throws {
        let (db, c) = try SchemaSizeTests.database(file)
        var o = ProfileOptions()
        o.avoidCopies = false
        let profile = try Profiler(connection: c, options: o).run()
        let links = Self.links(profile.report)
        #expect(!links.isEmpty, "\(file): the profile learns at least one link")
        _ = try LoadJob(spec: try SpecLoader.load(text: profile.spec, file: "p.yaml"), options: LoadOptions(schema: "syn"), conninfo: db)
            .run()
        for (table, child, parent) in links {
            let numeric = try Self.numeric(c, table, [child, parent])
            let real = try Self.strength(c, "public", table, child, parent, numeric: numeric)
            let made = try Self.strength(c, "syn", table, child, parent, numeric: numeric)
            #expect(made >= 0.5 * real, "\(file) \(table).\(child) given \(parent): strength \(made) generated, \(real) real")
        }
    }
}
