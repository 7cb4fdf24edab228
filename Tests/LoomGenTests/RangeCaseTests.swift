import LoomGen
import LoomSpec
import Testing

/// `by:` cases written as ranges of a number, date or timestamp column.
@Suite struct RangeCaseTests {
    static let spec = """
        dataset: people
        tables:
          person:
            rows: 3000
            columns:
              age: { type: integer, gen: { uniform: { min: 0, max: 90 } } }
              joined: { type: timestamptz, gen: { timestamp: { from: 2023-01-01, to: 2024-12-31 } } }
              band: { type: text, gen: { constant: { by: age, "..18": minor, "18..65": adult, "65..": senior } } }
              spend: { type: integer, gen: { uniform: { by: joined, "..2024-01-01T00:00:00Z": { min: 0, max: 9 }, default: { min: 100, max: 109 } } } }
        """

    @Test func eachRowTakesTheCaseOfItsRange() throws {
        let plan = try DatasetPlan(spec: try TestSupport.spec(Self.spec))
        var seen: Set<String> = []
        try plan.generate("person", units: 0..<3000) { f in
            guard case .int(let age) = f[0], case .text(let t) = f[2], case .timestamp(let at) = f[1], case .int(let spend) = f[3] else {
                Issue.record("unexpected values")
                return
            }
            let band = String(decoding: t, as: UTF8.self)
            seen.insert(band)
            #expect(band == (age < 18 ? "minor" : age < 65 ? "adult" : "senior"), "age \(age) is \(band)")
            let early = at < CivilTime.parseTimestamp("2024-01-01T00:00:00Z")!
            #expect(early ? spend <= 9 : spend >= 100, "a timestamp range picks its case")
        }
        #expect(seen == ["minor", "adult", "senior"])
    }

    @Test func rangesParseForNumbersDatesAndTimestampsOnly() {
        #expect(ConditionRange.parse("1.5..2", for: .double) == ConditionRange(lower: 1.5, upper: 2))
        #expect(ConditionRange.parse("..2024-03-01", for: .date)?.upper == Double(CivilTime.days(year: 2024, month: 3, day: 1)))
        #expect(ConditionRange.parse("5..", for: .integer)?.upper == nil)
        #expect(ConditionRange.parse("a..b", for: .text) == nil)
        #expect(ConditionRange.parse("9..3", for: .integer) == nil, "an empty range is refused")
        #expect(ConditionRange.parse("..", for: .integer) == nil)
    }
}
