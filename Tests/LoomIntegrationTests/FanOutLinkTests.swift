import Foundation
import LoomLoad
import LoomPostgres
import LoomProfile
import LoomSpec
import Testing

/// `loom profile` learns a fan-out that depends on a parent column (VIP customers have more
/// invoices): with enough parents the count becomes a histogram per segment, and the loaded
/// children per parent follow the segment; with few parents the exact histogram stays and the
/// profile says why.
@Suite struct FanOutLinkTests {
    static func database(_ name: String, customers: Int) throws -> (String, PostgresConnection) {
        let db = try TestCluster.database(name)
        let c = try PostgresConnection(db)
        try c.execute("CREATE SCHEMA src")
        try c.execute("CREATE TABLE src.customers (id int PRIMARY KEY, segment text NOT NULL)")
        try c.execute("CREATE TABLE src.invoices (id serial PRIMARY KEY, customer_id int NOT NULL REFERENCES src.customers(id))")
        try c.execute("SELECT setseed(0.5)")
        try c.execute(
            """
            INSERT INTO src.customers SELECT i, CASE WHEN i % 5 = 0 THEN 'vip' WHEN i % 5 < 3 THEN 'regular' ELSE 'casual' END
            FROM generate_series(1, \(customers)) AS i
            """)
        try c.execute(
            """
            INSERT INTO src.invoices (customer_id)
            SELECT c.id FROM src.customers c, LATERAL generate_series(1, CASE c.segment
                WHEN 'vip' THEN 8 + (random() * 8)::int WHEN 'regular' THEN 2 + (random() * 3)::int ELSE (random() * 2)::int END) g
            """)
        return (db, c)
    }

    /// Mean invoices per customer of each segment in `schema`.
    static func means(_ c: PostgresConnection, _ schema: String) throws -> [String: Double] {
        let r = try c.execute(
            """
            SELECT segment, avg(n)::float8 FROM (SELECT c.segment, count(i.id) AS n FROM \(schema).customers c
            LEFT JOIN \(schema).invoices i ON i.customer_id = c.id GROUP BY c.id, c.segment) s GROUP BY 1
            """)
        var out: [String: Double] = [:]
        for row in r.rows { out[row[0]!] = Double(row[1]!)! }
        return out
    }

    static func count(_ c: PostgresConnection, _ table: String) throws -> Double {
        Double(try c.execute("SELECT count(*) FROM \(table)").value(0, 0) ?? "0") ?? 0
    }

    @Test func aFanOutThatDependsOnAParentColumnFollowsIt() throws {
        let (db, c) = try Self.database("fan_out_link", customers: 40_000)
        var options = ProfileOptions()
        options.schema = "src"
        let profile = try Profiler(connection: c, options: options).run()
        let fan = try #require(profile.tables.first { $0.name == "invoices" }?.perParent)
        #expect(fan.count.hasPrefix("{ histogram: { by: segment, "), "\(fan.count)")
        #expect(profile.report.contains { $0.hasPrefix("- invoices per customers row given segment (strength ") }, "\(profile.report)")

        _ = try LoadJob(spec: try SpecLoader.load(text: profile.spec, file: "p.yaml"), options: LoadOptions(schema: "syn"), conninfo: db)
            .run()
        let real = try Self.means(c, "src"), made = try Self.means(c, "syn")
        for segment in ["vip", "regular", "casual"] {
            let r = try #require(real[segment]), m = try #require(made[segment], "\(segment) generated")
            #expect(abs(m / r - 1) < 0.05, "\(segment): \(m) invoices per customer generated, \(r) real")
        }
        let size = try Self.count(c, "syn.invoices") / Self.count(c, "src.invoices")
        #expect(abs(size - 1) < 0.03, "invoices: \(size) of the source's rows")
    }

    @Test func fewParentsKeepTheExactHistogramAndSayWhy() throws {
        let (db, c) = try Self.database("fan_out_few", customers: 1_000)
        var options = ProfileOptions()
        options.schema = "src"
        let profile = try Profiler(connection: c, options: options).run()
        let fan = try #require(profile.tables.first { $0.name == "invoices" }?.perParent)
        #expect(fan.count.hasPrefix("{ histogram: { 0: "), "\(fan.count)")
        #expect(fan.summary.contains("depends on segment"), "\(fan.summary)")
        _ = try LoadJob(spec: try SpecLoader.load(text: profile.spec, file: "p.yaml"), options: LoadOptions(schema: "syn"), conninfo: db)
            .run()
        #expect(try Self.count(c, "syn.invoices") == Self.count(c, "src.invoices"))
    }
}
