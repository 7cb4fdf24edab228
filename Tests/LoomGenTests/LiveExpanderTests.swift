import Foundation
import LoomGen
import LoomSpec
import Testing

/// Rows streamed after a bulk load are the rows a bigger bulk load has at the same indexes:
/// same numbering of every child table, same values, whatever the order of the roots' children.
@Suite struct LiveExpanderTests {
    static func ecommerce() throws -> Spec {
        try SpecLoader.load(path: TestSupport.root.appendingPathComponent("Configs/ecommerce.yaml").path)
    }

    static func plan(_ spec: Spec, users: Int64, anchors: [TimeAnchor] = []) throws -> DatasetPlan {
        try DatasetPlan(spec: spec, rowOverrides: ["users": users, "products": 50, "reviews": 40], anchors: anchors)
    }

    /// Streamed rows per table, as COPY text lines.
    static func expand(_ plan: DatasetPlan, from first: UInt64, roots: Int, timeColumns: [String: String] = [:]) throws -> [String:
        [String]]
    {
        let streamed: Set<String> = ["users", "sessions", "events", "orders", "order_items"]
        let expander = try LiveExpander(
            plan: plan, root: "users", firstRow: first, streamed: streamed, timeColumns: timeColumns, format: .copy)
        let names = plan.spec.loadOrder.map(\.name)
        var out: [String: [String]] = [:]
        for _ in 0..<roots {
            expander.expandNext(arrival: 0) { row in out[names[row.table], default: []].append(String(decoding: row.bytes, as: UTF8.self)) }
        }
        return out
    }

    @Test func childRowsStreamedAfterALoadEqualThoseOfABiggerLoad() throws {
        let spec = try Self.ecommerce()
        let small = try Self.plan(spec, users: 200)
        let big = try Self.plan(spec, users: 260)
        let streamed = try Self.expand(small, from: 200, roots: 60)
        for table in ["sessions", "events", "orders", "order_items"] {
            let loaded = try small.rows(table)
            let all = String(decoding: try TestSupport.output(big, table, format: .copy), as: UTF8.self)
                .split(separator: "\n").map { String($0) + "\n" }
            let expected = Array(all[Int(loaded)...])
            let got = streamed[table] ?? []
            #expect(!got.isEmpty, "\(table) has streamed rows")
            #expect(got == expected, "\(table): \(got.count) streamed rows vs \(expected.count) of the bigger load")
        }
    }

    @Test func anchoredRootTimesReachTheChildrenAndOrderTotalsStillAddUp() throws {
        let spec = try Self.ecommerce()
        let origin: Int64 = 1_800_000_000_000_000
        let anchor = TimeAnchor(table: "users", column: "signup_at") { row in row < 200 ? origin : origin + Int64(row - 200) * 1_000_000 }
        let plan = try Self.plan(spec, users: 200, anchors: [anchor])
        let streamed = try Self.expand(plan, from: 200, roots: 80, timeColumns: ["users": "signup_at", "sessions": "started_at"])
        let users = try #require(streamed["users"])
        #expect(users.count == 80)
        #expect(users.first?.contains("2027-01-15 08:00:00+00") == true, "row 200 signs up at the anchor: \(users.first ?? "")")
        let items = (streamed["order_items"] ?? []).map { $0.dropLast().split(separator: "\t", omittingEmptySubsequences: false) }
        var sums: [String: Double] = [:]
        for i in items { sums[String(i[1]), default: 0] += Double(i[7])! }
        let orders = (streamed["orders"] ?? []).map { $0.dropLast().split(separator: "\t", omittingEmptySubsequences: false) }
        #expect(!orders.isEmpty)
        for o in orders {
            let total = Double(o[9])!, shipping = Double(o[7])!
            #expect(abs(total - shipping - (sums[String(o[0])] ?? 0)) < 0.005, "order \(o[0]) total \(total)")
        }
    }

    @Test func sharesOfTheRootRowsTogetherEmitEveryRowOnce() throws {
        let spec = try Self.ecommerce()
        let plan = try Self.plan(spec, users: 200)
        let whole = try Self.expand(plan, from: 200, roots: 45)
        var together: [String: [String]] = [:]
        for k in 0..<3 as Range<UInt64> {
            let names = plan.spec.loadOrder.map(\.name)
            let expander = try LiveExpander(
                plan: try Self.plan(spec, users: 200), root: "users", firstRow: 200,
                streamed: ["users", "sessions", "events", "orders", "order_items"], timeColumns: [:], format: .copy)
            expander.shard = (k, 3)
            for _ in 0..<45 {
                expander.expandNext(arrival: 0) { row in
                    together[names[row.table], default: []].append(String(decoding: row.bytes, as: UTF8.self))
                }
            }
        }
        for table in ["users", "sessions", "events", "orders", "order_items"] {
            #expect((together[table] ?? []).sorted() == (whole[table] ?? []).sorted(), "\(table): three shares vs one stream")
            #expect(!(whole[table] ?? []).isEmpty)
        }
    }

    @Test func permutationsExtendByTheIdentityPastTheirCount() {
        let p = Permutation(count: 1000, key: 42)
        var seen = Set<UInt64>()
        for x in 0..<1000 as Range<UInt64> { seen.insert(p.permute(x)) }
        #expect(seen == Set(0..<1000))
        #expect(p.permute(1000) == 1000 && p.permute(123_456) == 123_456)
    }
}
