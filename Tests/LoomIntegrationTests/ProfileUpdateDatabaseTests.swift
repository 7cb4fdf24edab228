import Foundation
import LoomPostgres
import LoomSpec
import Testing

/// `loom profile --update` against a real database whose data changed after the spec was
/// written: the hand-written parts stay byte for byte, the learned columns move, the diff is
/// printed, a dropped column is reported and kept.
@Suite struct ProfileUpdateDatabaseTests {
    /// A spec as a person leaves it: comments, a persona, an expression, a column kept on
    /// purpose, a behavioral sequence, and learned columns fitted to the data as it was.
    static let spec = """
        # The shop, fitted in January and tuned by hand since.
        dataset: shop
        seed: 7
        personas:
          segment: { loyal: 0.5, bargain: 0.3, window: 0.2 }   # chosen by marketing
        tables:
          users:
            rows: 3000
            columns:
              id: { type: integer, gen: sequence, primary_key: true }
              segment: { type: text, gen: persona }
              age: { type: integer, gen: { uniform: { min: 20, max: 69 } }, clamp: [20, 69] }
              income:
                type: double precision
                gen: { uniform: { min: 100, max: 433 } }   # learned
              status: { type: text, gen: { choice: { "new": 1000, "paid": 1000, "sent": 1000 } } }
              score: { type: double precision, gen: { normal: { mean: 48, sd: 28 } }, keep: true }   # ours
              double_age: { type: integer, expr: "age * 2" }
              notes: { type: text, gen: { words: [2, 2] } }
          orders:
            per_parent: { users: { histogram: { 1: 3000 } } }   # one each, in January
            columns:
              user_id: { ref: users.id }
          visits:
            sequence:
              parent: users
              states:
                landing: { next: { browse: 0.6, exit: 0.4 }, dwell: { exponential: { mean: 15 } } }
                browse: { next: { browse: 0.3, exit: 0.7 } }
            columns:
              user_id: { ref: users.id }
              step: { type: integer, gen: step }
              kind: { type: text, gen: state }
              at_age: { type: integer, expr: "parent.age + step" }
        expectations:
          users.age: { mean: 44.5 }

        """

    /// Lines a person wrote, which the update must leave exactly as they are.
    static let handWritten = [
        "# The shop, fitted in January and tuned by hand since.",
        "  segment: { loyal: 0.5, bargain: 0.3, window: 0.2 }   # chosen by marketing",
        "      segment: { type: text, gen: persona }",
        "      score: { type: double precision, gen: { normal: { mean: 48, sd: 28 } }, keep: true }   # ours",
        "      double_age: { type: integer, expr: \"age * 2\" }",
        "      notes: { type: text, gen: { words: [2, 2] } }",
    ]

    /// The `visits:` table, a sequence, as written.
    static var sequenceBlock: String {
        let start = spec.range(of: "  visits:\n")!.lowerBound, end = spec.range(of: "expectations:")!.lowerBound
        return String(spec[start..<end])
    }

    @Test func aRefitKeepsTheHandWrittenPartsMovesTheLearnedOnesAndReportsTheDroppedColumn() throws {
        let db = try TestCluster.database()
        let c = try PostgresConnection(db)
        defer { c.close() }
        try c.execute(
            """
            CREATE TABLE users AS SELECT g AS id, (ARRAY['loyal', 'bargain', 'window'])[1 + g % 3] AS segment,
                20 + (g * 7919 % 50) AS age, (100 + (g * 104729 % 1000) / 3.0)::double precision AS income,
                (ARRAY['new', 'paid', 'sent'])[1 + (g * 31) % 3] AS status, (g * 13 % 97)::double precision AS score,
                0 AS double_age, 'note ' || g AS notes
            FROM generate_series(1, 3000) g;
            UPDATE users SET double_age = age * 2;
            ALTER TABLE users ADD PRIMARY KEY (id);
            CREATE TABLE orders AS SELECT id AS user_id FROM users;
            ALTER TABLE orders ADD FOREIGN KEY (user_id) REFERENCES users (id);
            CREATE TABLE visits AS SELECT id AS user_id, 0 AS step, 'landing'::text AS kind, age AS at_age FROM users;
            """)
        // The data changes after the spec was written: older, richer, mostly paid; notes are gone.
        try c.execute(
            """
            UPDATE users SET age = age + 30, income = income * 2, status = CASE WHEN id % 10 = 0 THEN 'new' ELSE 'paid' END;
            ALTER TABLE users DROP COLUMN notes;
            INSERT INTO orders SELECT id FROM users WHERE id % 2 = 0;
            """)
        let path = FaultTests.workDirectory + "/update-\(UUID().uuidString).yaml"
        try Self.spec.write(toFile: path, atomically: true, encoding: .utf8)

        let dry = try Child.loom(["profile", "--update", path, "--database", db, "--dry-run"], timeout: 120)
        #expect(dry.status == 0, "\(dry.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.spec, "--dry-run writes nothing")
        #expect(dry.stdout.contains("not written"))

        let run = try Child.loom(["profile", "--update", path, "--database", db], timeout: 120)
        #expect(run.status == 0, "\(run.stderr)")
        let diff = run.stdout.split(separator: "\n").map(String.init)
        let row = { (name: String) in diff.first { $0.hasPrefix(name + " ") } ?? "" }
        #expect(row("users.age").contains("KS") && row("users.age").hasSuffix("MOVED"), "\(run.stdout)")
        #expect(row("users.income").contains("KS") && row("users.income").hasSuffix("MOVED"), "\(run.stdout)")
        #expect(row("users.status").contains("TV") && row("users.status").hasSuffix("MOVED"), "\(run.stdout)")
        #expect(row("orders.per_parent").contains("KS") && row("orders.per_parent").hasSuffix("MOVED"), "\(run.stdout)")
        #expect(diff.contains("- users.score (normal): keep: true"), "\(run.stdout)")
        #expect(diff.contains("- users.segment (persona): persona"), "\(run.stdout)")
        #expect(diff.contains("- users.double_age (expr): expression"), "\(run.stdout)")
        #expect(diff.contains("- visits.kind (state): in a sequence table"), "\(run.stdout)")
        #expect(
            diff.contains("- column users.notes: dropped from the database; still in the spec (remove it by hand if it is gone for good)"),
            "the dropped column is reported: \(run.stdout)")

