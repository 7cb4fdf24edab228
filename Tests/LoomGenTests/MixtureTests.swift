import Foundation
import LoomGen
import LoomSpec
import Testing

/// The `mixture` generator: deterministic per row, shards byte-identical, component shares and
/// means as written, and clamp, round, null_rate and edge cases as for other numeric laws.
@Suite struct MixtureTests {
    static let yaml = """
        dataset: mix
        seed: 11
        tables:
          t:
            rows: 40000
            columns:
              id:  { type: bigint, gen: sequence, primary_key: true }
              x:   { type: double precision, gen: { mixture: [ { weight: 0.7, normal: { mean: 0, sd: 1 } }, { weight: 0.3, normal: { mean: 100, sd: 4 } } ] } }
              amt: { type: "numeric(10,2)", gen: { mixture: [ { weight: 3, lognormal: { mu: 2, sigma: 0.3 } }, { weight: 1, uniform: { min: 500, max: 600 } } ] }, null_rate: 0.1 }
              n:   { type: integer, gen: { mixture: [ { weight: 1, constant: 0 }, { weight: 1, poisson: 20 } ] }, clamp: [0, 25] }
              r:   { type: double precision, gen: { mixture: [ { weight: 1, normal: { mean: 5, sd: 1 } }, { weight: 1, exponential: { mean: 2 } } ] }, round: 1 }
        """

    static func values(_ yaml: String, table: String = "t", rows: Range<UInt64>? = nil) throws -> [[String]] {
        let spec = try TestSupport.spec(yaml)
        let plan = try DatasetPlan(spec: spec)
        if let rows {
            var out: [UInt8] = []
            let sink = ByteSink { out.append(contentsOf: $0) }
            let enc = OutputFormat.copy.encoder(for: spec.tables[0])
            try plan.generate(table, units: rows) { enc.encode($0, sink) }
            try sink.flush()
            return TestSupport.rows(out)
        }
        return TestSupport.rows(try TestSupport.output(plan, table, format: .copy))
    }

    @Test func shardsConcatenateToTheWhole() throws {
        let spec = try TestSupport.spec(Self.yaml)
        for format in OutputFormat.allCases {
            let whole = try TestSupport.output(try DatasetPlan(spec: spec), "t", format: format)
            var joined: [UInt8] = []
            for k in 1...7 {
                joined += try TestSupport.output(try DatasetPlan(spec: spec), "t", format: format, shard: .init(index: UInt64(k), count: 7))
            }
            #expect(joined == whole, "format \(format.rawValue)")
            #expect(whole.count > 40000)
        }
    }

    @Test func aRowIsAPureFunctionOfItsIndex() throws {
        let all = try Self.values(Self.yaml)
        let some = try Self.values(Self.yaml, rows: 12345..<12350)
        #expect(Array(all[12345..<12350]) == some)
        let reseeded = try Self.values(Self.yaml.replacingOccurrences(of: "seed: 11", with: "seed: 12"), rows: 12345..<12350)
        #expect(reseeded.map { $0[1] } != some.map { $0[1] })
    }

    @Test func oneComponentIsThatLawExactly() throws {
        let mixed = try Self.values(
            """
            dataset: one
            tables:
              t:
                rows: 200
                columns:
                  v: { type: double precision, gen: { mixture: [ { weight: 2.5, lognormal: { mu: 1, sigma: 0.4 } } ] } }
            """)
        let plain = try Self.values(
            """
            dataset: one
            tables:
              t:
                rows: 200
                columns:
                  v: { type: double precision, gen: { lognormal: { mu: 1, sigma: 0.4 } } }
            """)
        #expect(mixed == plain)
    }

