import Foundation
import Testing

@testable import LoomProfile

/// Two numbers drawn `by:` the same category, joined by the copula: the copula moves each value
/// within its category's law, so its correlation is the one left within the categories, not the
/// one across them (which the categories' laws already make).
@Suite struct ConditionalCopulaTests {
    /// Four regions of 300 rows; each region sets the centre of x and of y together (far apart,
    /// so across all rows x and y are almost perfectly correlated), while within a region y
    /// goes against x with `within`.
    static func table(within: Double) -> (ProfiledTable, [ConditionalModel.Input]) {
        var r = TestRandom(state: 5)
        var region: [String?] = [], x: [Double?] = [], y: [Double?] = []
        for g in 0..<4 {
            for _ in 0..<300 {
                let a = r.normal(), b = within * a + (1 - within * within).squareRoot() * r.normal()
                region.append("R\(g)")
                x.append(Double(g) * 100 + a)
                y.append(Double(g) * 50 + 2 * b)
            }
        }
        var columns = [ProfiledColumn(name: "region", type: "text", summary: "")]
        columns[0].gen = "{ choice: { R0: 300, R1: 300, R2: 300, R3: 300 } }"
        for (name, values) in [("x", x), ("y", y)] {
            var c = ProfiledColumn(name: name, type: "double precision", summary: "")
            c.gen = "{ uniform: { min: -10, max: 400 } }"
            c.inCopula = true
            c.copulaValues = values
            columns.append(c)
        }
        let inputs: [ConditionalModel.Input] = [
            .init(name: "region", kind: .text, raw: region, categories: ["R0", "R1", "R2", "R3"]),
            .init(name: "x", kind: .float, raw: x.map { $0.map { String($0) } }, categories: nil),
            .init(name: "y", kind: .float, raw: y.map { $0.map { String($0) } }, categories: nil),
        ]
        return (ProfiledTable(name: "t", rows: 1200, sampled: 1200, perParent: nil, columns: columns), inputs)
    }

    @Test func theCopulaOfNumbersDrawnByACategoryIsTheCorrelationWithinIt() {
        var (table, inputs) = Self.table(within: -0.4)
        let across = CopulaFitter.pearson(table.columns[1].copulaValues!, table.columns[2].copulaValues!)!
        #expect(across > 0.9, "the regions make x and y rise together: \(across)")
        let links = ConditionalModel(privacy: PrivacyFilter(minCount: 10)).apply(&table, inputs: inputs, copula: ["x", "y"])
        #expect(links.count == 2, "\(links)")
        #expect(table.columns[1].gen?.hasPrefix("{ quantiles: { by: region, ") == true)
        #expect(table.columns[2].gen?.hasPrefix("{ quantiles: { by: region, ") == true)
        TableProfiler.correlate(&table)
        #expect(table.correlations.count == 1)
        let r = table.correlations.first?.r ?? 0
        #expect(abs(r - -0.4) < 0.08, "the copula keeps the dependence within the regions: \(r)")
    }

    @Test func oneCaseSolvesAsTheColumnsOwnLaws() {
        // exp() makes the values' Pearson correlation weaker than the latent 0.8; one case over
        // all rows is the plain NORTA fit, and splitting the lattice changes nothing.
        let (x, y) = CopulaFitTests.sample(3000, rho: 0.8, seed: 7, { exp(1.2 * $0) }, { exp($0) })
        let norta = NortaCorrelation(), target = CopulaFitter.pearson(x, y)!
        let plain = norta.latent(target: target, .init(x), .init(y))!
        let cells = norta.latent(target: target, cells: [.init(weight: 1, a: .init(x), b: .init(y))])!
        #expect(abs(plain - cells) < 1e-9)
        let grouped = CopulaFitter.groupedLatent(x, Array(repeating: 3, count: x.count), y, nil, norta: norta)!
        #expect(abs(plain - grouped) < 1e-9)
        #expect(abs(grouped - 0.8) < 0.06)
    }

    @Test func groupedScoresRankWithinEachGroupAndSkipRowsWithout() {
        let z = CopulaFitter.groupedScores([1, 2, 100, 200, 5, nil], [0, 0, 1, 1, nil, 1])
        #expect(z[0]! < 0 && z[1]! > 0 && z[2]! < 0 && z[3]! > 0)
        #expect(abs(z[0]! - z[2]!) < 1e-12, "the lowest of each group has the same score")
        #expect(z[4] == nil && z[5] == nil)
    }
}
