import Foundation
import LoomSpec
import Testing

@testable import LoomProfile

/// `loom profile`'s step detection: the coarsest grid every value falls on, or none.
@Suite struct StepDetectorTests {
    static func detect(_ values: [Double], _ kind: ColumnType) -> ValueStep? {
        StepDetector.step(values.sorted(), kind: kind, distinct: Set(values).count)
    }

    static let day = 86_400.0
    /// 2021-01-01 00:00:00 UTC in seconds.
    static let start = 1_609_459_200.0

    @Test func midnightTimestampsStepByDays() {
        var r = TestRandom(state: 1)
        let values = (0..<400).map { _ in Self.start + (r.unit() * 1500).rounded(.down) * Self.day }
        #expect(Self.detect(values, .timestamp) == .micros(CivilTime.microsPerDay))
        #expect(Self.detect(values, .timestamp)?.text == "1 day")
    }

    @Test func wholeMinutesAndHoursAndMonths() {
        var r = TestRandom(state: 2)
        let minutes = (0..<300).map { _ in Self.start + (r.unit() * 500_000).rounded(.down) * 60 }
        #expect(Self.detect(minutes, .timestamp)?.text == "1 minute")
        let quarters = (0..<300).map { _ in Self.start + (r.unit() * 50_000).rounded(.down) * 900 }
        #expect(Self.detect(quarters, .timestamp)?.text == "15 minutes")
        let hours = (0..<300).map { _ in Self.start + (r.unit() * 50_000).rounded(.down) * 3600 }
        #expect(Self.detect(hours, .timestamp)?.text == "1 hour")
        let firsts = (0..<300).map { i in Double(CivilTime.days(year: 2000 + i % 20, month: 1 + i % 12, day: 1)) }
        #expect(Self.detect(firsts, .date) == .month)
        #expect(Self.detect(firsts.map { $0 * Self.day }, .timestamp) == .month)
    }

    @Test func multiplesOfFiveAndOfAQuarter() {
        var r = TestRandom(state: 3)
        let fives = (0..<200).map { _ in (r.unit() * 100).rounded() * 5 }
        #expect(Self.detect(fives, .integer) == .number(units: 5, digits: 0))
        #expect(Self.detect(fives.map { $0 * 20 }, .integer)?.text == "100")
        let quarters = (0..<200).map { _ in (r.unit() * 400).rounded() * 0.25 - 30 }
        #expect(Self.detect(quarters, .float)?.text == "0.25")
        #expect(Self.detect(quarters, .decimal(scale: 2))?.text == "0.25")
        let halves = (0..<200).map { _ in (r.unit() * 400).rounded() * 0.5 }
        #expect(Self.detect(halves, .decimal(scale: 3))?.text == "0.5")
    }

    @Test func unsteppedColumnsStayUnstepped() {
        var r = TestRandom(state: 4)
        let ints = (0..<500).map { _ in (r.unit() * 1000).rounded() }
        #expect(Self.detect(ints, .integer) == nil)
        let cents = (0..<500).map { _ in (r.unit() * 100_000).rounded() / 100 }
        #expect(Self.detect(cents, .decimal(scale: 2)) == nil)
        let floats = (0..<500).map { _ in r.normal() * 10 }
        #expect(Self.detect(floats, .float) == nil)
        let seconds = (0..<500).map { _ in Self.start + (r.unit() * 1e8).rounded(.down) }
        #expect(Self.detect(seconds, .timestamp) == nil)
        let micros = (0..<500).map { _ in Self.start + (r.unit() * 1e8 * 1e6).rounded(.down) / 1e6 }
        #expect(Self.detect(micros, .timestamp) == nil)
        let days = (0..<500).map { _ in (r.unit() * 5000).rounded() }
        #expect(Self.detect(days, .date) == nil)
        // One value off the grid is enough to drop it.
        var almost = (0..<500).map { _ in Self.start + (r.unit() * 1500).rounded(.down) * Self.day }
        almost[250] += 3600
        #expect(Self.detect(almost, .timestamp)?.text == "1 hour")
        almost[100] += 1
        #expect(Self.detect(almost, .timestamp) == nil)
    }

    @Test func fewRowsOrFewValuesAreNoGrid() {
        #expect(Self.detect([10, 20, 30, 40, 50], .integer) == nil)
        #expect(Self.detect(Array(repeating: 10, count: 50) + Array(repeating: 20, count: 50), .integer) == nil)
        #expect(Self.detect((0..<30).map { Double($0 % 3) * 10 }, .integer)?.text == "10")
    }

    @Test func theWrittenStepLoadsBack() throws {
        for step in [ValueStep.micros(CivilTime.microsPerDay), .month, .micros(900 * CivilTime.microsPerSecond)] {
            var c = ProfiledColumn(name: "at", type: "timestamp", gen: "{ timestamp: { from: 2021-01-01, to: 2021-12-31 } }", summary: "")
            c.step = step
            let text = SpecWriter.columnText(c)
            #expect(text.contains("step: \(step.text)"))
            let spec = try SpecLoader.load(
                text: "dataset: d\ntables:\n  t:\n    rows: 5\n    columns:\n      at: \(text)\n", file: "p.yaml")
            #expect(spec.tables[0].columns[0].step == step)
        }
        var n = ProfiledColumn(name: "n", type: "numeric(8,2)", gen: "{ uniform: { min: 0, max: 9 } }", summary: "")
        n.step = .number(units: 25, digits: 2)
        let spec = try SpecLoader.load(
            text: "dataset: d\ntables:\n  t:\n    rows: 5\n    columns:\n      n: \(SpecWriter.columnText(n))\n", file: "p.yaml")
        #expect(spec.tables[0].columns[0].step == .number(units: 25, digits: 2))
    }
}
