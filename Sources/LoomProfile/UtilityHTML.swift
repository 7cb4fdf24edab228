import Foundation

/// The machine-learning utility and fairness sections of the report page: a table and bar charts
/// of each model's scores trained on real rows (TRTR) and on synthetic rows (TSTR), both tested
/// on the real holdout, with their ratio; with a group column, per group bars of the outcome
/// rate, the predicted-positive rate, the true-positive rate and the AUC on both sides, and the
/// demographic-parity and equal-opportunity gaps highlighted. Inline SVG, every name escaped.
public enum UtilityHTML {
    /// A gap on the synthetic side wider than on the real side by more than this is marked as worse.
    public static let worseBy = 0.02

    /// Styles the sections need beyond the report page's own.
    public static let style = """
        .gaps { display: flex; gap: 1em; margin: 1em 0; } .gap { background: #fff6d9; border: 1px solid #e8c65a; padding: 0.5em 1em; }
        .gap.worse { background: #fde2df; border-color: #d9776b; } .gap b { font-size: 1.2em; }
        rect.gap-edge { stroke: #222; stroke-width: 2; } text.note { fill: #555; } .ratio { font-weight: bold; }
        """

    /// The utility section, then the fairness section when the report has groups.
    public static func sections(_ u: UtilityReport) -> String {
        utility(u) + (u.groups.isEmpty ? "" : fairness(u))
    }

    static func utility(_ u: UtilityReport) -> String {
        var html = "<h2 id=\"utility\">Machine-learning utility for \(esc(u.target))</h2>\n<p>"
        html += "\(esc(u.task))\(u.positive.map { ", positive = \(esc($0))" } ?? ""): models trained on \(u.trainRows) real rows "
        html += "(TRTR) or on \(u.syntheticRows) synthetic rows (TSTR), both tested on \(u.holdoutRows) real holdout rows; "
        html += "features: \(esc(u.features.joined(separator: ", "))). Ratio: synthetic / real (for MAE real / synthetic), "
        html += "so above 1 the synthetic rows trained a better model.</p>\n"
        html += "<table class=\"utility\"><tr><th>model</th><th>metric</th><th>TRTR</th><th>TSTR</th><th>ratio</th>"
        html += "<th>metric</th><th>TRTR</th><th>TSTR</th><th>ratio</th></tr>\n"
        for m in u.models {
            html += "<tr data-model=\"\(esc(m.model))\"><td>\(esc(m.model))</td><td>\(esc(m.metric))</td>"
            html += "<td class=\"n\">\(f(m.real))</td><td class=\"n\">\(f(m.synthetic))</td>"
            html += "<td class=\"n ratio\" data-metric=\"\(esc(m.metric))\">\(f(m.ratio))</td>"
            html += "<td>\(esc(m.secondMetric))</td><td class=\"n\">\(f(m.secondReal))</td><td class=\"n\">\(f(m.secondSynthetic))</td>"
            html += "<td class=\"n ratio\" data-metric=\"\(esc(m.secondMetric))\">\(f(secondRatio(m)))</td></tr>\n"
        }
        html += "</table>\n" + legend + "<div class=\"grid\">\n"
        var charts: [(metric: String, rows: [(model: String, real: Double, synthetic: Double, ratio: Double?)])] = []
        func add(_ metric: String, _ row: (String, Double, Double, Double?)) {
            if let i = charts.firstIndex(where: { $0.metric == metric }) {
                charts[i].rows.append(row)
            } else {
                charts.append((metric, [row]))
            }
        }
        for m in u.models {
            add(m.metric, (m.model, m.real, m.synthetic, m.ratio))
            add(m.secondMetric, (m.model, m.secondReal, m.secondSynthetic, secondRatio(m)))
        }
        for c in charts {
            let chart = PairedBarChart(
                measure: c.metric, categories: c.rows.map(\.model), real: c.rows.map(\.real), synthetic: c.rows.map(\.synthetic),
                notes: c.rows.map { r in r.ratio.map { "ratio \(f($0))" } ?? "" }, top: bounded(c.metric) ? 1 : nil)
            html += "<div class=\"card\"><b>\(esc(c.metric))</b><br>\n" + chart.svg() + "</div>\n"
        }
        return html + "</div>\n"
    }

