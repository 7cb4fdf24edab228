import Testing

@testable import LoomProfile

/// The rule that makes a child column a copy of its parent's, and the up-front test of whether
/// `avoid_copies:` can work on a table.
@Suite struct ParentCopiesTests {
    typealias Agreement = ParentCopies.Agreement

    @Test func nearlyEveryRowAgreeingOverManyValuesIsACopy() {
        // northwind's orders.ship_address against customers.address: 782 of 830 rows.
        let address = Agreement(present: 830, equal: 782, chance: 0.012)
        #expect(address.isCopy(minRows: 20), "kappa \(address.kappa)")
        #expect(Agreement(present: 412, equal: 412, chance: 0.09).isCopy(minRows: 20))
        // One row in six differs: a related column, not a copy.
        #expect(!Agreement(present: 600, equal: 500, chance: 0.01).isCopy(minRows: 20))
    }

    @Test func agreementOnADominantValueIsNotEnough() {
        // Both columns hold one value on 95% of rows: 96% agreement is what chance gives.
        let flags = Agreement(present: 1000, equal: 960, chance: 0.905)
        #expect(!flags.isCopy(minRows: 20), "kappa \(flags.kappa)")
        #expect(Agreement(present: 1000, equal: 999, chance: 0.905).isCopy(minRows: 20))
        // A constant equal to a constant says nothing.
        #expect(!Agreement(present: 1000, equal: 1000, chance: 1).isCopy(minRows: 20))
    }

    @Test func nullsOnOneSideCountAgainstAndFewRowsMakeNoCopy() {
        // The child has a value where the parent has none on 13 of 323 rows (ship_region).
        #expect(Agreement(present: 323, equal: 310, chance: 0.05).isCopy(minRows: 20))
        #expect(!Agreement(present: 323, equal: 250, chance: 0.05).isCopy(minRows: 20))
        #expect(!Agreement(present: 10, equal: 10, chance: 0.1).isCopy(minRows: 20))
        #expect(!Agreement(present: 0, equal: 0, chance: 0).isCopy(minRows: 0))
    }

    @Test func aChildColumnMustHoldTheParentsValues() {
        #expect(ParentCopies.fits(child: "varchar(15)", parent: "varchar(15)"))
        #expect(ParentCopies.fits(child: "varchar(60)", parent: "varchar(40)"))
        #expect(ParentCopies.fits(child: "text", parent: "varchar(40)"))
        #expect(ParentCopies.fits(child: "varchar", parent: "text"))
        #expect(!ParentCopies.fits(child: "varchar(15)", parent: "varchar(40)"))
        #expect(!ParentCopies.fits(child: "varchar(40)", parent: "text"))
        #expect(!ParentCopies.fits(child: "integer", parent: "bigint"))
        #expect(ParentCopies.fits(child: "numeric(10,2)", parent: "numeric(10,2)"))
    }

    @Test func everyCombinationInTheSourceLeavesNothingToRedraw() {
        // chinook's invoice_line: unit_price takes two values, quantity one.
        let rows: [[String?]] = [["0.99", "1"], ["1.99", "1"], ["0.99", "1"]]
        let values: [Set<String?>?] = [["0.99", "1.99"], ["1"]]
        let all = CopyCoverage.count(rows: rows, values: values)
        #expect(all?.combinations == 2 && all?.present == 2)
        // A NULL quantity is a value too, and no source row has it.
        let withNull = CopyCoverage.count(rows: rows, values: [["0.99", "1.99"], ["1", nil]])
        #expect(withNull?.combinations == 4 && withNull?.present == 2)
        // A value Loom does not make (a dropped rare category) is no combination.
        #expect(CopyCoverage.count(rows: [["9.99", "1"]], values: values)?.present == 0)
        // A column of values without end: redraws can avoid copies.
        #expect(CopyCoverage.count(rows: rows, values: [["0.99", "1.99"], nil]) == nil)
        #expect(CopyCoverage.count(rows: rows, values: [Set((0..<1000).map { "\($0)" }), Set((0..<1000).map { "\($0)" })]) == nil)
    }