    @Test func sharesAndMeansAreWithinSamplingError() throws {
        let rows = try Self.values(Self.yaml)
        let xs = rows.map { Double($0[1])! }
        let high = xs.filter { $0 > 50 }, low = xs.filter { $0 <= 50 }
        let n = Double(xs.count)
        let share = Double(high.count) / n
        #expect(abs(share - 0.3) < 4 * (0.3 * 0.7 / n).squareRoot(), "share of the second component \(share)")
        let meanHigh = high.reduce(0, +) / Double(high.count), meanLow = low.reduce(0, +) / Double(low.count)
        #expect(abs(meanHigh - 100) < 4 * 4 / Double(high.count).squareRoot(), "mean of the second component \(meanHigh)")
        #expect(abs(meanLow) < 4 * 1 / Double(low.count).squareRoot(), "mean of the first component \(meanLow)")

        // numeric(10,2) with NULLs: the uniform component is a quarter of the non-NULL rows.
        let amounts = rows.map { $0[2] }
        let nulls = Double(amounts.filter { $0 == "\\N" }.count) / n
        #expect(abs(nulls - 0.1) < 4 * (0.1 * 0.9 / n).squareRoot())
        let present = amounts.filter { $0 != "\\N" }
        #expect(present.allSatisfy { $0.split(separator: ".").last?.count == 2 })
        let uniformShare = Double(present.filter { Double($0)! >= 500 }.count) / Double(present.count)
        #expect(abs(uniformShare - 0.25) < 4 * (0.25 * 0.75 / Double(present.count)).squareRoot())

        // A zero-inflated count: half zeros from the constant plus Poisson's own, clamped to 25.
        let counts = rows.map { Int($0[3])! }
        #expect(counts.allSatisfy { (0...25).contains($0) })
        let zeros = Double(counts.filter { $0 == 0 }.count) / n
        #expect(abs(zeros - 0.5) < 4 * (0.25 / n).squareRoot())
        #expect(counts.contains(25))

        // round: 1 keeps one decimal.
        let badlyRounded = rows.map { $0[4] }.filter { ($0.split(separator: ".").dropFirst().first?.count ?? 0) > 1 }
        #expect(badlyRounded.isEmpty, "\(badlyRounded.prefix(5))")
    }

    @Test func edgeCasesReachTheEndsOfTheComponents() throws {
        let spec = try TestSupport.spec(
            """
            dataset: edges
            tables:
              t:
                rows: 2000
                columns:
                  v: { type: integer, gen: { mixture: [ { weight: 1, uniform: { min: 10, max: 20 } }, { weight: 1, uniform: { min: 50, max: 60 } } ] }, edge_cases: 0.2 }
            """)
        let rows = TestSupport.rows(try TestSupport.output(try DatasetPlan(spec: spec), "t", format: .copy)).map { Int($0[0])! }
        #expect(rows.allSatisfy { (10...20).contains($0) || (50...60).contains($0) })
        #expect(Double(rows.filter { $0 == 10 }.count) > 0.05 * 2000, "the low end is an edge value")
        #expect(Double(rows.filter { $0 == 60 }.count) > 0.05 * 2000, "the high end is an edge value")
    }

    /// A mixture of text: kept categories on their share of rows (and in their proportions), the
    /// pattern's shape on the rest; each row the same whichever shard makes it.
    @Test func aMixtureOfTextKeepsItsCategoriesAndMakesTheRestByPattern() throws {
        let yaml = """
            dataset: mix
            seed: 5
            tables:
              t:
                rows: 40000
                columns:
                  id:   { type: bigint, gen: sequence, primary_key: true }
                  code: { type: text, gen: { mixture: [ { weight: 7, choice: { "STORE-1": 3, "STORE-2": 1 } }, { weight: 3, pattern: "X[0-9]{5}" } ] } }
            """
        let rows = try Self.values(yaml)
        #expect(rows.count == 40000)
        let codes = rows.map { $0[1] }
        let one = codes.filter { $0 == "STORE-1" }.count, two = codes.filter { $0 == "STORE-2" }.count
        let tail = codes.filter { $0.count == 6 && $0.hasPrefix("X") && $0.dropFirst().allSatisfy(\.isNumber) }.count
        #expect(one + two + tail == codes.count, "every value is a category or the pattern's")
        #expect(abs(Double(one + two) / 40000 - 0.7) < 0.01, "categories on 70% of rows: \(one + two)")
        #expect(abs(Double(one) / Double(one + two) - 0.75) < 0.015, "in their proportions: \(one) to \(two)")
        #expect(Set(codes).count > 5000, "the tail is drawn, not a few values")
        #expect(try Self.values(yaml, rows: 12345..<12400) == Array(rows[12345..<12400]), "a shard makes the same rows")
    }
}
