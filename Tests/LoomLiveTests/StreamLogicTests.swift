import Foundation
import LoomGen
import LoomSpec
import Testing

@testable import LoomLive

/// The pure parts of `loom stream`: arrival clocks, the timeline, pending-row order, table
/// choice, and COPY lines read back as SQL literals.
@Suite struct StreamLogicTests {
    static let origin: Int64 = 1_767_225_600_000_000  // 2026-01-01 00:00:00 UTC, a Thursday

    @Test func aFlatClockArrivesInRowOrderAtExactlyItsRate() {
        let clock = ArrivalClock(origin: Self.origin, firstRow: 500, rate: 200, shape: nil, key: 7)
        var last = Int64.min
        for row in 500..<20_500 as Range<UInt64> {
            let t = clock.arrival(row)
            #expect(t >= last)
            last = t
        }
        #expect(abs(Double(last - Self.origin) / 1e6 - 100) < 0.01, "20,000 rows at 200/s take 100 s")
        #expect(clock.arrival(10) == Self.origin, "loaded rows are not streamed")
    }

    @Test func aShapedClockPutsRowsInEachHourByItsWeight() {
        let pattern = TimePattern(from: 0, to: 1, hours: TimePattern.hourProfiles["evening"]!)
        let shape = ArrivalClock.Shape(pattern)
        let clock = ArrivalClock(origin: Self.origin, firstRow: 0, rate: 1, shape: shape, key: 9)
        var perHour = [Int](repeating: 0, count: 24)
        var row: UInt64 = 0
        while case let t = clock.arrival(row), t < Self.origin + CivilTime.microsPerDay {
            perHour[Int((t - Self.origin) / 3_600_000_000)] += 1
            row += 1
        }
        #expect(abs(Int(row) - 86_400) <= 2_000, "a day at 1 row/s holds about 86,400 rows: \(row)")
        for h in 0..<24 {
            let expected = 3600 * shape.hours[h]
            #expect(abs(Double(perHour[h]) - expected) <= 2, "hour \(h): \(perHour[h]) rows for \(expected)")
        }
        let again = ArrivalClock(origin: Self.origin, firstRow: 0, rate: 1, shape: shape, key: 9)
        #expect(again.arrival(50_000) == clock.arrival(50_000), "a pure function of the row")
        #expect(clock.arrival(12) == again.arrival(12), "asking an earlier row again gives the same time")
    }

    @Test func theTimelineMapsVirtualTimeToTheWallClockAtItsSpeed() {
        let t = StreamTimeline(origin: Self.origin, anchor: 1_000_000, speed: 60, end: nil)
        #expect(t.virtual(atWall: 1_000_000 + 10_000_000) == Self.origin + 600_000_000)
        #expect(t.wall(atVirtual: Self.origin + 600_000_000) == 11_000_000)
    }

    @Test func pendingRowsComeOutByTimeThenParentTableThenRow() {
        var pending = PendingRows()
        let rows: [(Int64, Int, UInt64)] = [(30, 1, 5), (10, 2, 1), (10, 0, 9), (20, 0, 3), (10, 0, 2), (40, 0, 0)]
        for (due, table, row) in rows { pending.push(LiveRow(due: due, table: table, row: row, bytes: [])) }
        var out: [(Int64, Int, UInt64)] = []
        while let r = pending.pop(dueBy: 30) { out.append((r.due, r.table, r.row)) }
        #expect(out.map(\.0) == [10, 10, 10, 20, 30])
        #expect(out.prefix(3).map(\.2) == [2, 9, 1])
        #expect(pending.count == 1 && pending.earliest == 40)
    }

    @Test func copyTextLinesBecomeSQLLiterals() {
        let line = Array("42\tO'Brien\t\\N\ta\\tb\\\\c\\nd\n".utf8)
        #expect(CopyTextLine.sqlLiterals(line) == ["'42'", "'O''Brien'", "NULL", "'a\tb\\c\nd'"])
        #expect(CopyTextLine.sqlLiterals(Array("\t\n".utf8)) == ["''", "''"])
    }

    @Test func askingForAChildStreamsItsParentsAndFindsEachTablesTime() throws {
        let spec = try SpecLoader.load(
            path: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Configs/ecommerce.yaml").path)
        let setup = try StreamSetup(spec: spec, only: ["events", "orders"])
        #expect(setup.tables == ["users", "sessions", "events", "orders"])
        #expect(setup.addedAncestors == ["sessions", "users"])
        #expect(setup.roots == ["users"])
        #expect(setup.timeColumns == ["users": "signup_at", "sessions": "started_at", "events": "at", "orders": "placed_at"])
        #expect(throws: StreamError.self) { try StreamSetup(spec: spec, only: ["nope"]) }
        #expect(throws: StreamError.self) { try StreamSetup(spec: spec, only: ["users"], timeOverrides: ["users": "email"]) }
        let all = try StreamSetup(spec: spec, only: nil)
        #expect(all.roots == ["users", "reviews", "products"], "the largest root first")
        #expect(all.timeColumns["order_items"] == nil, "order items happen with their order")
    }
}
