/// Scores of predictions against truth: AUC and accuracy for 0/1 labels, R² and mean absolute
/// error for numbers.
enum UtilityMetrics {
    /// The area under the ROC curve: the chance that a random positive scores above a random
    /// negative (ties count half); nil without both classes.
    static func auc(_ scores: [Double], _ labels: [Double]) -> Double? {
        let order = scores.indices.sorted { scores[$0] < scores[$1] }
        var ranks = [Double](repeating: 0, count: scores.count)
        var i = 0
        while i < order.count {
            var j = i
            while j + 1 < order.count, scores[order[j + 1]] == scores[order[i]] { j += 1 }
            let rank = Double(i + j) / 2 + 1
            for k in i...j { ranks[order[k]] = rank }
            i = j + 1
        }
        let positives = labels.filter { $0 == 1 }.count, negatives = labels.count - positives
        guard positives > 0, negatives > 0 else { return nil }
        let sum = labels.indices.filter { labels[$0] == 1 }.reduce(0.0) { $0 + ranks[$1] }
        return (sum - Double(positives) * Double(positives + 1) / 2) / (Double(positives) * Double(negatives))
    }

    static func accuracy(_ scores: [Double], _ labels: [Double]) -> Double {
        guard !labels.isEmpty else { return 0 }
        return Double(zip(scores, labels).filter { ($0 >= 0.5 ? 1.0 : 0.0) == $1 }.count) / Double(labels.count)
    }

    static func r2(_ predictions: [Double], _ truth: [Double]) -> Double {
        guard !truth.isEmpty else { return 0 }
        let mean = truth.reduce(0, +) / Double(truth.count)
        let total = truth.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
        let residual = zip(predictions, truth).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) }
        return total > 0 ? 1 - residual / total : 0
    }

    static func mae(_ predictions: [Double], _ truth: [Double]) -> Double {
        guard !truth.isEmpty else { return 0 }
        return zip(predictions, truth).reduce(0) { $0 + abs($1.0 - $1.1) } / Double(truth.count)
    }
}
