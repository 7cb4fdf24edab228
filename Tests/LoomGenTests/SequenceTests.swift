import Foundation
import LoomGen
import LoomSpec
import Testing

/// Behavioral sequences: walks follow the state machine, times strictly increase, shards split
/// byte-identically, and `visits` makes exactly one order per purchase.
@Suite struct SequenceTests {
    static let yaml = """
    dataset: journeys
    seed: 11
    tables:
      users:
        rows: 2000
        columns:
          id:        { type: bigint, gen: sequence, primary_key: true }
          signup_at: { type: timestamptz, gen: { timestamp: { from: 2024-01-01, to: 2024-06-30 } } }
      sessions:
        per_parent: { users: { poisson: 3 } }
        columns:
          id:         { type: bigint, gen: sequence, primary_key: true }
          user_id:    { ref: users.id }
          started_at: { type: timestamptz, expr: "parent.signup_at + days(uniform(0, 100))" }
      events:
        sequence:
          parent: sessions
          start: landing
          max_steps: 12
          states:
            landing:      { next: { search: 0.55, product_view: 0.3, exit: 0.15 }, dwell: { exponential: { mean: 15 } } }
            search:       { next: { product_view: 0.7, search: 0.1, exit: 0.2 }, dwell: { exponential: { mean: 25 } } }
            product_view: { next: { add_to_cart: 0.25, product_view: 0.35, search: 0.2, exit: 0.2 }, dwell: { lognormal: { mu: 3.5, sigma: 0.6 } } }
            add_to_cart:  { next: { checkout: 0.55, product_view: 0.3, exit: 0.15 } }
            checkout:     { next: { purchase: 0.85, exit: 0.15 }, dwell: { uniform: { min: 0, max: 0.0001 } } }
            purchase:
        columns:
          id:         { type: bigint, gen: sequence, primary_key: true }
          session_id: { ref: sessions.id }
          step:       { type: integer, gen: step }
          event_type: { type: text, gen: state }
          elapsed:    { type: double precision, gen: elapsed }
          at:         { type: timestamptz, expr: "parent.started_at + seconds(elapsed)" }
      orders:
        per_parent: { sessions: { visits: { sequence: events, state: purchase } } }
        columns:
          id:         { type: bigint, gen: sequence, primary_key: true }
          session_id: { ref: sessions.id }
          after:      { type: double precision, gen: { visit_elapsed: { sequence: events, state: purchase } } }
    """

    static let allowed: [String: Set<String>] = [
        "landing": ["search", "product_view"], "search": ["product_view", "search"],
        "product_view": ["add_to_cart", "product_view", "search"], "add_to_cart": ["checkout", "product_view"],
        "checkout": ["purchase"], "purchase": [],
    ]

    /// Rows of `table` as columns of text (COPY text format).
    func rows(_ plan: DatasetPlan, _ table: String) throws -> [[String]] {
        TestSupport.rows(try TestSupport.output(plan, table, format: .copy))
    }

