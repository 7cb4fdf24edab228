import Testing

@testable import LoomProfile

/// The rule that makes a child column a copy of its parent's.
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
}
