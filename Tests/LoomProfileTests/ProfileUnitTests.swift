import Foundation
@testable import LoomProfile
import LoomStats
import Testing

/// Deterministic pseudo-random numbers for test data.
struct TestRandom {
    var state: UInt64
    mutating func unit() -> Double {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return (Double((z ^ (z >> 31)) >> 11) + 0.5) * 0x1p-53
    }
    mutating func normal() -> Double { (-2 * log(unit())).squareRoot() * cos(2 * .pi * unit()) }
}

@Suite struct MarginalFitterTests {
    @Test func normalDataIsFittedAsNormal() {
        var r = TestRandom(state: 1)
        let xs = (0..<5000).map { _ in 40 + 12 * r.normal() }.sorted()
        let fit = MarginalFitter.fit(sorted: xs, integer: false)
        guard case .normal(let m, let s)? = fit.law else {
            Issue.record("expected normal, got \(String(describing: fit.law)) \(fit.candidates)"); return
        }
        #expect(abs(m - 40) < 1 && abs(s - 12) < 1)
        #expect(fit.ks! <= fit.threshold)
    }

    @Test func lognormalAndExponentialAndPoissonAreRecognised() {
        var r = TestRandom(state: 2)
        let ln = (0..<4000).map { _ in exp(2 + 0.5 * r.normal()) }.sorted()
        #expect(MarginalFitter.fit(sorted: ln, integer: false).law?.name == "lognormal")
        let ex = (0..<4000).map { _ in -log(r.unit()) / 0.2 }.sorted()
        #expect(MarginalFitter.fit(sorted: ex, integer: false).law?.name == "exponential")
        // Poisson(6) by inversion.
        let po: [Double] = (0..<4000).map { _ in
            let u = r.unit(); var k = 0.0, p = exp(-6.0), f = p
            while u > f { k += 1; p *= 6 / k; f += p }
            return k
        }.sorted()
        #expect(MarginalFitter.fit(sorted: po, integer: true).law?.name == "poisson")
    }

    @Test func bimodalDataGetsAQuantileTable() {
        var r = TestRandom(state: 3)
        let xs = (0..<4000).map { i in (i % 2 == 0 ? 0 : 10) + r.normal() }.sorted()
        let fit = MarginalFitter.fit(sorted: xs, integer: false)
        #expect(fit.law == nil, "\(fit.candidates)")
        #expect(fit.ks! > fit.threshold)
    }
}

@Suite struct SemanticDetectorTests {
    @Test func recognisesKindsOfText() {
        #expect(SemanticDetector.detect(column: "contact", values: ["ann.lee@mail.org", "bo@x.io", "c.d@example.com"]) == .email)
        #expect(
            SemanticDetector.detect(column: "id", values: ["6f1c2a9e-5b7d-4c1e-9a3f-0c2b4d6e8f10", "0b1c2a9e-5b7d-4c1e-9a3f-0c2b4d6e8f11"])
                == .uuid)
        #expect(
            SemanticDetector.detect(column: "phone", values: ["555-123-4567", "555-987-6543"])
                == .phone(pattern: "[0-9]{3}-[0-9]{3}-[0-9]{4}"))
        #expect(
            SemanticDetector.detect(column: "sku", values: ["ABC-1234", "XYZ-9876", "QRS-0001"]) == .code(pattern: "[A-Z]{3}-[0-9]{4}"))
        #expect(SemanticDetector.detect(column: "first_name", values: ["Anna", "Bert", "Chloé"]) == .firstName)
        #expect(SemanticDetector.detect(column: "surname", values: ["Smith", "Jones", "O'Neil"]) == .lastName)
        let notes = [
            "The parcel arrived late and damaged again", "Please call me back tomorrow after lunch time",
            "Great service overall, will order again soon",
        ]
        if case .sentence = SemanticDetector.detect(column: "notes", values: notes) {} else { Issue.record("notes not free text") }
        #expect(SemanticDetector.detect(column: "tags", values: ["red blue", "green", "yellow pink"]) == .words(min: 1, max: 2))
    }

    @Test func shapesKeepOnlyClassesAndPunctuation() {
        #expect(SemanticDetector.shape("AB-12x") == "[A-Z]{2}-[0-9]{2}[a-z]")
        #expect(SemanticDetector.shape("a[1]?") == "[a-z]\\[[0-9]\\]\\?")
        #expect(SemanticDetector.dominantShape(["A1", "B2", "cc"]) == nil)
    }
}

@Suite struct PrivacyFilterTests {
    @Test func rareCategoriesAreDropped() {
        let f = PrivacyFilter(minCount: 10)
        let c = f.categories(["a": 50, "b": 10, "c": 9, "d": 1])
        #expect(c.kept.map(\.value) == ["a", "b"])
        #expect(c.droppedValues == 2 && c.droppedRecords == 10)
    }

    @Test func quantileTablesStoreNoSingleRecord() {
        let values = (1...100).map(Double.init)  // every value is one record
        let f = PrivacyFilter(minCount: 10)
        let q = f.quantiles(values)
        #expect(q.count == 11)
        // Inner points are means of 10 records; no inner point is a record's value.
        #expect(q.dropFirst().dropLast().allSatisfy { !values.contains($0.value) })
        #expect(f.bounds(values) == 5.5...95.5)
        // The ends move out from the extreme windows' means (5.5, 95.5) by the slope to the next
        // window: on evenly spaced values that is the range itself.
        #expect(abs(q.first!.value - 1) < 1e-9 && abs(q.last!.value - 100) < 1e-9)
        #expect(f.tailBounds(values) == q.first!.value...q.last!.value)
        #expect(zip(q, q.dropFirst()).allSatisfy { $0.p < $1.p && $0.value <= $1.value })
    }