    @Test func walksFollowTheMachineWithStrictlyIncreasingTimes() throws {
        let plan = try DatasetPlan(spec: TestSupport.spec(Self.yaml))
        let events = try rows(plan, "events")
        let sessions = try plan.rows("sessions")
        var bySession: [String: [[String]]] = [:]
        for r in events { bySession[r[1], default: []].append(r) }
        #expect(UInt64(bySession.count) == sessions, "every session has a walk of at least its start state")
        var fromLanding: [String: Int] = [:]
        for (_, walk) in bySession {
            #expect(walk.first?[3] == "landing" && walk.first?[2] == "0")
            #expect(walk.count <= 12)
            for (i, r) in walk.enumerated() {
                #expect(r[2] == String(i), "steps count from 0 without gaps")
                guard i > 0 else { continue }
                let prev = walk[i - 1]
                #expect(Self.allowed[prev[3]]!.contains(r[3]), "\(prev[3]) → \(r[3]) is not a transition")
                #expect(Double(r[4])! > Double(prev[4])!, "elapsed strictly increases (dwell ≥ 1 ms)")
                #expect(r[5] > prev[5], "timestamps strictly increase: \(prev[5]) then \(r[5])")
                if prev[3] == "landing" { fromLanding[r[3], default: 0] += 1 }
            }
            if walk.last?[3] == "purchase" { #expect(walk.count <= 12) }
            #expect(!walk.dropLast().contains { $0[3] == "purchase" }, "purchase is terminal")
        }
        let landings = bySession.count
        let search = Double(fromLanding["search"] ?? 0) / Double(landings), view = Double(fromLanding["product_view"] ?? 0) / Double(landings)
        #expect(abs(search - 0.55) < 0.03 && abs(view - 0.3) < 0.03, "landing → search \(search), → product_view \(view)")
    }

    @Test func everyPurchaseMakesOneOrderAtItsTime() throws {
        let plan = try DatasetPlan(spec: TestSupport.spec(Self.yaml))
        let purchases = try rows(plan, "events").filter { $0[3] == "purchase" }
        let orders = try rows(plan, "orders")
        #expect(purchases.count == orders.count && orders.count > 100, "\(purchases.count) purchases, \(orders.count) orders")
        let bySession = Dictionary(uniqueKeysWithValues: purchases.map { ($0[1], Double($0[4])!) })
        for o in orders {
            let at = try #require(bySession[o[1]], "order for session \(o[1]) without a purchase")
            #expect(abs(Double(o[2])! - at) < 1e-9, "the order's time is the purchase's")
        }
    }

    @Test(arguments: [3, 16])
    func shardsOfSequenceTablesConcatenateToTheWhole(shards: Int) throws {
        let spec = try TestSupport.spec(Self.yaml)
        for table in ["events", "orders"] {
            for format in OutputFormat.allCases {
                let whole = try TestSupport.output(DatasetPlan(spec: spec), table, format: format)
                var joined: [UInt8] = []
                for k in 1...shards {
                    joined += try TestSupport.output(DatasetPlan(spec: spec), table, format: format,
                                                     shard: .init(index: UInt64(k), count: UInt64(shards)))
                }
                #expect(joined == whole, "\(table) \(format.rawValue) in \(shards) shards")
            }
        }
    }

    @Test func personasChangeTheWalksAsTheSpecSays() throws {
        let yaml = Self.yaml
            .replacingOccurrences(of: "      started_at: { type: timestamptz, expr: \"parent.signup_at + days(uniform(0, 100))\" }",
                                  with: "      started_at: { type: timestamptz, expr: \"parent.signup_at + days(uniform(0, 100))\" }\n      segment:    { type: text, gen: { choice: { loyal: 0.5, bargain_hunter: 0.5 } } }")
            .replacingOccurrences(of: "      start: landing\n", with: "      start: landing\n      by: segment\n")
            .replacingOccurrences(of: "add_to_cart:  { next: { checkout: 0.55, product_view: 0.3, exit: 0.15 } }",
                                  with: "add_to_cart:  { next: { checkout: 0.55, product_view: 0.3, exit: 0.15 }, next_by: { bargain_hunter: { checkout: 0.15, product_view: 0.3, exit: 0.55 } } }")
        let spec = try TestSupport.spec(yaml)
        let plan = try DatasetPlan(spec: spec)
        let sessions = try rows(plan, "sessions"), events = try rows(plan, "events")
        let segment = Dictionary(uniqueKeysWithValues: sessions.map { ($0[0], $0[3]) })
        var walks: [String: Int] = [:], bought: [String: Int] = [:]
        for s in sessions { walks[s[3], default: 0] += 1 }
        for e in events where e[3] == "purchase" { bought[segment[e[1]]!, default: 0] += 1 }
        let machine = try #require(spec.table("events")?.sequence)
        for value in ["loyal", "bargain_hunter"] {
            let expected = machine.reachProbability(of: "purchase", value: value == "loyal" ? nil : value)
            let observed = Double(bought[value] ?? 0) / Double(walks[value]!)
            #expect(abs(observed - expected) < 0.02, "\(value): \(observed) of sessions buy, the chain says \(expected)")
        }
        #expect(machine.reachProbability(of: "purchase", value: "bargain_hunter") < machine.reachProbability(of: "purchase") / 2)
        let orders = try rows(plan, "orders")
        #expect(orders.count == bought.values.reduce(0, +), "orders follow the persona-dependent walks too")
        for shards in [5] {
            let whole = try TestSupport.output(DatasetPlan(spec: spec), "events", format: .copy)
            var joined: [UInt8] = []
            for k in 1...shards { joined += try TestSupport.output(DatasetPlan(spec: spec), "events", format: .copy, shard: .init(index: UInt64(k), count: UInt64(shards))) }
            #expect(joined == whole)
        }
    }

    @Test func stepNumbersTheRowsOfEachParentInPerParentTables() throws {
        let spec = try TestSupport.spec("""
        dataset: series
        seed: 2
        tables:
          devices:
            rows: 300
            columns:
              id:    { type: bigint, gen: sequence, primary_key: true }
              since: { type: timestamptz, gen: { timestamp: { from: 2024-01-01, to: 2024-01-31 } } }
          readings:
            per_parent: { devices: { poisson: 20 } }
            columns:
              device_id: { ref: devices.id }
              seq:       { type: integer, gen: step }
              at:        { type: timestamptz, expr: "parent.since + minutes(seq * 15)" }
        """)
        let readings = try rows(DatasetPlan(spec: spec), "readings")
        var next: [String: Int] = [:]
        var last: [String: String] = [:]
        for r in readings {
            #expect(r[1] == String(next[r[0], default: 0]), "device \(r[0]): readings are numbered 0, 1, 2, … in order")
            if let prev = last[r[0]] { #expect(r[2] > prev, "times increase along a device's series") }
            next[r[0], default: 0] += 1
            last[r[0]] = r[2]
        }
        #expect(next.count > 290)
        let whole = try TestSupport.output(DatasetPlan(spec: spec), "readings", format: .copy)
        var joined: [UInt8] = []
        for k in 1...7 { joined += try TestSupport.output(DatasetPlan(spec: spec), "readings", format: .copy, shard: .init(index: UInt64(k), count: 7)) }
        #expect(joined == whole)
    }
}
