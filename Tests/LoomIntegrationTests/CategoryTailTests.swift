import Foundation
import LoomLoad
import LoomPostgres
import LoomProfile
import LoomSpec
import Testing

/// A text column whose frequent values (store codes seen 250 times each) cover 70% of the rows
/// and whose other 30% are rare identifiers: `loom profile` keeps the store codes as categories
/// on their share of rows and makes the rest from the identifiers' shape, without writing any
/// identifier; the generated column follows both.
@Suite struct CategoryTailTests {
    @Test func frequentValuesStayCategoriesAndTheRareTailTakesItsShape() throws {
        let db = try TestCluster.database("category_tail")
        let c = try PostgresConnection(db)
        defer { c.close() }
        try c.execute(
            """
            CREATE SCHEMA src;
            CREATE TABLE src.sales AS SELECT g AS id,
                CASE WHEN g % 10 < 7 THEN 'STORE-' || (g % 14) ELSE 'X' || substr(md5(g::text), 1, 8) END AS code
            FROM generate_series(1, 5000) g;
            ALTER TABLE src.sales ADD PRIMARY KEY (id);
            """)
        var options = ProfileOptions()
        options.schema = "src"
        let profile = try Profiler(connection: c, options: options).run()
        let spec = try SpecLoader.load(text: profile.spec, file: "p.yaml")
        let code = try #require(spec.table("sales")?.columns.first { $0.name == "code" })
        guard case .generator(.mixture(let parts)) = code.source, parts.count == 2 else {
            Issue.record("code is not a mixture of categories and a tail: \(code.source)")
            return
        }
        #expect(abs(parts[0].weight / (parts[0].weight + parts[1].weight) - 0.7) < 0.001)
        let rare = try c.execute("SELECT code FROM src.sales WHERE code LIKE 'X%'")
        for r in 0..<rare.rowCount { #expect(!profile.spec.contains(rare.value(r, 0) ?? "-"), "a rare value is not written") }
        #expect(profile.report.contains { $0.contains("code: 14 categories on 70% of rows, a pattern for the rest") }, "\(profile.report)")

        try c.execute("CREATE SCHEMA syn")
        _ = try LoadJob(spec: spec, options: LoadOptions(schema: "syn"), conninfo: db).run()
        let kept = try c.execute(
            "SELECT avg((code LIKE 'STORE-%')::int)::float8, count(DISTINCT code) FILTER (WHERE code LIKE 'STORE-%') FROM syn.sales")
        let share = Double(kept.value(0, 0) ?? "") ?? 0
        #expect(abs(share - 0.7) < 0.03, "store codes on 70% of generated rows: \(share)")
        #expect(kept.value(0, 1) == "14", "every store code is made")
        let copies = try c.execute(
            "SELECT count(*) FROM syn.sales s WHERE s.code NOT LIKE 'STORE-%' AND EXISTS (SELECT 1 FROM src.sales r WHERE r.code = s.code)")
        #expect(copies.value(0, 0) == "0", "no rare source value appears verbatim")
        let shapes = try c.execute("SELECT count(*) FROM syn.sales WHERE code NOT LIKE 'STORE-%' AND length(code) = 9")
        #expect(Int(shapes.value(0, 0) ?? "") ?? 0 >= 1400, "the tail has the identifiers' length")

        // The tail grows to 40% of the rows: `--update` refits the mixture's shares.
        try c.execute("UPDATE src.sales SET code = 'Y' || substr(md5(id::text), 1, 8) WHERE id % 10 = 6")
        let update = try SpecRefitter(connection: c, options: options).run(text: profile.spec, file: "p.yaml")
        let refit = try #require(update.columns.first { $0.table == "sales" && $0.column == "code" })
        #expect(refit.outcome == .refitted, "\(refit.outcome)")
        let after = try SpecLoader.load(text: update.text, file: "p.yaml").table("sales")?.columns.first { $0.name == "code" }
        guard case .generator(.mixture(let now))? = after?.source, now.count == 2 else {
            Issue.record("code is no longer a mixture: \(String(describing: after?.source))")
            return
        }
        #expect(abs(now[0].weight / (now[0].weight + now[1].weight) - 0.6) < 0.001, "\(now.map(\.weight))")
    }
}
