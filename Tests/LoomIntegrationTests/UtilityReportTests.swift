import Foundation
import LoomLoad
import LoomPostgres
import LoomProfile
import LoomSpec
import Testing

/// `loom report --target`: a model trained on the rows Loom profiled and generated does nearly
/// as well on real rows as one trained on real rows, and the per-group rates are reported.
@Suite struct UtilityReportTests {
    @Test func trainOnSyntheticTestOnRealNearlyMatchesTrainOnReal() throws {
        let db = try TestCluster.database()
        let c = try PostgresConnection(db)
        // A loan table: the label depends on income and debt (and a little on the region).
        try c.execute(
            """
            CREATE SCHEMA src;
            CREATE TABLE src.loans AS
            SELECT g AS id, income, debt, region,
                   (income / 1000.0 - debt / 400.0 + CASE region WHEN 'north' THEN 5 ELSE 0 END + (g * 7919 % 97) / 9.7 - 5) > 40 AS approved
            FROM (SELECT g, 20000 + (g * 104729 % 80000) AS income, (g * 7727 % 20000) AS debt,
                         (ARRAY['north', 'south', 'east'])[1 + g % 3] AS region
                  FROM generate_series(1, 4000) g) s;
            ALTER TABLE src.loans ADD PRIMARY KEY (id);
            """)
        var o = ProfileOptions()
        o.schema = "src"
        let profile = try Profiler(connection: c, options: o).run()
        _ = try LoadJob(spec: try SpecLoader.load(text: profile.spec, file: "p.yaml"), options: LoadOptions(schema: "syn"), conninfo: db)
            .run()
        let u = try UtilityReport.measure(connection: c, real: "src.loans", synthetic: "syn.loans", target: "approved", groupBy: "region")
        #expect(u.task == "classification" && u.positive == "true")
        #expect(u.features.sorted() == ["debt", "income"], "keys, the target and the group column are not features")
        #expect(u.models.map(\.model) == ["logistic regression", "random forest"])
        for m in u.models {
            #expect(m.real > 0.85, "\(m.model) trained on real rows: AUC \(m.real)")
            #expect(m.synthetic >= m.real - 0.1, "\(m.model): AUC \(m.synthetic) trained on synthetic rows vs \(m.real) on real")
        }
        #expect(Set(u.groups.map(\.group)) == ["north", "south", "east"])
        #expect(u.parityGapReal != nil && u.opportunityGapSynthetic != nil)
    }
}
