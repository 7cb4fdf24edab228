import LoomProfile
import Testing

/// Columns computed from others are found, and only where the rule holds.
@Suite struct ArithmeticRelationTests {
    typealias Column = ArithmeticRelation.Column

    static func columns(rows: Int = 500) -> [Column] {
        let qty = (0..<rows).map { Double($0 % 7 + 1) }
        let price = (0..<rows).map { Double(($0 * 37) % 1000) / 100 + 1 }
        let total = zip(qty, price).map { ($0 * $1 * 100).rounded() / 100 }
        let discount = (0..<rows).map { Double($0 % 3) }
        let net = zip(total, discount).map { $0 - $1 }
        let noise = (0..<rows).map { Double(($0 * 7919) % 101) }
        return [
            Column(name: "qty", values: qty, tolerance: 0), Column(name: "price", values: price, tolerance: 0.005),
            Column(name: "total", values: total, tolerance: 0.005), Column(name: "discount", values: discount, tolerance: 0),
            Column(name: "net", values: net, tolerance: 0.005), Column(name: "noise", values: noise, tolerance: 0),
        ]
    }

    @Test func productsAndDifferencesAreFound() {
        let found = ArithmeticRelation.find(Self.columns(), minRows: 20)
        #expect(found.map(\.expression).sorted() == ["qty * price", "total - discount"], "\(found)")
        #expect(Set(found.map(\.target)) == ["total", "net"])
    }

    @Test func ratiosAreFoundAndZeroDivisorsBreakThem() {
        // A ratio stored after the columns it divides: written as the quotient, not as a product.
        let rows = 300
        let cost = (0..<rows).map { Double(($0 * 53) % 900) + 100 }
        let hours = (0..<rows).map { Double($0 % 40 + 1) / 4 }
        let rate = zip(cost, hours).map { $0 / $1 }
        let columns = [
            Column(name: "cost", values: cost, tolerance: 0), Column(name: "hours", values: hours, tolerance: 0),
            Column(name: "rate", values: rate, tolerance: 0),
        ]
        let found = ArithmeticRelation.find(columns, minRows: 20)
        #expect(found.map(\.expression) == ["cost / hours"], "\(found)")
        // Zero divisors on 10% of the rows: no rule.
        var zeroed = columns
        for r in stride(from: 0, to: rows, by: 10) { zeroed[1].values[r] = 0 }
        #expect(!ArithmeticRelation.find(zeroed, minRows: 20).contains { $0.target == "rate" })
    }

    @Test func aRuleBrokenOnMoreThanAFewRowsIsNotOne() {
        var columns = Self.columns()
        for r in stride(from: 60, to: 500, by: 50) { columns[2].values[r]! += 1 }
        let found = ArithmeticRelation.find(columns, minRows: 20)
        #expect(!found.contains { $0.target == "total" }, "\(found)")
    }

    @Test func constantsAndTooFewRowsMakeNoRule() {
        let x = (0..<100).map { Double($0) }
        let zero = [Double](repeating: 0, count: 100)
        let found = ArithmeticRelation.find(
            [
                Column(name: "a", values: x, tolerance: 0), Column(name: "z", values: zero, tolerance: 0),
                Column(name: "b", values: x, tolerance: 0),
            ],
            minRows: 20)
        #expect(found.isEmpty, "b = a + z says nothing: \(found)")
        #expect(ArithmeticRelation.find(Self.columns(rows: 10), minRows: 20).isEmpty)
    }

    @Test func onlyPlainNamesAreUsed() {
        #expect(ArithmeticRelation.canName("unit_price"))
        #expect(!ArithmeticRelation.canName("unit price") && !ArithmeticRelation.canName("2x") && !ArithmeticRelation.canName("null"))
    }
}
