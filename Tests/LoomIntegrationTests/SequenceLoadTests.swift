import Foundation
import LoomLoad
import LoomPostgres
import LoomSpec
import Testing

/// Behavioral sequences loaded into a real PostgreSQL and checked in SQL: event times strictly
/// increase within a session and never precede the user's signup; every purchase has exactly
/// one order, placed at the purchase's time.
@Suite struct SequenceLoadTests {
    static let spec = """
        dataset: clickstream
        seed: 23
        tables:
          users:
            rows: 5000
            columns:
              id:        { type: bigint, gen: sequence, primary_key: true }
              signup_at: { type: timestamptz, gen: { timestamp: { from: 2024-01-01, to: 2024-12-31 } } }
          sessions:
            per_parent: { users: { geometric: 0.3 } }
            columns:
              id:         { type: bigint, gen: sequence, primary_key: true }
              user_id:    { ref: users.id }
              started_at: { type: timestamptz, expr: "parent.signup_at + hours(uniform(0, 2000))" }
          events:
            sequence:
              parent: sessions
              start: landing
              max_steps: 30
              states:
                landing: { next: { browse: 0.7, exit: 0.3 }, dwell: { exponential: { mean: 8 } } }
                browse:  { next: { browse: 0.5, cart: 0.2, exit: 0.3 }, dwell: { lognormal: { mu: 3, sigma: 0.8 } } }
                cart:    { next: { browse: 0.3, buy: 0.5, exit: 0.2 }, dwell: { exponential: { mean: 30 } } }
                buy:
            columns:
              id:         { type: bigint, gen: sequence, primary_key: true }
              session_id: { ref: sessions.id }
              step:       { type: integer, gen: step }
              kind:       { type: text, gen: state }
              elapsed:    { type: double precision, gen: elapsed }
              at:         { type: timestamptz, expr: "parent.started_at + seconds(elapsed)" }
          orders:
            per_parent: { sessions: { visits: { sequence: events, state: buy } } }
            columns:
              id:         { type: bigint, gen: sequence, primary_key: true }
              session_id: { ref: sessions.id }
              after:      { type: double precision, gen: { visit_elapsed: { sequence: events, state: buy } } }
              placed_at:  { type: timestamptz, expr: "parent.started_at + seconds(after)" }
        """

    @Test func loadedJourneysAreConsistentInSQL() throws {
        let db = try TestCluster.database()
        let spec = try SpecLoader.load(text: Self.spec, file: "clickstream.yaml")
        _ = try LoadJob(spec: spec, options: LoadTests.options(shardRows: 1000), conninfo: db).run()
        let c = try PostgresConnection(db)
        func count(_ sql: String) throws -> Int { Int(try c.execute(sql).value(0, 0) ?? "-1") ?? -1 }
        #expect(try count("SELECT count(*) FROM events") > 10_000)
        #expect(
            try count(
                "SELECT count(*) FROM sessions s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.session_id = s.id AND e.step = 0 AND e.kind = 'landing' AND e.at = s.started_at)"
            ) == 0,
            "every session starts with a landing at its start time")
        #expect(
            try count(
                """
                SELECT count(*) FROM (SELECT at, lag(at) OVER (PARTITION BY session_id ORDER BY step) AS prev FROM events) t
                WHERE prev IS NOT NULL AND at <= prev
                """) == 0, "event times strictly increase within a session")
        #expect(
            try count(
                "SELECT count(*) FROM events e JOIN sessions s ON s.id = e.session_id JOIN users u ON u.id = s.user_id WHERE e.at < u.signup_at"
            ) == 0,
            "no event precedes its user's signup")
        let buys = try count("SELECT count(*) FROM events WHERE kind = 'buy'")
        let orders = try count("SELECT count(*) FROM orders")
        #expect(buys > 100 && buys == orders, "one order per purchase: \(buys) purchases, \(orders) orders")
        #expect(
            try count(
                "SELECT count(*) FROM orders o LEFT JOIN events e ON e.session_id = o.session_id AND e.kind = 'buy' WHERE e.id IS NULL OR abs(extract(epoch FROM o.placed_at - e.at)) > 0.001"
            ) == 0,
            "every order is placed at its session's purchase")
        #expect(
            try count("SELECT count(*) FROM (SELECT session_id FROM events WHERE kind = 'buy' GROUP BY 1 HAVING count(*) > 1) t") == 0,
            "buy is terminal")
    }
}