        let updated = try String(contentsOfFile: path, encoding: .utf8)
        let lines = Set(updated.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        for line in Self.handWritten { #expect(lines.contains(line), "kept byte for byte: \(line)") }
        #expect(updated.contains(Self.sequenceBlock), "the sequence table is byte-identical")
        #expect(updated.contains("   # learned\n") && !updated.contains("max: 433"), "the comment after a refitted value stays: \(updated)")

        let after = try SpecLoader.load(text: updated, file: path)
        let users = try #require(after.table("users"))
        func generator(_ name: String) -> GeneratorSpec? {
            guard case .generator(let g) = users.columns.first(where: { $0.name == name })?.source else { return nil }
            return g
        }
        if case .uniformInt(let lo, let hi)? = generator("age") {
            #expect(lo >= 45 && hi >= 95, "the age law follows the data: \(lo)…\(hi)")
        } else {
            Issue.record("age is still uniform: \(String(describing: generator("age")))")
        }
        if case .uniformFloat(_, let hi)? = generator("income") {
            #expect(hi > 800, "incomes doubled: \(hi)")
        } else {
            Issue.record("income is still uniform: \(String(describing: generator("income")))")
        }
        if case .choice(let values, _)? = generator("status") {
            #expect(values.count == 2, "sent is gone: \(values)")
        } else {
            Issue.record("status is still a choice: \(String(describing: generator("status")))")
        }
        #expect(users.columns.contains { $0.name == "notes" }, "a dropped column is not silently lost")
        #expect(after.personas.map(\.name) == ["segment"])
        if case .perParent("users", .histogram(let h))? = after.table("orders")?.rows {
            #expect(h.counts == [1, 2], "half the users now have two orders: \(h)")
        } else if case .perParent("users", .conditional(let c))? = after.table("orders")?.rows {
            // The refit found the orders per user depend on a user column: a histogram per case.
            var counts = Set<Int64>()
            for g in c.cases.map(\.generator) + [c.fallback].compactMap({ $0 }) {
                if case .histogram(let h) = g { counts.formUnion(h.counts) } else { Issue.record("a case is not a histogram: \(g)") }
            }
            #expect(counts == [1, 2], "half the users now have two orders: \(c)")
        } else {
            Issue.record("orders still hang under users by a histogram: \(String(describing: after.table("orders")?.rows))")
        }
        #expect(updated.contains("   # one each, in January\n"))

        // The fit is now current: a second update changes no byte.
        let again = try Child.loom(["profile", "--update", path, "--database", db], timeout: 120)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == updated)
        #expect(again.stdout.contains("unchanged"))

        let scripted = try Child.loom(["profile", "--update", path, "--database", db, "--dry-run", "--json"], timeout: 120)
        let object = try JSONSerialization.jsonObject(with: Data(scripted.stdout.utf8)) as? [String: Any]
        let columns = try #require(object?["columns"] as? [[String: Any]], "\(scripted.stdout) \(scripted.stderr)")
        let age = try #require(columns.first { $0["table"] as? String == "users" && $0["column"] as? String == "age" })
        #expect(age["outcome"] as? String == "refitted" && age["moved"] as? Bool == false, "refitted already: \(age)")
        #expect((object?["schema_changes"] as? [String])?.contains { $0.hasPrefix("column users.notes: dropped") } == true)
    }

