import Foundation
import LoomLoad
import LoomPostgres
import LoomProfile
import LoomSpec
import Testing

/// `loom profile` on a real column with two modes writes a `mixture`; the profiled spec loads,
/// and the loaded values follow the real ones (two-sample KS), while a unimodal column of the
/// same table keeps a single law.
@Suite struct MixtureProfileTests {
    /// Two-sample Kolmogorov–Smirnov distance.
    static func ks(_ a: [Double], _ b: [Double]) -> Double {
        let x = a.sorted(), y = b.sorted()
        var i = 0, j = 0, d = 0.0
        while i < x.count && j < y.count {
            let v = min(x[i], y[j])
            while i < x.count && x[i] <= v { i += 1 }
            while j < y.count && y[j] <= v { j += 1 }
            d = max(d, abs(Double(i) / Double(x.count) - Double(j) / Double(y.count)))
        }
        return d
    }

    static func values(_ c: PostgresConnection, _ sql: String) throws -> [Double] {
        let r = try c.execute(sql)
        return (0..<r.rowCount).compactMap { r.value($0, 0).flatMap(Double.init) }
    }

    @Test func aBimodalColumnIsProfiledAsAMixtureAndLoadsClose() throws {
        let db = try TestCluster.database("mixture_profile")
        let c = try PostgresConnection(db)
        try c.execute("CREATE SCHEMA src")
        try c.execute("CREATE TABLE src.orders (id int PRIMARY KEY, amount float8, weight float8)")
        // 60% small orders around 50, 40% large ones around 200; weight is one normal law.
        try c.execute("SELECT setseed(0.25)")
        try c.execute(
            """
            INSERT INTO src.orders
            SELECT i,
                   CASE WHEN i % 10 < 6 THEN 50 + 5 * z1 ELSE 200 + 20 * z1 END,
                   70 + 8 * z2
            FROM (SELECT i,
                         sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z1,
                         sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z2
                  FROM generate_series(1, 20000) AS i) s
            """)
        var options = ProfileOptions()
        options.schema = "src"
        options.tables = ["orders"]
        let profile = try Profiler(connection: c, options: options).run()
        let amount = try #require(profile.tables.first?.columns.first { $0.name == "amount" })
        let weight = try #require(profile.tables.first?.columns.first { $0.name == "weight" })
        #expect(amount.gen?.hasPrefix("{ mixture: [") == true, "amount: \(amount.gen ?? "nil") (\(amount.summary))")
        #expect(weight.gen?.hasPrefix("{ normal:") == true, "weight: \(weight.gen ?? "nil")")
        #expect(profile.spec.contains("dist: { mixture: ["), "the expectation is the mixture's law")

        let spec = try SpecLoader.load(text: profile.spec, file: "profile.yaml")
        _ = try LoadJob(spec: spec, options: LoadOptions(schema: "syn"), conninfo: db).run()
        let real = try Self.values(c, "SELECT amount FROM src.orders")
        let loaded = try Self.values(c, "SELECT amount FROM syn.orders")
        #expect(loaded.count == 20000)
        let d = Self.ks(real, loaded)
        // The 1% critical value of two samples of 20 000 is 0.016.
        #expect(d < 0.016, "KS between real and loaded amounts \(d)")
        print("mixture profile: amount \(amount.summary); KS real vs loaded \(d)")
        let small = Double(loaded.filter { $0 < 125 }.count) / Double(loaded.count)
        #expect(abs(small - 0.6) < 0.015, "share of the small mode \(small)")

        // `loom validate` judges the loaded column against the mixture without an alert.
        try ProfileTests.expectValidates(profile.spec, schema: "syn", db: db)
    }
}
