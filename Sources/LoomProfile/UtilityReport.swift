import Foundation
import LoomPostgres

/// Machine-learning utility of a synthetic table: models trained on the synthetic rows and on
/// real training rows, both tested on a real holdout (train-synthetic-test-real vs
/// train-real-test-real), with logistic (or ridge) regression and a random forest; with a
/// group column, the outcome and error rates per group and their largest gaps.
public struct UtilityReport: Codable, Sendable {
    /// One model's scores trained on real and on synthetic rows (AUC and accuracy, or R² and MAE).
    public struct ModelScore: Codable, Sendable {
        public var model: String
        public var metric: String
        public var real: Double
        public var synthetic: Double
        /// synthetic / real (for MAE, real / synthetic: above 1 is better either way).
        public var ratio: Double
        public var secondMetric: String
        public var secondReal: Double
        public var secondSynthetic: Double
    }

    /// One group's rates in the real holdout: the label's share (in the real data and in the
    /// synthetic data), the rate the models predict positive and their true-positive rate.
    public struct GroupScore: Codable, Sendable {
        public var group: String
        public var rows: Int
        public var outcomeReal: Double
        public var outcomeSynthetic: Double
        public var predictedPositiveReal: Double
        public var predictedPositiveSynthetic: Double
        public var truePositiveReal: Double?
        public var truePositiveSynthetic: Double?
        public var aucReal: Double?
        public var aucSynthetic: Double?
    }

    public var target: String
    public var task: String
    /// The label value counted as positive (classification).
    public var positive: String?
    public var trainRows: Int
    public var holdoutRows: Int
    public var syntheticRows: Int
    public var features: [String]
    public var models: [ModelScore]
    public var groupBy: String?
    public var groups: [GroupScore]
    /// Largest differences between groups of the predicted-positive rate (demographic parity)
    /// and of the true-positive rate (equal opportunity), for models trained on real and on synthetic rows.
    public var parityGapReal: Double?
    public var parityGapSynthetic: Double?
    public var opportunityGapReal: Double?
    public var opportunityGapSynthetic: Double?
}
