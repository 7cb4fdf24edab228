extension UtilityReport {
    /// Per group of the holdout (the 10 largest): rates and AUC for the forest trained on real
    /// and on synthetic rows, and the label's share in each data set; then the largest gaps.
    mutating func addGroups(
        _ column: String, _ groups: [String?], _ truth: [Double], _ real: [Double], _ syn: [Double],
        realAll: [String?], realY: [Double], synAll: [String?], synY: [Double]
    ) {
        var byGroup: [String: [Int]] = [:]
        for (i, g) in groups.enumerated() { byGroup[g ?? "NULL", default: []].append(i) }
        func share(_ all: [String?], _ y: [Double], _ g: String) -> Double {
            let idx = all.indices.filter { (all[$0] ?? "NULL") == g }
            return idx.isEmpty ? 0 : idx.reduce(0.0) { $0 + y[$1] } / Double(idx.count)
        }
        for (g, idx) in byGroup.sorted(by: { $0.value.count > $1.value.count }).prefix(10) where idx.count >= 10 {
            let t = idx.map { truth[$0] }, r = idx.map { real[$0] }, s = idx.map { syn[$0] }
            func positive(_ p: [Double]) -> Double { Double(p.filter { $0 >= 0.5 }.count) / Double(p.count) }
            func tpr(_ p: [Double]) -> Double? {
                let pos = t.indices.filter { t[$0] == 1 }
                return pos.isEmpty ? nil : Double(pos.filter { p[$0] >= 0.5 }.count) / Double(pos.count)
            }
            groupsScores(
                GroupScore(
                    group: g, rows: idx.count, outcomeReal: share(realAll, realY, g), outcomeSynthetic: share(synAll, synY, g),
                    predictedPositiveReal: positive(r), predictedPositiveSynthetic: positive(s), truePositiveReal: tpr(r),
                    truePositiveSynthetic: tpr(s), aucReal: UtilityMetrics.auc(r, t), aucSynthetic: UtilityMetrics.auc(s, t)))
        }
        func gap(_ xs: [Double?]) -> Double? {
            let v = xs.compactMap { $0 }
            return v.count >= 2 ? v.max()! - v.min()! : nil
        }
        parityGapReal = gap(self.groups.map(\.predictedPositiveReal))
        parityGapSynthetic = gap(self.groups.map(\.predictedPositiveSynthetic))
        opportunityGapReal = gap(self.groups.map(\.truePositiveReal))
        opportunityGapSynthetic = gap(self.groups.map(\.truePositiveSynthetic))
    }

    private mutating func groupsScores(_ g: GroupScore) { groups.append(g) }
}
