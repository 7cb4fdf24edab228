import Foundation
import Testing

@testable import LoomProfile

/// The utility and fairness sections of the report page, drawn from a hand-built report.
@Suite struct UtilityHTMLTests {
    static let report = UtilityReport(
        target: "approved", task: "classification", positive: "true", trainRows: 700, holdoutRows: 300, syntheticRows: 1000,
        features: ["income", "debt"],
        models: [
            .init(
                model: "logistic regression", metric: "AUC", real: 0.9, synthetic: 0.81, ratio: 0.9, secondMetric: "accuracy",
                secondReal: 0.8, secondSynthetic: 0.6),
            .init(
                model: "random forest", metric: "AUC", real: 0.95, synthetic: 0.912, ratio: 0.96, secondMetric: "accuracy",
                secondReal: 0.85, secondSynthetic: 0.85),
        ],
        groupBy: "region",
        groups: [
            .init(
                group: "north", rows: 100, outcomeReal: 0.6, outcomeSynthetic: 0.55, predictedPositiveReal: 0.7,
                predictedPositiveSynthetic: 0.8, truePositiveReal: 0.9, truePositiveSynthetic: 0.95, aucReal: 0.93, aucSynthetic: 0.9),
            .init(
                group: "<south & \"co\">", rows: 100, outcomeReal: 0.3, outcomeSynthetic: 0.35, predictedPositiveReal: 0.4,
                predictedPositiveSynthetic: 0.3, truePositiveReal: 0.8, truePositiveSynthetic: 0.7, aucReal: 0.9, aucSynthetic: nil),
            .init(
                group: "east", rows: 100, outcomeReal: 0.5, outcomeSynthetic: 0.5, predictedPositiveReal: 0.5,
                predictedPositiveSynthetic: 0.5, truePositiveReal: nil, truePositiveSynthetic: nil, aucReal: nil, aucSynthetic: nil),
        ],
        parityGapReal: 0.3, parityGapSynthetic: 0.5, opportunityGapReal: 0.1, opportunityGapSynthetic: 0.11)

    /// The `data-*` attributes of every bar of the chart of `measure`.
    static func bars(_ html: String, measure: String) -> [(series: String, category: String, value: String, edge: Bool)] {
        let open = "data-measure=\"\(measure)\" width="
        guard let start = html.range(of: open), let end = html[start.upperBound...].range(of: "</svg>") else { return [] }
        return html[start.upperBound..<end.lowerBound].components(separatedBy: "<rect ").dropFirst().map { rect in
            func attribute(_ name: String) -> String {
                guard let a = rect.range(of: "\(name)=\""), let z = rect[a.upperBound...].firstIndex(of: "\"") else { return "" }
                return String(rect[a.upperBound..<z])
            }
            return (attribute("data-series"), attribute("data-category"), attribute("data-value"), attribute("class").contains("gap-edge"))
        }
    }

    @Test func eachModelHasATSTRAndATRTRBarAndItsRatio() {
        let html = UtilityHTML.sections(Self.report)
        #expect(html.contains("<td class=\"n ratio\" data-metric=\"AUC\">0.960</td>"), "the forest's AUC ratio")
        #expect(html.contains("<td class=\"n ratio\" data-metric=\"accuracy\">0.750</td>"), "0.6 / 0.8 for the logistic regression")
        let auc = Self.bars(html, measure: "AUC")
        #expect(auc.map(\.category) == ["logistic regression", "logistic regression", "random forest", "random forest"])
        #expect(auc.map(\.series) == ["real", "synthetic", "real", "synthetic"])
        #expect(auc.map(\.value) == ["0.900", "0.810", "0.950", "0.912"])
        #expect(html.contains(">ratio 0.960</text>") && html.contains(">ratio 0.900</text>"), "the ratio under each model")
        #expect(Self.bars(html, measure: "accuracy").count == 4)
    }

    @Test func groupsAreDrawnWithTheGapsHighlightedAndNamesEscaped() {
        let html = UtilityHTML.sections(Self.report)
        #expect(!html.contains("<south"), "a group name from the data is escaped")
        #expect(html.contains("data-group=\"&lt;south &amp; &quot;co&quot;&gt;\""))
        let predicted = Self.bars(html, measure: "predicted-positive rate")
        #expect(predicted.count == 6)
        // Real side: north 0.7 is the highest, the escaped group 0.4 the lowest; synthetic: north 0.8 and the escaped group 0.3.
        #expect(
            predicted.filter(\.edge).map(\.category).sorted() == [
                "&lt;south &amp; &quot;co&quot;&gt;", "&lt;south &amp; &quot;co&quot;&gt;", "north", "north",
            ])
        // Parity: 0.5 against 0.3, wider in the synthetic data; opportunity 0.11 against 0.1, within the margin.
        #expect(html.contains("<div class=\"gap worse\" id=\"gap-parity\">"))
        #expect(html.contains("<div class=\"gap\" id=\"gap-opportunity\">"))
        #expect(html.contains("TRTR <b data-side=\"real\">0.300</b> &nbsp; TSTR <b data-side=\"synthetic\">0.500</b>"))
        // A group without positives has no true-positive bars, only dashes.
        #expect(Self.bars(html, measure: "true-positive rate").count == 4)
        #expect(Self.bars(html, measure: "AUC per group").count == 3, "the groups' known AUCs")
    }

    @Test func regressionShowsRSquaredAndMAEWithTheMAERatioTurnedSoAboveOneIsBetter() {
        let u = UtilityReport(
            target: "price", task: "regression", positive: nil, trainRows: 70, holdoutRows: 30, syntheticRows: 100, features: ["size"],
            models: [
                .init(
                    model: "ridge regression", metric: "R²", real: 0.8, synthetic: -0.2, ratio: -0.25, secondMetric: "MAE",
                    secondReal: 10, secondSynthetic: 40)
            ], groupBy: nil, groups: [])
        let html = UtilityHTML.sections(u)
        #expect(!html.contains("id=\"fairness\""), "no groups, no fairness section")
        #expect(html.contains("<td class=\"n ratio\" data-metric=\"MAE\">0.250</td>"), "MAE: real / synthetic")
        #expect(html.contains("<td class=\"n ratio\" data-metric=\"R²\">-0.250</td>"))
        let r2 = Self.bars(html, measure: "R²")
        #expect(r2.map(\.value) == ["0.800", "-0.200"])
        #expect(html.contains("height=\"0.0\"><title>ridge regression R² trained on synthetic: -0.200"), "a negative R² is an empty bar")
        #expect(Self.bars(html, measure: "MAE").map(\.value) == ["10.000", "40.000"])
        // MAE is drawn on its own scale: the larger bar is full height.
        #expect(html.contains("data-value=\"40.000\" x=\"57.6\" y=\"20.0\" width=\"43.2\" height=\"120.0\">"))
    }

    @Test func theReportPageCarriesTheSectionsOnlyWithAUtilityReport() throws {
        let fidelity = try JSONDecoder().decode(
            FidelityReport.self,
            from: Data(
                """
                {"real":"src.t","synthetic":"syn.t","realRows":1,"syntheticRows":1,"columns":[],"pairs":[],"histograms":[],
                 "excluded":[],"exactCopies":0,"realDuplicates":0,"columnShapes":1,"overall":1}
                """.utf8))
        #expect(!ReportHTML.render(fidelity).contains("id=\"utility\""))
        let page = ReportHTML.render(fidelity, utility: Self.report)
        #expect(page.contains("<h2 id=\"utility\">") && page.contains("<h2 id=\"fairness\">Fairness by region</h2>"))
        #expect(page.hasSuffix("</body></html>\n"))
    }
}
