import Testing

@testable import LoomProfile

/// The utility report's models and metrics on data whose answer is known.
@Suite struct UtilityModelTests {
    /// A reproducible stream of uniforms in [0, 1).
    struct Uniforms {
        var state: UInt64
        mutating func next() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    static func matrix(_ columns: [[Double]]) -> FeatureMatrix {
        let text = columns.map { $0.map { Optional(String($0)) } }
        let m = FeatureMatrix(fit: text, numeric: columns.map { _ in true })
        return m.encode(text)
    }

    @Test func aucCountsOrderedPairsAndTies() {
        #expect(UtilityMetrics.auc([0.1, 0.4, 0.35, 0.8], [0, 0, 1, 1]) == 0.75)
        #expect(UtilityMetrics.auc([0.5, 0.5], [0, 1]) == 0.5)
        #expect(UtilityMetrics.auc([0.2, 0.3], [1, 1]) == nil)
        #expect(UtilityMetrics.r2([1, 2, 3], [1, 2, 3]) == 1)
        #expect(UtilityMetrics.mae([1, 2], [2, 4]) == 1.5)
    }

    @Test func logisticRegressionSeparatesALinearRule() {
        var u = Uniforms(state: 3)
        let a = (0..<2000).map { _ in u.next() * 4 - 2 }, b = (0..<2000).map { _ in u.next() * 4 - 2 }
        let y = zip(a, b).map { (x, z) in x + 0.5 * z + 0.3 * (u.next() - 0.5) > 0 ? 1.0 : 0.0 }
        let x = Self.matrix([a, b])
        let model = LogisticModel(x, y)
        let scores = (0..<x.rows).map { model.probability(x.row($0)) }
        #expect(UtilityMetrics.auc(scores, y)! > 0.97)
        #expect(model.weights[0] > model.weights[1] && model.weights[1] > 0, "the weights follow the rule: \(model.weights)")
    }

    @Test func theForestLearnsWhatALineCannot() {
        var u = Uniforms(state: 5)
        let a = (0..<3000).map { _ in u.next() }, b = (0..<3000).map { _ in u.next() }
        let y = zip(a, b).map { ($0 > 0.5) != ($1 > 0.5) ? 1.0 : 0.0 }  // XOR
        let x = Self.matrix([a, b])
        let forest = RandomForest(x, y, trees: 30, classification: true)
        let line = LogisticModel(x, y)
        let held = Self.matrix([a.map { 1 - $0 }, b])  // mirrored rows: the labels flip
        let flipped = y.map { 1 - $0 }
        #expect(UtilityMetrics.auc((0..<held.rows).map { forest.predict(held.row($0)) }, flipped)! > 0.95)
        #expect(UtilityMetrics.auc((0..<x.rows).map { line.probability(x.row($0)) }, y)! < 0.6)
    }

    @Test func ridgeRecoversALinearLaw() {
        var u = Uniforms(state: 9)
        let a = (0..<1000).map { _ in u.next() * 10 }
        let y = a.map { 3 * $0 + 5 + (u.next() - 0.5) }
        let x = Self.matrix([a])
        let model = RidgeModel(x, y)
        let predictions = (0..<x.rows).map { model.predict(x.row($0)) }
        #expect(UtilityMetrics.r2(predictions, y) > 0.99)
    }

    @Test func labelsPickTheNamedOrRarestClass() {
        #expect(UtilityLabels(["true", "false", "false"], numeric: false).positive == "true")
        #expect(UtilityLabels(["a", "b", "b", "c", "c", "c"], numeric: false).positive == "a")
        #expect(!UtilityLabels((0..<50).map { String($0) }, numeric: true).classification)
    }
}
