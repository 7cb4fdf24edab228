import LoomProfile
import Testing

/// Dates and timestamps that never come before another become that one plus a gap.
@Suite struct OrderingRelationTests {
    typealias Column = OrderingRelation.Column

    @Test func chainsKeepEveryStep() {
        let n = 400
        let ordered = (0..<n).map { Double($0 * 3_600) }
        let shipped = ordered.enumerated().map { $0.element + Double(60 + ($0.offset * 37) % 5_000) }
        let delivered = shipped.enumerated().map { $0.element + Double(3_600 + ($0.offset * 53) % 90_000) }
        let found = OrderingRelation.find(
            [
                Column(name: "ordered", values: ordered, isDate: false), Column(name: "shipped", values: shipped, isDate: false),
                Column(name: "delivered", values: delivered, isDate: false),
            ], minRows: 20)
        #expect(found.map { "\($0.later)>\($0.earlier)" }.sorted() == ["delivered>shipped", "shipped>ordered"], "\(found)")
        #expect(found.allSatisfy { $0.expression.hasPrefix("\($0.earlier) + seconds(") })
    }

    @Test func dropsMixedKindsOrderBreaksAndEqualColumns() {
        let a = (0..<100).map { Double($0) }
        var b = a.map { $0 + 5 }
        for i in stride(from: 0, to: 100, by: 10) { b[i] = a[i] - 1 }
        let found = OrderingRelation.find(
            [
                Column(name: "a", values: a, isDate: true), Column(name: "b", values: b, isDate: true),
                Column(name: "c", values: a, isDate: true), Column(name: "t", values: a.map { $0 * 86_400 + 10 }, isDate: false),
            ],
            minRows: 20)
        #expect(found.isEmpty, "b breaks the order on 10% of rows, c equals a, t is a timestamp: \(found)")
    }

    @Test func datesAddWholeDays() {
        let a = (0..<100).map { Double($0) }
        let b = a.enumerated().map { $0.element + Double($0.offset % 9) }
        let found = OrderingRelation.find(
            [Column(name: "due", values: a, isDate: true), Column(name: "paid", values: b, isDate: true)], minRows: 20)
        #expect(found.first?.expression.hasPrefix("due + int(round(") == true, "\(found)")
    }
}
