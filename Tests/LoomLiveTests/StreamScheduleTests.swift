import Foundation
import LoomGen
import LoomSpec
import Testing

@testable import LoomLive

/// The schedule's horizon bounds memory without changing the stream: rows due far ahead are
/// generated again when their time comes near, and every row still comes exactly once, in order.
@Suite struct StreamScheduleTests {
    static let origin: Int64 = 1_767_225_600_000_000

    static func schedule(horizon: Int64, end: Int64?) throws -> StreamSchedule {
        let spec = try SpecLoader.load(
            path: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Configs/ecommerce.yaml").path)
        // One new user every twelve virtual hours.
        let clock = ArrivalClock(origin: origin, firstRow: 300, rate: 1.0 / 43_200, shape: nil, key: 5)
        let plan = try DatasetPlan(
            spec: spec, rowOverrides: ["users": 300, "products": 50, "reviews": 40],
            anchors: [TimeAnchor(table: "users", column: "signup_at", arrival: clock.arrival)])
        let setup = try StreamSetup(spec: spec, only: ["users", "sessions", "events", "orders", "order_items"])
        let expander = try LiveExpander(
            plan: plan, root: "users", firstRow: 300, streamed: Set(setup.tables), timeColumns: setup.timeColumns, format: .copy)
        return StreamSchedule(roots: [.init(expander: expander, clock: clock)], end: end, horizon: horizon)
    }

    /// Rows committed at each step of `steps` times, as (due, table, row) and bytes.
    static func run(_ s: inout StreamSchedule, steps: [Int64]) -> (rows: [String], peak: Int) {
        var out: [String] = []
        var peak = 0
        for t in steps {
            for r in s.rows(dueBy: t) { out.append("\(r.due) \(r.table) \(r.row) \(String(decoding: r.bytes, as: UTF8.self))") }
            peak = max(peak, s.pendingCount)
        }
        return (out, peak)
    }

    @Test func aShortHorizonStreamsTheSameRowsWithFewerWaiting() throws {
        let day: Int64 = 86_400_000_000
        let fine = (1...400).map { Self.origin + Int64($0) * day / 2 }
        let coarse = (1...20).map { Self.origin + Int64($0) * day * 10 }
        var all = try Self.schedule(horizon: .max / 4, end: nil)
        var short = try Self.schedule(horizon: day, end: nil)
        var other = try Self.schedule(horizon: day / 3, end: nil)
        let a = Self.run(&all, steps: fine)
        let b = Self.run(&short, steps: fine)
        let c = Self.run(&other, steps: coarse)
        #expect(a.rows.count > 4_000, "\(a.rows.count) rows over 200 virtual days")
        #expect(b.rows == a.rows, "a one-day horizon commits the same rows in the same order")
        #expect(c.rows == a.rows, "whatever the times the stream is asked at")
        #expect(b.peak * 5 < a.peak, "rows waiting at most: \(b.peak) with the horizon, \(a.peak) without")
        #expect(short.revisitCount > 0)
    }

    @Test func nothingAfterTheEndIsKeptOrStreamed() throws {
        let day: Int64 = 86_400_000_000
        var s = try Self.schedule(horizon: day, end: Self.origin + 30 * day)
        let rows = Self.run(&s, steps: (1...70).map { Self.origin + Int64($0) * day }).rows
        #expect(!rows.isEmpty)
        #expect(rows.allSatisfy { Int64($0.split(separator: " ")[0])! <= Self.origin + 30 * day })
        #expect(s.isFinished && s.pendingCount == 0 && s.revisitCount == 0)
    }
}