    @Test func aSpecWithNoTableInTheDatabaseIsAClearError() throws {
        let db = try TestCluster.database()
        let path = FaultTests.workDirectory + "/update-\(UUID().uuidString).yaml"
        try Self.spec.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try Child.loom(["profile", "--update", path, "--database", db], timeout: 60)
        #expect(run.status == 1)
        #expect(run.stderr.contains("none of the spec's tables (users, orders, visits) is in schema public"), "\(run.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == Self.spec)
    }

    /// A profiled spec whose source data changed: the copula follows the data (a correlation that
    /// flipped sign), the `avoid_copies:` bitmap covers the rows as they are now, and the fresh
    /// spec loads and keeps no row of the new source.
    @Test func theCopulaAndTheCopyGuardFollowTheData() throws {
        let db = try TestCluster.database()
        let c = try PostgresConnection(db)
        defer { c.close() }
        try c.execute(
            """
            CREATE TABLE m AS SELECT g AS id, (g * 7919 % 1000) / 10.0 AS x, 0.0 AS y, (g * 31 % 97)::numeric AS z
            FROM generate_series(1, 2000) g;
            UPDATE m SET y = round(2 * x + (id * 104729 % 300) / 10.0, 1);
            ALTER TABLE m ADD PRIMARY KEY (id);
            """)
        let path = FaultTests.workDirectory + "/update-copula-\(UUID().uuidString).yaml"
        let profiled = try Child.loom(["profile", "--database", db, "--table", "m", "--out", path], timeout: 120)
        #expect(profiled.status == 0, "\(profiled.stderr)")
        let before = try SpecLoader.load(text: String(contentsOfFile: path, encoding: .utf8), file: path)
        let rho = { (spec: Spec) in spec.table("m")?.correlations.first { Set([$0.first, $0.second]) == ["x", "y"] }?.rho }
        let old = try #require(before.table("m")?.avoidCopies, "the profile writes avoid_copies")
        #expect((rho(before) ?? 0) > 0.8, "\(String(describing: before.table("m")?.correlations))")
        // A person narrows the guard to two columns; the update keeps their choice.
        let narrowed = try String(contentsOfFile: path, encoding: .utf8).replacingOccurrences(
            of: #"columns: \[[^\]]*\], source_rows"#, with: "columns: [x, z], source_rows", options: .regularExpression)
        #expect(narrowed.contains("columns: [x, z], source_rows"))
        try narrowed.write(toFile: path, atomically: true, encoding: .utf8)

        try c.execute(
            """
            UPDATE m SET y = round(400 - 2 * x + (id * 104729 % 300) / 10.0, 1);
            INSERT INTO m SELECT g, (g * 7919 % 1000) / 10.0, 0.0, (g * 31 % 97)::numeric FROM generate_series(2001, 3000) g;
            UPDATE m SET y = round(400 - 2 * x + (id * 104729 % 300) / 10.0, 1) WHERE id > 2000;
            """)
        let run = try Child.loom(["profile", "--update", path, "--database", db], timeout: 120)
        #expect(run.status == 0, "\(run.stderr)")
        let correlate = run.stdout.split(separator: "\n").first { $0.hasPrefix("- m.correlate: ") } ?? ""
        #expect(correlate.contains("refitted") && correlate.contains("largest move [x, y]"), "\(run.stdout)")
        #expect(run.stdout.contains("- m.avoid_copies: bitmap refitted over 3000 distinct source rows (was 2000)"), "\(run.stdout)")

        let updated = try String(contentsOfFile: path, encoding: .utf8)
        let after = try SpecLoader.load(text: updated, file: path)
        #expect((rho(after) ?? 0) < -0.8, "the copula follows the data: \(String(describing: after.table("m")?.correlations))")
        let now = try #require(after.table("m")?.avoidCopies)
        #expect(now.sourceRows == 3000 && now.filter != old.filter && now.columns == ["x", "z"], "\(now)")

        // The refitted spec makes rows that follow the new correlation and copy none of the source
        // rows as they are now over the guarded columns (x takes 1000 values, z 97: unguarded, about
        // 3% of generated rows would equal one of the 3000).
        try c.execute("CREATE SCHEMA gen")
        let load = try Child.loom(["load", path, "--database", db, "--schema", "gen", "--quiet"], timeout: 120)
        #expect(load.status == 0, "\(load.stderr)")
        let r = try c.execute("SELECT corr(x::float8, y::float8) FROM gen.m").value(0, 0).flatMap(Double.init) ?? 0
        #expect(r < -0.8, "generated x and y follow the refitted copula: \(r)")
        let copies = try c.execute(
            "SELECT count(*) FROM gen.m g WHERE EXISTS (SELECT 1 FROM public.m s WHERE s.x = g.x AND s.z = g.z)"
        ).value(0, 0)
        #expect(copies == "0", "no generated row equals a source row")

        let again = try Child.loom(["profile", "--update", path, "--database", db], timeout: 120)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(try String(contentsOfFile: path, encoding: .utf8) == updated, "a second update changes no byte")
    }
}