    @Test func oneRecordMovesTheRangeEndsByLittle() {
        // Moving one record by Δ moves a stored end by at most (1 + (k-1)/2k)·Δ/k, never to the record.
        let f = PrivacyFilter(minCount: 10)
        let values = (1...100).map(Double.init)
        var outlier = values
        outlier[99] = 10_000
        let a = f.tailBounds(values)!, b = f.tailBounds(outlier)!
        #expect(b.upperBound - a.upperBound <= 1.45 * 9_900 / 10 + 1e-9)
        #expect(b.upperBound < 2_000)
        #expect(a.lowerBound == b.lowerBound)
    }

    @Test func rangeEndsKeepTheSignOfTheValues() {
        // Counts piled up near zero: the low end is not moved below zero.
        let f = PrivacyFilter(minCount: 10)
        let values = (0..<200).map { Double($0 / 40) * Double($0) }.sorted()
        #expect(f.tailBounds(values)!.lowerBound >= 0)
        #expect(f.quantiles(values).first!.value >= 0)
    }

    @Test func laplaceNoiseIsDeterministicPerSeed() {
        let a = LaplaceNoise(epsilon: 1, seed: 7), b = LaplaceNoise(epsilon: 1, seed: 7), c = LaplaceNoise(epsilon: 1, seed: 8)
        let xa = (0..<100).map { _ in a.sample() }, xb = (0..<100).map { _ in b.sample() }, xc = (0..<100).map { _ in c.sample() }
        #expect(xa == xb)
        #expect(xa != xc)
        // Laplace(0, 1/ε): mean 0, mean absolute deviation 1/ε.
        let n = LaplaceNoise(epsilon: 0.5, seed: 1)
        let xs = (0..<20000).map { _ in n.sample() }
        #expect(abs(xs.reduce(0, +) / 20000) < 0.1)
        #expect(abs(xs.map(abs).reduce(0, +) / 20000 - 2) < 0.1)
    }

    @Test func noisyCountsChangeWithEpsilonButStayReproducible() {
        let counts = ["x": 100, "y": 50, "z": 12]
        let one = PrivacyFilter(minCount: 10, epsilon: 0.5, seed: 3).categories(counts)
        let two = PrivacyFilter(minCount: 10, epsilon: 0.5, seed: 3).categories(counts)
        #expect(one == two)
        #expect(one.kept.contains { $0.value == "x" && $0.count != 100 })
    }
}

@Suite struct FidelityScoringTests {
    static func column(_ name: String, _ kind: ComparedColumn.Kind, _ real: [Double], _ syn: [Double]) -> ComparedColumn {
        ComparedColumn(name: name, kind: kind, real: real.map { String($0) }, synthetic: syn.map { String($0) })
    }

    @Test func identicalDataScoresOneAndCopiesEverything() {
        var r = TestRandom(state: 4)
        let x = (0..<500).map { _ in r.normal() }, y = x.map { $0 * 2 + r.normal() }
        let report = FidelityReport.score([Self.column("x", .numeric, x, x), Self.column("y", .numeric, y, y)])
        #expect(abs(report.overall - 1) < 1e-12)
        #expect(report.exactCopies == 1)
        #expect(report.medianDCRSynthetic! < 1e-9)
    }

    @Test func lostCorrelationAndShiftedShapesScoreLower() {
        var r = TestRandom(state: 5)
        let x = (0..<2000).map { _ in r.normal() }
        let y = x.map { $0 + 0.3 * r.normal() }  // r ≈ 0.96
        let xi = (0..<2000).map { _ in r.normal() }, yi = (0..<2000).map { _ in r.normal() * 1.04 }
        let independent = FidelityReport.score([Self.column("x", .numeric, x, xi), Self.column("y", .numeric, y, yi)])
        #expect(independent.columnShapes > 0.93)
        #expect(independent.pairTrends! < 0.6)
        #expect(independent.exactCopies == 0)
        let shifted = FidelityReport.score([
            Self.column("x", .numeric, x, x.map { $0 + 1 }), Self.column("y", .numeric, y, y.map { $0 + 1 }),
        ])
        #expect(shifted.columnShapes < 0.7)
        #expect(abs(shifted.pairTrends! - 1) < 1e-9)
        #expect(FidelityReport.ks([1, 2, 3], [1, 2, 3]) == 0)
        #expect(FidelityReport.tv(["a": 1, "b": 1], ["a": 1]) == 0.5)
    }

    @Test func htmlIsSelfContained() {
        let report = FidelityReport.score([
            Self.column("x", .numeric, [1, 2, 3, 4], [1, 2, 2, 4]),
            ComparedColumn(name: "c", kind: .categorical, real: ["a", "b", nil, "a"], synthetic: ["a", "a", "b", nil]),
        ])
        let html = ReportHTML.render(report)
        #expect(html.contains("<svg") && html.contains("</html>"))
        #expect(!html.contains("http://") || html.contains("http://www.w3.org/2000/svg"))
        #expect(!html.contains("<script") && !html.contains("src="))
    }
}