    static func fairness(_ u: UtilityReport) -> String {
        let g = u.groups
        var html = "<h2 id=\"fairness\">Fairness by \(esc(u.groupBy ?? "group"))</h2>\n"
        html += "<p>Random forest; rates over each group of the real holdout, outcome shares in each data set. "
        html += "Outlined bars are the groups that set a gap.</p>\n<div class=\"gaps\">\n"
        html += gap("demographic parity difference", "parity", u.parityGapReal, u.parityGapSynthetic, "predicted-positive rate")
        html += gap("equal opportunity difference", "opportunity", u.opportunityGapReal, u.opportunityGapSynthetic, "true-positive rate")
        html += "</div>\n<table class=\"fairness\"><tr><th>group</th><th>rows</th><th>outcome real</th><th>outcome synthetic</th>"
        html += "<th>pred+ TRTR</th><th>pred+ TSTR</th><th>TPR TRTR</th><th>TPR TSTR</th><th>AUC TRTR</th><th>AUC TSTR</th></tr>\n"
        for s in g {
            html += "<tr data-group=\"\(esc(s.group))\"><td>\(esc(s.group))</td><td class=\"n\">\(s.rows)</td>"
            for v in [
                s.outcomeReal, s.outcomeSynthetic, s.predictedPositiveReal, s.predictedPositiveSynthetic, s.truePositiveReal,
                s.truePositiveSynthetic, s.aucReal, s.aucSynthetic,
            ] {
                html += "<td class=\"n\">\(f(v))</td>"
            }
            html += "</tr>\n"
        }
        html += "</table>\n<p><svg width=\"12\" height=\"12\"><rect class=\"real\" width=\"12\" height=\"12\"/></svg> real "
        html += "(outcome: the real data; rates: trained on real) &nbsp; <svg width=\"12\" height=\"12\"><rect class=\"syn\" width=\"12\" "
        html += "height=\"12\"/></svg> synthetic (outcome: the synthetic data; rates: trained on synthetic)</p>\n<div class=\"grid\">\n"
        let names = g.map(\.group)
        let charts = [
            PairedBarChart(
                measure: "outcome rate", categories: names, real: g.map(\.outcomeReal), synthetic: g.map(\.outcomeSynthetic), top: 1,
                sides: ("in the real data", "in the synthetic data")),
            PairedBarChart(
                measure: "predicted-positive rate", categories: names, real: g.map(\.predictedPositiveReal),
                synthetic: g.map(\.predictedPositiveSynthetic), top: 1, edgesReal: edges(g.map(\.predictedPositiveReal)),
                edgesSynthetic: edges(g.map(\.predictedPositiveSynthetic))),
            PairedBarChart(
                measure: "true-positive rate", categories: names, real: g.map(\.truePositiveReal),
                synthetic: g.map(\.truePositiveSynthetic),
                top: 1, edgesReal: edges(g.map(\.truePositiveReal)), edgesSynthetic: edges(g.map(\.truePositiveSynthetic))),
            PairedBarChart(measure: "AUC per group", categories: names, real: g.map(\.aucReal), synthetic: g.map(\.aucSynthetic), top: 1),
        ]
        for c in charts { html += "<div class=\"card\"><b>\(esc(c.measure))</b><br>\n" + c.svg() + "</div>\n" }
        return html + "</div>\n"
    }

    /// A highlighted box with one gap on both sides; marked worse when the synthetic side's is wider.
    static func gap(_ title: String, _ id: String, _ real: Double?, _ synthetic: Double?, _ of: String) -> String {
        let worse = real.flatMap { r in synthetic.map { $0 > r + worseBy } } ?? false
        var out = "<div class=\"gap\(worse ? " worse" : "")\" id=\"gap-\(id)\">\(title)<br><small>largest minus smallest \(of)</small><br>"
        out += "TRTR <b data-side=\"real\">\(f(real))</b> &nbsp; TSTR <b data-side=\"synthetic\">\(f(synthetic))</b>"
        if worse { out += "<br>wider in the synthetic data" }
        return out + "</div>\n"
    }

    /// The categories holding the largest and the smallest value (none with fewer than two values).
    static func edges(_ values: [Double?]) -> Set<Int> {
        let known = values.enumerated().compactMap { i, v in v.map { (i, $0) } }
        guard known.count >= 2, let hi = known.max(by: { $0.1 < $1.1 }), let lo = known.min(by: { $0.1 < $1.1 }) else { return [] }
        return [hi.0, lo.0]
    }

    /// The second metric's ratio, oriented like the first: accuracy synthetic / real, MAE real / synthetic.
    static func secondRatio(_ m: UtilityReport.ModelScore) -> Double? {
        if m.secondMetric == "MAE" { return m.secondSynthetic > 0 ? m.secondReal / m.secondSynthetic : nil }
        return m.secondReal > 0 ? m.secondSynthetic / m.secondReal : nil
    }

    /// Metrics that live in [0, 1] (R² at most 1) are drawn on a 0–1 scale; MAE on its own.
    static func bounded(_ metric: String) -> Bool { metric != "MAE" }

    static let legend =
        "<p><svg width=\"12\" height=\"12\"><rect class=\"real\" width=\"12\" height=\"12\"/></svg> trained on real (TRTR) &nbsp; "
        + "<svg width=\"12\" height=\"12\"><rect class=\"syn\" width=\"12\" height=\"12\"/></svg> trained on synthetic (TSTR)</p>\n"

    static func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "–" }

    static func esc(_ s: String) -> String { HTMLText.esc(s) }
}