    @Test func theReasonNamesColumnsCombinationsAndWhatTellsRowsApart() {
        let reason = CopyCoverage.reason(
            columns: ["unit_price", "quantity"], combinations: 2, keys: ["invoice_line_id", "invoice_id", "track_id"])
        #expect(
            reason
                == "no avoid_copies: its columns unit_price, quantity take 2 combinations, all present in the source, so redrawing cannot avoid them; its rows differ from the source's only through invoice_line_id, invoice_id, track_id"
        )
        #expect(CopyCoverage.reason(columns: ["kind"], combinations: 1, keys: []).contains("its column kind takes 1 value, present"))
        #expect(
            CopyCoverage.reason(columns: ["a", "b"], combinations: 1, keys: [])
                == "no avoid_copies: its columns a, b take 1 combination, present in the source, so redrawing cannot avoid them; every row Loom can make equals a source row"
        )
    }

    @Test func categoriesAndMeasuredNumbersAreSpelledAlike() {
        var price = ProfiledColumn(name: "unit_price", type: "numeric(10,2)", summary: "")
        price.categories = ["0.99", "1.99"]
        #expect(TableProfiler.madeValues(price, kind: .decimal(scale: 2)) == ["0.99", "1.99"])
        #expect(TableProfiler.normalised("1.99", .decimal(scale: 2)) == "1.99")
        #expect(TableProfiler.normalised("1", .integer) == TableProfiler.normalised("1.0", .integer))
        price.nullRate = 0.1
        #expect(TableProfiler.madeValues(price, kind: .decimal(scale: 2))?.contains(nil) == true)
        var flag = ProfiledColumn(name: "active", type: "boolean", summary: "")
        flag.gen = "{ bernoulli: 0.5 }"
        #expect(TableProfiler.madeValues(flag, kind: .bool) == ["true", "false"])
        #expect(TableProfiler.madeValues(ProfiledColumn(name: "n", type: "integer", summary: ""), kind: .integer) == nil)
        var empty = ProfiledColumn(name: "n", type: "integer", summary: "")
        empty.gen = "{ constant: null }"
        #expect(TableProfiler.madeValues(empty, kind: .integer) == [nil])
    }

    /// A copy makes the values of the column it copies: a grandchild's link given it names those.
    @Test func aCopyTakesTheCategoriesOfTheColumnItCopies() {
        func column(_ name: String, gen: String?, expr: String? = nil, categories: [String]?) -> ProfiledColumn {
            var c = ProfiledColumn(name: name, type: "varchar(15)", gen: gen, summary: "")
            c.expr = expr
            c.categories = categories
            return c
        }
        let fan = ProfiledFanOut(parent: "customers", column: "customer_id", count: "{ constant: 9 }", pick: nil, summary: "")
        var tables = [
            ProfiledTable(
                name: "customers", rows: 91, sampled: 91, perParent: nil,
                columns: [
                    column("city", gen: "{ choice: { \"Berlin\": 5, \"London\": 6 } }", categories: ["Berlin", "London"]),
                    column("country", gen: "{ words: [1, 2] }", categories: nil),
                    column("region", gen: "{ words: [1, 2] }", categories: nil),
                ]),
            ProfiledTable(
                name: "orders", rows: 830, sampled: 830, perParent: fan,
                columns: [
                    column("ship_city", gen: nil, expr: "parent.city", categories: ["Berlin", "London", "Colchester"]),
                    column("ship_country", gen: nil, expr: "parent.country", categories: ["Germany", "UK"]),
                    column("ship_region", gen: nil, expr: "parent.region", categories: ["Essex"]),
                ]),
        ]
        tables[1].columns[1].choiceForParent = "{ choice: { \"Germany\": 40, \"UK\": 30 } }"
        Profiler.settleCopies(&tables)
        #expect(tables[1].columns[0].categories == ["Berlin", "London"])
        #expect(tables[0].columns[1].categories == ["Germany", "UK"] && tables[1].columns[1].categories == ["Germany", "UK"])
        #expect(tables[0].columns[2].categories == nil && tables[1].columns[2].categories == nil)
    }

    @Test func aCopyAddsOnlyTheNullsItsParentDoesNotGive() {
        // ship_region: NULL on 61% of orders, the customer's region on 66% of customers.
        #expect(Profiler.residualNullRate(child: 0.61, parent: 0.66) == 0)
        #expect(Profiler.residualNullRate(child: 0.49, parent: 0.488) == 0)
        // billing_postal_code: NULL on 6.8% of invoices; the customers' 4 NULLs are fewer than k, so none.
        #expect(Profiler.residualNullRate(child: 0.068, parent: 0) == 0.068)
        #expect(abs(Profiler.residualNullRate(child: 0.6, parent: 0.2) - 0.5) < 1e-12)
        #expect(Profiler.residualNullRate(child: 0.3, parent: 1) == 0)
    }
}
