import Foundation
import LoomPostgres

extension UtilityReport {
    /// Reads both tables (every comparable non-key column), splits the real rows 70/30 by a
    /// fixed hash of their position, trains the models and scores them on the real holdout.
    public static func measure(
        connection: PostgresConnection, real: String, synthetic: String, target: String, groupBy: String? = nil, maxRows: Int = 20_000
    ) throws -> UtilityReport {
        let data = try UtilityData.read(connection, real: real, synthetic: synthetic, target: target, groupBy: groupBy, maxRows: maxRows)
        let trainIdx = data.real.indices.filter { Self.inTraining($0) }, holdIdx = data.real.indices.filter { !Self.inTraining($0) }
        guard trainIdx.count >= 20, holdIdx.count >= 10, data.synthetic.count >= 20 else {
            throw ProfileError("\(real) and \(synthetic) need at least 30 and 20 rows for a utility report")
        }
        let labels = UtilityLabels(data.realTarget, numeric: data.targetNumeric)
        let columns = data.features.indices
        func pick(_ rows: [[String?]], _ idx: [Int]) -> [[String?]] { columns.map { c in idx.map { rows[$0][c] } } }
        let fitted = FeatureMatrix(fit: pick(data.real, trainIdx), numeric: data.numeric)
        let xTrain = fitted.encode(pick(data.real, trainIdx)), xHold = fitted.encode(pick(data.real, holdIdx))
        let xSyn = fitted.encode(pick(data.synthetic, Array(data.synthetic.indices)))
        let yTrain = trainIdx.map { labels.value(data.realTarget[$0]) }, yHold = holdIdx.map { labels.value(data.realTarget[$0]) }
        let ySyn = data.syntheticTarget.map(labels.value)
        var report = UtilityReport(
            target: target, task: labels.classification ? "classification" : "regression", positive: labels.positive,
            trainRows: trainIdx.count, holdoutRows: holdIdx.count, syntheticRows: data.synthetic.count, features: data.features, models: [],
            groupBy: groupBy, groups: [])
        let predictions = Self.train(xTrain, yTrain, xSyn, ySyn, xHold, classification: labels.classification)
        for (name, realScores, synScores) in predictions {
            report.models.append(Self.score(name, realScores, synScores, yHold, classification: labels.classification))
        }
        if let groupBy, labels.classification, let forest = predictions.last {
            let groups = holdIdx.map { data.realGroup[$0] }
            report.addGroups(
                groupBy, groups, yHold, forest.1, forest.2, realAll: data.realGroup, realY: data.realTarget.map(labels.value),
                synAll: data.syntheticGroup, synY: ySyn)
        }
        return report
    }

    /// 70% of rows train, by a fixed scramble of their position.
    static func inTraining(_ i: Int) -> Bool { (UInt64(i) &* 0x9E37_79B9_7F4A_7C15) >> 54 < 717 }

    /// (model, holdout predictions trained on real, on synthetic) for each model.
    static func train(_ xr: FeatureMatrix, _ yr: [Double], _ xs: FeatureMatrix, _ ys: [Double], _ xh: FeatureMatrix, classification: Bool)
        -> [(String, [Double], [Double])]
    {
        func predict(_ f: (ArraySlice<Double>) -> Double) -> [Double] { (0..<xh.rows).map { f(xh.row($0)) } }
        var out: [(String, [Double], [Double])] = []
        if classification {
            let a = LogisticModel(xr, yr), b = LogisticModel(xs, ys)
            out.append(("logistic regression", predict(a.probability), predict(b.probability)))
        } else {
            let a = RidgeModel(xr, yr), b = RidgeModel(xs, ys)
            out.append(("ridge regression", predict(a.predict), predict(b.predict)))
        }
        let fa = RandomForest(xr, yr, classification: classification), fb = RandomForest(xs, ys, classification: classification)
        out.append(("random forest", predict(fa.predict), predict(fb.predict)))
        return out
    }

    static func score(_ name: String, _ real: [Double], _ syn: [Double], _ truth: [Double], classification: Bool) -> ModelScore {
        if classification {
            let ar = UtilityMetrics.auc(real, truth) ?? 0.5, asyn = UtilityMetrics.auc(syn, truth) ?? 0.5
            return ModelScore(
                model: name, metric: "AUC", real: ar, synthetic: asyn, ratio: ar > 0 ? asyn / ar : 0, secondMetric: "accuracy",
                secondReal: UtilityMetrics.accuracy(real, truth), secondSynthetic: UtilityMetrics.accuracy(syn, truth))
        }
        let rr = UtilityMetrics.r2(real, truth), rs = UtilityMetrics.r2(syn, truth)
        let mr = UtilityMetrics.mae(real, truth), ms = UtilityMetrics.mae(syn, truth)
        return ModelScore(
            model: name, metric: "R²", real: rr, synthetic: rs, ratio: rr != 0 ? rs / rr : 0, secondMetric: "MAE", secondReal: mr,
            secondSynthetic: ms)
    }
}
