import Foundation
import LoomGen
import LoomSpec
import Testing

/// `avoid_copies:`: rows whose compared columns hit the source bitmap are drawn again, purely
/// as a function of (seed, row), and every reader of the table sees the redrawn row.
@Suite struct AvoidCopiesTests {
    /// The fingerprint of a row `(a, b)` as a profile computes it from PostgreSQL's text.
    static func fingerprint(_ a: Int, _ b: String) -> UInt64 {
        RowFingerprint.text(RowFingerprint.number(RowFingerprint.start, Double(a)), b)
    }

    static func spec(forbidding rows: [(Int, String)]) throws -> Spec {
        let filter = Data(AvoidCopies.bitmap(rows.map { fingerprint($0.0, $0.1) })).base64EncodedString()
        return try TestSupport.spec("""
        dataset: guard
        seed: 11
        tables:
          people:
            rows: 20000
            columns:
              id: { type: bigint, gen: sequence, primary_key: true }
              a:  { type: integer, gen: { choice: [1, 2, 3, 4] } }
              b:  { type: text, gen: { choice: [x, y] } }
              ab: { type: text, expr: "b || a" }
            avoid_copies: { columns: [a, b], source_rows: \(rows.count), filter: "\(filter)" }
          visits:
            per_parent: { people: { constant: 1 } }
            columns:
              person: { type: bigint, ref: people.id }
              pa: { type: integer, expr: "parent.a" }
              pb: { type: text, expr: "parent.b" }
        """)
    }

    static func rows(_ plan: DatasetPlan, _ table: String, _ units: Range<UInt64>) throws -> [[String]] {
        var out: [[String]] = []
        try plan.generate(table, units: units) { frame in
            out.append((0..<frame.count).map { i -> String in
                switch frame[i] {
                case .int(let v): return String(v)
                case .text(let t): return String(decoding: t, as: UTF8.self)
                case .null: return "NULL"
                default: return "?"
                }
            })
        }
        return out
    }

    @Test func forbiddenRowsNeverAppearAndTheRestStillDo() throws {
        let forbidden = [(1, "x"), (2, "y"), (3, "x")]
        let spec = try Self.spec(forbidding: forbidden)
        let avoid = try #require(spec.table("people")?.avoidCopies)
        let plan = try DatasetPlan(spec: spec)
        let people = try Self.rows(plan, "people", 0..<20000)
        var counts: [String: Int] = [:]
        for r in people { counts[r[1] + r[2], default: 0] += 1 }
        for (a, b) in forbidden { #expect(counts["\(a)\(b)"] == nil, "\(a)\(b) was generated") }
        // Rows whose fingerprint misses the bitmap are all still made.
        let shift = UInt64(64 - avoid.bits)
        let allowed = [1, 2, 3, 4].flatMap { a in ["x", "y"].map { (a, $0) } }.filter { a, b in
            let i = Int(Self.fingerprint(a, b) >> shift)
            return avoid.filter[i >> 3] & (1 << UInt8(i & 7)) == 0
        }
        #expect(allowed.count >= 4)
        for (a, b) in allowed { #expect((counts["\(a)\(b)"] ?? 0) > 1000, "\(a)\(b): \(counts["\(a)\(b)"] ?? 0)") }
        // Columns reading the compared ones follow the redraw; so does a child reading the parent.
        #expect(people.allSatisfy { $0[3] == $0[2] + $0[1] })
        let visits = try Self.rows(plan, "visits", 0..<20000)
        #expect(visits.count == 20000)
        #expect(zip(people, visits).allSatisfy { p, v in v[0] == p[0] && v[1] == p[1] && v[2] == p[2] })
    }

    @Test func redrawsDoNotDependOnTheShards() throws {
        let spec = try Self.spec(forbidding: [(1, "x"), (4, "y")])
        let whole = try Self.rows(DatasetPlan(spec: spec), "people", 0..<20000)
        var joined: [[String]] = []
        for r in [0..<7, 7..<12_345, 12_345..<20000] as [Range<UInt64>] { joined += try Self.rows(DatasetPlan(spec: spec), "people", r) }
        #expect(joined == whole)
        let unguarded = try DatasetPlan(spec: TestSupport.spec(spec.text.replacingOccurrences(of: "avoid_copies", with: "description: x\n#")))
        let plain = try Self.rows(unguarded, "people", 0..<20000)
        // Only rows that hit the bitmap changed, mostly in one column: a redraw changes one
        // compared column at a time.
        let changed = zip(plain, whole).filter { $0 != $1 }
        #expect(!changed.isEmpty && changed.allSatisfy { p, _ in Self.sharesBucket(p, spec) })
        let oneColumn = changed.filter { p, w in (p[1] == w[1]) != (p[2] == w[2]) }.count
        #expect(Double(oneColumn) > 0.6 * Double(changed.count), "\(oneColumn) of \(changed.count) changed rows differ in one column")
    }

    /// Whether row `r` (plain, unguarded) hit the bitmap: a row not in the source that shares a
    /// bucket with one is drawn again too.
    static func sharesBucket(_ r: [String], _ spec: Spec) -> Bool {
        guard let avoid = spec.table("people")?.avoidCopies, let a = Int(r[1]) else { return false }
        let i = Int(fingerprint(a, r[2]) >> UInt64(64 - avoid.bits))
        return avoid.filter[i >> 3] & (1 << UInt8(i & 7)) != 0
    }

    @Test func uniqueColumnsReadingRedrawnOnesStayUnique() throws {
        let forbidden = ["Ann", "Bo"].map { RowFingerprint.text(RowFingerprint.start, $0) }
        let spec = try TestSupport.spec("""
        dataset: guard
        tables:
          users:
            rows: 5000
            columns:
              id:    { type: bigint, gen: sequence, primary_key: true }
              first: { type: text, gen: { choice: [Ann, Bo, Cy, Di, Ed, Flo, Gus, Hal] } }
              email: { type: text, gen: { email: [first] }, unique: true }
            avoid_copies: { columns: [first], filter: "\(Data(AvoidCopies.bitmap(forbidden)).base64EncodedString())" }
        """)
        let rows = try Self.rows(DatasetPlan(spec: spec), "users", 0..<5000)
        #expect(!rows.contains { $0[1] == "Ann" || $0[1] == "Bo" })
        #expect(Set(rows.map { $0[2] }).count == 5000)
        #expect(rows.allSatisfy { $0[2].lowercased().hasPrefix($0[1].lowercased()) }, "\(rows.prefix(3))")
    }

    @Test func aTableWithNoRowLeftFailsWithItsName() throws {
        let all = [1, 2, 3, 4].flatMap { a in ["x", "y"].map { (a, $0) } }
        let plan = try DatasetPlan(spec: Self.spec(forbidding: all))
        #expect {
            try plan.generate("people", units: 0..<10) { _ in }
        } throws: { error in
            let text = "\(error)"
            return text.contains("people") && text.contains("avoid_copies") && text.contains("redraws")
        }
    }
}
