import Foundation
import LoomProfile

/// The utility report as text: one line per model, then the groups and their gaps.
enum UtilityText {
    static func render(_ u: UtilityReport) -> String {
        func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "-" }
        var out = "utility for \(u.target) (\(u.task)\(u.positive.map { ", positive = \($0)" } ?? "")): trained on \(u.trainRows) real or "
        out += "\(u.syntheticRows) synthetic rows, tested on \(u.holdoutRows) real holdout rows, \(u.features.count) features\n"
        var cells = [["model", "metric", "real", "synthetic", "ratio", "", "real", "synthetic"]]
        for m in u.models {
            cells.append([m.model, m.metric, f(m.real), f(m.synthetic), f(m.ratio), m.secondMetric, f(m.secondReal), f(m.secondSynthetic)])
        }
        out += TextTable.render(cells, rightAligned: [false, false, true, true, true, false, true, true])
        guard let g = u.groupBy, !u.groups.isEmpty else { return out }
        out += "\n\nby \(g) (random forest; rates in the real holdout, outcome shares in each data set):\n"
        var rows = [
            [
                "group", "rows", "outcome real", "outcome synth", "pred+ real", "pred+ synth", "TPR real", "TPR synth", "AUC real",
                "AUC synth",
            ]
        ]
        for s in u.groups {
            rows.append([
                s.group, "\(s.rows)", f(s.outcomeReal), f(s.outcomeSynthetic), f(s.predictedPositiveReal), f(s.predictedPositiveSynthetic),
                f(s.truePositiveReal), f(s.truePositiveSynthetic), f(s.aucReal), f(s.aucSynthetic),
            ])
        }
        out += TextTable.render(rows, rightAligned: [false] + Array(repeating: true, count: 9))
        out += "\ndemographic parity difference: real \(f(u.parityGapReal)), synthetic \(f(u.parityGapSynthetic)); "
        out += "equal opportunity difference: real \(f(u.opportunityGapReal)), synthetic \(f(u.opportunityGapSynthetic))"
        return out
    }
}
