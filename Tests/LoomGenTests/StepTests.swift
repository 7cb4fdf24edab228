import Foundation
import LoomGen
import LoomSpec
import Testing

/// `step:` puts every generated value on its grid, inside the clamp, deterministically.
@Suite struct StepTests {
    static let yaml = """
        dataset: steps
        seed: 11
        tables:
          t:
            rows: 3000
            columns:
              id:    { type: bigint, gen: sequence, primary_key: true }
              seg:   { type: text, gen: { choice: [a, b] } }
              amt:   { type: integer, gen: { normal: { mean: 100, sd: 60 } }, step: 5, clamp: [3, 198] }
              qty:   { type: smallint, gen: { normal: { mean: 0, sd: 30000 } }, step: 100 }
              x:     { type: double precision, gen: { normal: { by: seg, a: { mean: 2, sd: 3 }, default: { mean: 5, sd: 1 } } }, step: 0.25, clamp: [0.1, 9.9], null_rate: 0.2 }
              y:     { type: double precision, gen: { lognormal: { mu: 1, sigma: 0.5 } }, step: 0.5 }
              price: { type: "numeric(10,2)", gen: { uniform: { min: 0, max: 100 } }, step: 0.05, clamp: [0.01, 99.99] }
              day:   { type: date, gen: { date: { from: 2020-01-10, to: 2024-12-31 } }, step: 1 month }
              at:    { type: timestamp, gen: { timestamp: { from: 2021-01-01 06:00:00, to: 2025-12-31 } }, step: 1 day, null_rate: 0.1 }
              tz:    { type: timestamptz, gen: { quantiles: { 0: 2021-01-01T00:00:00Z, 0.5: 2022-06-01T00:00:00Z, 1: 2025-12-31T23:59:59Z } }, step: 15 minutes }
            correlate: { [y, amt]: 0.5 }
        """

    static func rows(_ spec: Spec, shard: TableExport.ShardSelector = .whole) throws -> [[String]] {
        TestSupport.rows(try TestSupport.output(try DatasetPlan(spec: spec), "t", format: .copy, shard: shard))
    }

    @Test func everyValueIsOnItsStepAndInsideTheClamp() throws {
        let rows = try Self.rows(try TestSupport.spec(Self.yaml))
        #expect(rows.count == 3000)
        var nulls = 0
        for r in rows {
            let amt = Int(r[2])!, qty = Int(r[3])!, y = Double(r[5])!, price = Double(r[6])!
            #expect(amt % 5 == 0 && (5...195).contains(amt), "amt \(amt)")
            #expect(qty % 100 == 0 && (-32700...32700).contains(qty), "qty \(qty)")
            if r[4] == "\\N" {
                nulls += 1
            } else {
                let x = Double(r[4])!
                #expect((x * 4).rounded() == x * 4 && (0.25...9.75).contains(x), "x \(x)")
            }
            #expect((y * 2).rounded() == y * 2, "y \(y)")
            #expect(r[6].hasSuffix("0") || r[6].hasSuffix("5"), "price \(r[6])")
            #expect((0.05...99.95).contains(price), "price \(price)")
            #expect(r[7].hasSuffix("-01") && r[7] >= "2020-02-01" && r[7] <= "2024-12-01", "day \(r[7])")
            if r[8] != "\\N" { #expect(r[8].hasSuffix(" 00:00:00") && r[8] >= "2021-01-02", "at \(r[8])") }
            let minute = Int(r[9].dropFirst(14).prefix(2))!
            #expect(minute % 15 == 0 && r[9].dropFirst(16).hasPrefix(":00+00"), "tz \(r[9])")
        }
        #expect(nulls > 400 && nulls < 800)
        #expect(Set(rows.map { $0[2] }).count > 20)
        #expect(Set(rows.map { $0[8] }).count > 300)
    }

    @Test func sameSeedSameValuesAndShardsConcatenateToTheWhole() throws {
        let spec = try TestSupport.spec(Self.yaml)
        let whole = try Self.rows(spec)
        #expect(try Self.rows(spec) == whole)
        for shards in [3, 7] {
            var joined: [[String]] = []
            for k in 1...shards { joined += try Self.rows(spec, shard: .init(index: UInt64(k), count: UInt64(shards))) }
            #expect(joined == whole, "\(shards) shards")
        }
        let other = try Self.rows(try TestSupport.spec(Self.yaml.replacingOccurrences(of: "seed: 11", with: "seed: 12")))
        #expect(other != whole)
    }

    @Test func stepsParseAndPrint() throws {
        let cases: [(String, ValueStep, String)] = [
            ("5", .number(units: 5, digits: 0), "5"), ("0.25", .number(units: 25, digits: 2), "0.25"),
            ("1e3", .number(units: 1000, digits: 0), "1000"), ("0.001", .number(units: 1, digits: 3), "0.001"),
            ("day", .micros(CivilTime.microsPerDay), "1 day"), ("15 minutes", .micros(900_000_000), "15 minutes"),
            ("2 hours", .micros(7_200_000_000), "2 hours"), ("1 month", .month, "1 month"), ("1 second", .micros(1_000_000), "1 second"),
        ]
        for (text, step, printed) in cases {
            #expect(try ValueStep.parse(text).get() == step, "\(text)")
            #expect(step.text == printed)
        }
        for bad in ["0", "-1", "x", "2 weeks", "0 days", "2 months", "1e-20"] {
            if case .success(let s) = ValueStep.parse(bad) { Issue.record("\(bad) parsed as \(s)") }
        }
    }
}
