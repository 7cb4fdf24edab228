import LoomProfile
import LoomSpec
import Testing

/// Whole numbers derived from others: parts of dates, quotients and remainders, packed fields.
@Suite struct DerivedRelationTests {
    static func columns() -> [DerivedRelation.Column] {
        let days: [Double?] = (0..<400).map { Double(18_000 + ($0 * 37) % 1500) }
        let codes: [Double?] = (0..<400).map { Double(1000 + ($0 * 7919) % 8000) }
        func f(_ g: (Double) -> Double, _ xs: [Double?]) -> [Double?] { xs.map { $0.map(g) } }
        let month = days.map { d in d.map { Double(CivilTime.civil(fromDays: Int64($0)).month) } }
        let year = days.map { d in d.map { Double(CivilTime.civil(fromDays: Int64($0)).year) } }
        return [
            .init(name: "placed_on", values: days, kind: .date),
            .init(name: "yr", values: year, kind: .number),
            .init(name: "mon", values: month, kind: .number),
            .init(name: "period", values: zip(year, month).map { $0! * 100 + $1! }, kind: .number),
            .init(name: "code", values: codes, kind: .number),
            .init(name: "grp", values: f({ ($0 / 100).rounded(.down) }, codes), kind: .number),
            .init(name: "noise", values: (0..<400).map { Double(($0 * 31) % 17) }, kind: .number),
        ]
    }

    @Test func findsDatePartsQuotientsAndPackedFieldsWithoutCycles() {
        let found = DerivedRelation.find(Self.columns(), taken: [], minRows: 20)
        let byTarget = Dictionary(uniqueKeysWithValues: found.map { ($0.target, $0.expression) })
        #expect(byTarget["yr"] == "year(placed_on)")
        #expect(byTarget["mon"] == "month(placed_on)")
        #expect(byTarget["period"] == "yr * 100 + mon")
        #expect(byTarget["grp"] == "div(code, 100)")
        #expect(byTarget["noise"] == nil)
        #expect(byTarget["code"] == nil, "code is read by grp: computing it from grp would be a cycle")
    }

    @Test func aRuleBrokenOnTooManyRowsIsNotARule() {
        var columns = Self.columns()
        for i in stride(from: 60, to: 400, by: 40) { columns[2].values[i] = 13 }
        let found = DerivedRelation.find(columns, taken: [], minRows: 20)
        #expect(!found.contains { $0.target == "mon" })
    }
}
