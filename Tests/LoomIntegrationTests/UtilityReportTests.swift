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
        try Self.htmlCarriesTheFiguresOfTheSameRun(db)
    }

    /// `loom report --target --group-by --html --json`: the page written holds the utility and
    /// fairness sections with the figures the same run printed as JSON.
    static func htmlCarriesTheFiguresOfTheSameRun(_ db: String) throws {
        let path = FaultTests.workDirectory + "/utility-\(UUID().uuidString).html"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let tables = ["--database", db, "--real", "src.loans", "--synthetic", "syn.loans"]
        let run = try Child.loom(
            ["report"] + tables + ["--target", "approved", "--group-by", "region", "--html", path, "--json"], timeout: 300)
        try #require(run.status == 0, "loom report: \(run.stderr)")
        struct Printed: Decodable { var utility: UtilityReport }
        let u = try JSONDecoder().decode(Printed.self, from: Data(run.stdout.utf8)).utility
        let html = try String(contentsOfFile: path, encoding: .utf8)
        func fixed(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "–" }
        #expect(html.contains("<h2 id=\"utility\">Machine-learning utility for approved</h2>"))
        #expect(u.models.count == 2)
        for m in u.models {
            let row = try #require(
                html.range(of: "<tr data-model=\"\(m.model)\">").map { String(html[$0.lowerBound...].prefix { $0 != "\n" }) },
                "a table row for \(m.model)")
            #expect(row.contains("<td class=\"n ratio\" data-metric=\"AUC\">\(fixed(m.ratio))</td>"), "\(m.model)'s ratio: \(row)")
            for (series, value) in [("real", m.real), ("synthetic", m.synthetic)] {
                let bar = "data-series=\"\(series)\" data-measure=\"AUC\" data-category=\"\(m.model)\" data-value=\"\(fixed(value))\""
                #expect(html.contains(bar), "the \(series) AUC bar of \(m.model)")
            }
            #expect(html.contains(">ratio \(fixed(m.ratio))</text>"), "the ratio under \(m.model)'s bars")
        }
        #expect(html.contains("<h2 id=\"fairness\">Fairness by region</h2>"))
        for g in u.groups {
            #expect(
                html.contains(
                    "<tr data-group=\"\(g.group)\"><td>\(g.group)</td><td class=\"n\">\(g.rows)</td><td class=\"n\">\(fixed(g.outcomeReal))</td>"
                ))
            #expect(
                html.contains(
                    "data-series=\"synthetic\" data-measure=\"predicted-positive rate\" data-category=\"\(g.group)\" data-value=\"\(fixed(g.predictedPositiveSynthetic))\""
                ))
        }
        #expect(
            html.contains(
                "<b data-side=\"real\">\(fixed(u.parityGapReal))</b> &nbsp; TSTR <b data-side=\"synthetic\">\(fixed(u.parityGapSynthetic))</b>"
            ))
        #expect(html.contains("id=\"gap-opportunity\"") && html.contains("<b data-side=\"real\">\(fixed(u.opportunityGapReal))</b>"))
        #expect(html.contains("class=\"real gap-edge\""), "the groups setting a gap are outlined")
    }
}
