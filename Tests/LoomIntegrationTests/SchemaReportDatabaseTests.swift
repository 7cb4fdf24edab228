import Foundation
import LoomPostgres
import LoomProfile
import Testing

/// `loom report` with schema names against a real PostgreSQL: row counts and children per parent
/// of a small real schema with foreign keys and a synthetic one without, figures known by hand.
@Suite struct SchemaReportDatabaseTests {
    /// Real schema `a`: 10 users (users 2-4 referred by user 1, user 5 by user 2), 20 orders whose
    /// users 1-10 have 0, 0, 1, 1, 1, 2, 2, 3, 4, 6 each, 2 reviews of order 1. Synthetic schema `b`
    /// (no constraints, no `reviews`, no `referrer_id`): 20 users with 2 orders each, one order of
    /// an unknown user and one without a user.
    static let fixture = """
        CREATE SCHEMA a;
        CREATE TABLE a.users (id int PRIMARY KEY, referrer_id int REFERENCES a.users (id));
        INSERT INTO a.users SELECT g, NULL FROM generate_series(1, 10) g;
        UPDATE a.users SET referrer_id = CASE WHEN id = 5 THEN 2 ELSE 1 END WHERE id IN (2, 3, 4, 5);
        CREATE TABLE a.orders (id int PRIMARY KEY, user_id int NOT NULL REFERENCES a.users (id));
        INSERT INTO a.orders SELECT row_number() OVER (), u.id
            FROM a.users u, generate_series(1, (ARRAY[0, 0, 1, 1, 1, 2, 2, 3, 4, 6])[u.id]) g;
        CREATE TABLE a.reviews (id int PRIMARY KEY, order_id int REFERENCES a.orders (id));
        INSERT INTO a.reviews VALUES (1, 1), (2, 1);
        CREATE SCHEMA b;
        CREATE TABLE b.users (id int);
        INSERT INTO b.users SELECT g FROM generate_series(1, 20) g;
        CREATE TABLE b.orders (id int, user_id int);
        INSERT INTO b.orders SELECT row_number() OVER (), u FROM generate_series(1, 20) u, generate_series(1, 2) g;
        INSERT INTO b.orders VALUES (41, 99), (42, NULL);
        """

    static func database() throws -> String {
        let db = try TestCluster.database("schema_report")
        let c = try PostgresConnection(db)
        defer { c.close() }
        try c.execute(fixture)
        return db
    }

    static func bins(_ pairs: KeyValuePairs<Int, Int>) -> [[Int]] { pairs.map { [$0.key, $0.value] } }

    static func close(_ x: Double, _ y: Double) -> Bool { abs(x - y) < 1e-9 }

    /// Checks the figures of the fixture, whether measured in-process or decoded from `--json`.
    static func expectFixtureFigures(_ r: SchemaReport) {
        #expect(r.real == "a" && r.synthetic == "b")
        #expect(r.tables.map(\.table) == ["orders", "reviews", "users"])
        #expect(r.tables.map(\.real) == [20, 2, 10] && r.tables.map(\.synthetic) == [42, 0, 20])
        #expect(
            r.relationships.map { "\($0.child).\($0.column)>\($0.parent).\($0.parentColumn)" }
                == ["orders.user_id>users.id", "reviews.order_id>orders.id", "users.referrer_id>users.id"])
        guard r.relationships.count == 3 else { return }
        let orders = r.relationships[0], reviews = r.relationships[1], referrals = r.relationships[2]
        // Same mean (2 children per user), different shapes: CDFs 0.2, 0.5 against 0, 0 at 0, 1 children.
        #expect(orders.real.map { [$0.children, $0.parents] } == bins([0: 2, 1: 3, 2: 2, 3: 1, 4: 1, 6: 1]))
        #expect(orders.synthetic.map { [$0.children, $0.parents] } == bins([2: 20]), "orphans and NULLs are not children")
        #expect(close(orders.realMean, 2) && close(orders.syntheticMean, 2) && close(orders.ks, 0.5))
        #expect(close(orders.realTopShare, 6.0 / 20) && close(orders.syntheticTopShare, 4.0 / 40))
        // Missing table (reviews) or column (referrer_id) on the synthetic side: reported, empty.
        #expect(reviews.real.map { [$0.children, $0.parents] } == bins([0: 19, 2: 1]) && reviews.synthetic.isEmpty)
        #expect(close(reviews.realMean, 0.1) && reviews.syntheticMean == 0 && reviews.ks == 1)
        #expect(close(reviews.realTopShare, 1) && reviews.syntheticTopShare == 0)
        #expect(referrals.real.map { [$0.children, $0.parents] } == bins([0: 8, 1: 1, 3: 1]) && referrals.synthetic.isEmpty)
        #expect(close(referrals.realMean, 0.4) && close(referrals.realTopShare, 0.75) && referrals.ks == 1)
    }

    @Test func measuresRowsAndChildrenPerParent() throws {
        let db = try Self.database()
        let c = try PostgresConnection(db)
        defer { c.close() }
        Self.expectFixtureFigures(try SchemaReport.measure(connection: c, real: "a", synthetic: "b"))
        // Against itself every distribution matches.
        let same = try SchemaReport.measure(connection: c, real: "a", synthetic: "a")
        #expect(same.relationships.allSatisfy { $0.ks == 0 && $0.realTopShare == $0.syntheticTopShare })
        let missing = #expect(throws: ProfileError.self) { try SchemaReport.measure(connection: c, real: "a", synthetic: "nowhere") }
        #expect(missing?.description == "schema nowhere does not exist")
        #expect(throws: ProfileError.self) { try SchemaReport.measure(connection: c, real: "nowhere", synthetic: "b") }
    }

    @Test func reportCommandComparesSchemas() throws {
        let db = try Self.database()
        let text = try Child.loom(["report", "--database", db, "--real", "a", "--synthetic", "b"], timeout: 60)
        #expect(text.status == 0, "\(text.stderr)")
        let lines = text.stdout.split(separator: "\n").map { $0.split(separator: " ").joined(separator: " ") }
        #expect(lines.contains("orders 20 42 2.10") && lines.contains("reviews 2 0 0.00"), "\(text.stdout)")
        #expect(lines.contains("orders.user_id → users 2.00 2.00 0.500 30.0% 10.0%"), "\(text.stdout)")
        #expect(lines.contains("users.referrer_id → users 0.40 0.00 1.000 75.0% 0.0%"), "\(text.stdout)")

        let html = FaultTests.workDirectory + "/schema-report-\(UUID().uuidString).html"
        let json = try Child.loom(["report", "--database", db, "--real", "a", "--synthetic", "b", "--json", "--html", html], timeout: 60)
        #expect(json.status == 0, "\(json.stderr)")
        Self.expectFixtureFigures(try JSONDecoder().decode(SchemaReport.self, from: Data(json.stdout.utf8)))
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<svg") && !page.contains("<script") && page.contains("orders.user_id → users.id"))

        let missing = try Child.loom(["report", "--database", db, "--real", "a", "--synthetic", "nowhere"], timeout: 60)
        #expect(missing.status == 1 && missing.stderr.contains("schema nowhere does not exist"), "\(missing.stderr)")
        let mixed = try Child.loom(["report", "--database", db, "--real", "a", "--synthetic", "b.orders"], timeout: 60)
        #expect(mixed.status == 1 && mixed.stderr.contains("both be tables (SCHEMA.TABLE) or both schemas"), "\(mixed.stderr)")
    }
}
