import Foundation
import LoomLoad
import LoomPostgres
import LoomProfile
import LoomSpec
import Testing

/// `loom profile` and `loom report` against a real PostgreSQL: public datasets profiled,
/// regenerated with `loom load` and scored; a parent/child pair; inputs that profile badly.
@Suite struct ProfileTests {
    static let dataDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("ProfileData").path

    struct Dataset {
        var table: String
        var file: String
        var ddl: String
        /// The CSV's first line is not the column names (scikit-learn's count header).
        var skipFirstLine: Bool
    }

    static let wine = Dataset(
        table: "wine", file: "wine_data.csv",
        ddl: """
            alcohol float8, malic_acid float8, ash float8, alcalinity float8, magnesium int, total_phenols float8,
            flavanoids float8, nonflavanoid float8, proanthocyanins float8, color float8, hue float8, od280 float8,
            proline int, class int
            """, skipFirstLine: true)
    static let fair = Dataset(
        table: "fair", file: "fair.csv",
        ddl: """
            rate_marriage int, age float8, yrs_married float8, children float8, religious int, educ int,
            occupation int, occupation_husb int, affairs float8
            """, skipFirstLine: true)

    /// Creates `src.TABLE` and copies the CSV into it.
    static func load(_ d: Dataset, into c: PostgresConnection) throws -> Int {
        try c.execute("CREATE SCHEMA IF NOT EXISTS src")
        try c.execute("CREATE TABLE src.\(d.table) (\(d.ddl))")
        var text = try String(contentsOfFile: dataDirectory + "/" + d.file, encoding: .utf8)
        if d.skipFirstLine, let nl = text.firstIndex(of: "\n") { text = String(text[text.index(after: nl)...]) }
        try c.beginCopy("COPY src.\(d.table) FROM STDIN WITH (FORMAT csv)")
        try Array(text.utf8).withUnsafeBytes { try c.putCopyData($0) }
        return Int(try c.endCopy())
    }

    static func options(_ tables: [String] = [], correlations: Bool = true) -> ProfileOptions {
        var o = ProfileOptions()
        o.schema = "src"
        o.tables = tables
        o.correlations = correlations
        return o
    }

    static func generate(_ spec: String, schema: String, db: String) throws {
        let s = try SpecLoader.load(text: spec, file: "profile.yaml")
        _ = try LoadJob(spec: s, options: LoadOptions(schema: schema), conninfo: db).run()
    }

    /// `loom validate` of the synthetic schema against the profile's own expectations: the
    /// generated data must not raise an alert (bounds, shapes, shares, NULL rates).
    static func expectValidates(_ spec: String, schema: String, db: String) throws {
        let path = FaultTests.workDirectory + "/validate-\(UUID().uuidString).yaml"
        try spec.write(toFile: path, atomically: true, encoding: .utf8)
        let run = try Child.loom(["validate", path, "--database", db, "--schema", schema], timeout: 120)
        #expect(run.status == 0 && run.stdout.contains("passed") && !run.stdout.contains(" alert "), "\(run.stdout)\(run.stderr)")
    }

    @Test(arguments: ["wine", "fair"])
    func publicDatasetRoundTrip(name: String) throws {
        let d = name == "wine" ? Self.wine : Self.fair
        let db = try TestCluster.database("profile_\(name)")
        let c = try PostgresConnection(db)
        let rows = try Self.load(d, into: c)
        #expect(rows == (name == "wine" ? 178 : 6366))

        // Through the binary: a spec file that `loom check` accepts.
        let out = FaultTests.workDirectory + "/profile-\(name)-\(UUID().uuidString).yaml"
        let run = try Child.loom(["profile", "--database", db, "--schema", "src", "--out", out], timeout: 120)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("Privacy:") && run.stdout.contains("categories seen fewer than 10 times are dropped"))
        let check = try Child.loom(["check", out], timeout: 60)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("\(name): \(name == "wine" ? 14 : 9) columns, \(rows) rows; no copies of"), "\(check.stdout)")
        let spec = try String(contentsOfFile: out, encoding: .utf8)
        #expect(spec.contains("# Privacy:"))
        #expect(spec.contains("expectations:"))

        let profile = try Profiler(connection: c, options: Self.options()).run()
        let baseline = try Profiler(connection: c, options: Self.options(correlations: false)).run()
        try Self.generate(profile.spec, schema: "syn", db: db)
        try Self.expectValidates(profile.spec, schema: "syn", db: db)
        try Self.generate(baseline.spec, schema: "base", db: db)
        #expect(try c.execute("SELECT count(*) FROM syn.\(name)").value(0, 0) == String(rows))

        let loom = try FidelityReport.measure(connection: c, real: "src.\(name)", synthetic: "syn.\(name)")
        let base = try FidelityReport.measure(connection: c, real: "src.\(name)", synthetic: "base.\(name)")
        #expect(loom.columns.count == (name == "wine" ? 14 : 9))
        #expect(loom.columnShapes > 0.9, "column shapes \(loom.columnShapes)")
        if profile.correlationsEmitted {
            // With the copula in the spec language, dependence must show in the score.
            #expect(loom.overall > base.overall + 0.01, "loom \(loom.overall) vs independent marginals \(base.overall)")
        } else {
            // No pair the copula can drive (fair's columns are categories and counts): the report
            // says so, and the spec is the independent-marginals spec, with the same score.
            #expect(profile.report.contains { $0.contains("left out of correlate") }, "\(profile.report)")
            #expect(abs(loom.overall - base.overall) < 1e-9, "loom \(loom.overall) vs baseline \(base.overall)")
        }
        if name == "wine" { #expect(profile.correlationsEmitted, "wine's continuous columns get a copula") }
        // No synthetic row is a copy of a real one: avoid_copies draws such rows again, even in
        // fair, whose columns take a handful of values each so that a quarter of its real rows
        // equal another real row.
        #expect(spec.contains("avoid_copies: { columns: ["), "\(spec.prefix(3000))")
        #expect(profile.report.contains { $0.contains("no generated row equals a source row") }, "\(profile.report)")
        #expect(loom.exactCopies == 0, "exact copies \(loom.exactCopies)")
        #expect(base.exactCopies == 0, "exact copies \(base.exactCopies) without correlations")
        if name == "fair" { #expect(loom.realDuplicates > 0.2, "chance level \(loom.realDuplicates)") }
        #expect(loom.medianDCRSynthetic! > 0)

        let html = FaultTests.workDirectory + "/report-\(name)-\(UUID().uuidString).html"
        let report = try Child.loom(
            ["report", "--database", db, "--real", "src.\(name)", "--synthetic", "syn.\(name)", "--html", html], timeout: 120)
        #expect(report.status == 0, "\(report.stderr)")
        #expect(report.stdout.contains("overall score"))
        let page = try String(contentsOfFile: html, encoding: .utf8)
        #expect(page.contains("<svg") && !page.contains("<script"))
    }

    /// The profiled spec, bitmap and all, travels to worker processes over ZeroMQ; their
    /// shards redraw exactly the rows a single process does, so no copy slips in anywhere.
    @Test func profiledSpecLoadsOnTheClusterWithoutCopies() throws {
        let db = try TestCluster.database("profile_cluster")
        let c = try PostgresConnection(db)
        let rows = try Self.load(Self.fair, into: c)
        let out = FaultTests.workDirectory + "/profile-cluster-\(UUID().uuidString).yaml"
        let run = try Child.loom(["profile", "--database", db, "--schema", "src", "--out", out], timeout: 120)
        #expect(run.status == 0, "\(run.stderr)")
        let specText = try String(contentsOfFile: out, encoding: .utf8)
        #expect(specText.contains("avoid_copies:"))
        let without = try Child.loom(["profile", "--database", db, "--schema", "src", "--no-avoid-copies"], timeout: 120)
        #expect(
            without.status == 0 && !without.stdout.contains("avoid_copies") && !without.stdout.contains("no generated row equals"),
            "\(without.stderr)")

        let port = try PostgresServer.freePort()
        let coordinator = try Child.loom([
            "coordinator", out, "--database", db, "--schema", "syn", "--bind", "tcp://127.0.0.1:\(port)", "--shard-rows", "1000",
        ])
        let workers = try (0..<2).map { _ in
            try Child.loom(["worker", "--connect", "tcp://127.0.0.1:\(port)", "--database", db, "--slots", "2"])
        }
        #expect(coordinator.wait(timeout: 180))
        #expect(coordinator.status == 0, "\(coordinator.stderr)")
        for w in workers { #expect(w.wait(timeout: 30)) }
        #expect(try c.execute("SELECT count(*) FROM loom.shards").value(0, 0) == "7")

        try Self.generate(specText, schema: "single", db: db)
        #expect(try c.execute("SELECT count(*) FROM syn.fair").value(0, 0) == String(rows))
        #expect(try c.execute("SELECT count(*) FROM (SELECT * FROM syn.fair EXCEPT ALL SELECT * FROM single.fair) d").value(0, 0) == "0")
        let report = try FidelityReport.measure(connection: c, real: "src.fair", synthetic: "syn.fair")
        #expect(report.exactCopies == 0, "exact copies \(report.exactCopies)")

        // A spec too large for the welcome message is refused before anything is written.
        let big = FaultTests.workDirectory + "/profile-big-\(UUID().uuidString).yaml"
        let filter = Data(count: 1 << 20).base64EncodedString()
        try specText.replacingOccurrences(of: #"filter: "[^"]*""#, with: "filter: \"\(filter)\"", options: .regularExpression)
            .write(toFile: big, atomically: true, encoding: .utf8)
        let jobsBefore = try c.execute("SELECT count(*) FROM loom.jobs").value(0, 0)
        let refused = try Child.loom(
            ["coordinator", big, "--database", db, "--schema", "big", "--bind", "tcp://127.0.0.1:\(try PostgresServer.freePort())"],
            timeout: 60)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("too large to send to workers"), "\(refused.stderr)")
        #expect(try c.execute("SELECT count(*) FROM loom.jobs").value(0, 0) == jobsBefore)
    }

    /// Columns computed from others in the source are written as expressions, so the rule
    /// holds on every generated row.
    @Test func computedColumnsBecomeExpressions() throws {
        let db = try TestCluster.database()
        let c = try PostgresConnection(db)
        try c.execute(
            """
            CREATE SCHEMA src;
            SELECT setseed(0.17);
            CREATE TABLE src.lines (id bigint PRIMARY KEY, qty int NOT NULL, price numeric(8,2) NOT NULL, total numeric(10,2),
                discount numeric(8,2), net numeric(10,2), note int, ordered_at timestamptz, shipped_at timestamptz, due date, paid date);
            INSERT INTO src.lines SELECT i, q, p, q * p, d, q * p - d, (random() * 100)::int,
                t, t + make_interval(secs => exp(9 + random() * 2)), t::date + 30, t::date + (random() * 40)::int
            FROM (SELECT i, 1 + (random() * 9)::int q, round((1 + random() * 99)::numeric, 2) p, round((random() * 5)::numeric, 2) d,
                  timestamptz '2024-01-01' + make_interval(secs => random() * 3e7) t
                  FROM generate_series(1, 3000) i) s;
            """)
        let profile = try Profiler(connection: c, options: Self.options(correlations: false)).run()
        #expect(profile.spec.contains("total: { type: \"numeric(10,2)\", expr: \"qty * price\""), "\(profile.spec)")
        #expect(profile.spec.contains("net: { type: \"numeric(10,2)\", expr: \"total - discount\""), "\(profile.spec)")
        #expect(!profile.spec.contains("note: { type: \"integer\", expr:"))
        #expect(profile.report.contains { $0.contains("computed: qty * price") })
        #expect(profile.spec.contains("shipped_at: { type: \"timestamptz\", expr: \"ordered_at + seconds("), "\(profile.spec)")
        #expect(!profile.spec.contains("due: { type: \"date\", expr:"), "due - ordered_at is not a rule of dates: \(profile.spec)")
        try Self.generate(profile.spec, schema: "syn", db: db)
        let broken = try c.execute(
            "SELECT count(*) FROM syn.lines WHERE total <> round(qty * price, 2) OR net <> total - discount OR shipped_at < ordered_at")
        #expect(broken.value(0, 0) == "0")
        #expect(try c.execute("SELECT count(*) FROM syn.lines").value(0, 0) == "3000")
    }

    @Test func steppedColumnsStayOnTheirStep() throws {
        let db = try TestCluster.database()
        let c = try PostgresConnection(db)
        try c.execute(
            """
            CREATE SCHEMA src;
            SELECT setseed(0.29);
            CREATE TABLE src.invoices (id bigint PRIMARY KEY, invoice_date timestamp, amount int, rate numeric(8,2),
                noted_at timestamptz, score int);
            INSERT INTO src.invoices SELECT i,
                CASE WHEN random() < 0.05 THEN NULL ELSE timestamp '2021-01-01' + (random() * 1500)::int * interval '1 day' END,
                5 * (1 + random() * 200)::int, 0.25 * (random() * 400)::int,
                timestamptz '2022-01-01' + (random() * 500000)::int * interval '1 minute', (random() * 1000)::int
            FROM generate_series(1, 2000) i;
            """)
        let profile = try Profiler(connection: c, options: Self.options()).run()
        let lines = profile.spec.split(separator: "\n").map(String.init)
        func line(_ column: String) -> String { lines.first { $0.contains(" \(column): { type:") } ?? "" }
        #expect(line("invoice_date").contains("step: 1 day"), "\(profile.spec)")
        #expect(line("amount").contains("step: 5"), "\(profile.spec)")
        #expect(line("rate").contains("step: 0.25"), "\(profile.spec)")
        #expect(line("noted_at").contains("step: 1 minute"), "\(profile.spec)")
        #expect(line("score").contains("type:") && !line("score").contains("step:"), "\(profile.spec)")
        #expect(profile.report.contains { $0.contains("invoice_date:") && $0.contains("step 1 day") }, "\(profile.report)")
        try Self.generate(profile.spec, schema: "syn", db: db)
        let off = try c.execute(
            """
            SELECT count(*) FILTER (WHERE invoice_date <> date_trunc('day', invoice_date)), count(*) FILTER (WHERE amount % 5 <> 0),
                count(*) FILTER (WHERE rate * 4 <> round(rate * 4)), count(*) FILTER (WHERE noted_at <> date_trunc('minute', noted_at)),
                count(DISTINCT invoice_date), count(DISTINCT amount), count(*) FILTER (WHERE invoice_date IS NULL), count(*)
            FROM syn.invoices
            """)
        #expect((0..<4).map { off.value(0, $0) } == ["0", "0", "0", "0"], "values off their step")
        #expect(Int(off.value(0, 4) ?? "0")! > 500 && Int(off.value(0, 5) ?? "0")! > 100)
        #expect(Int(off.value(0, 6) ?? "0")! > 40 && off.value(0, 7) == "2000")
        try Self.expectValidates(profile.spec, schema: "syn", db: db)
    }

    @Test func parentAndChildKeepFanOutAndValidKeys() throws {
        let db = try TestCluster.database()
        let c = try PostgresConnection(db)
        try c.execute(
            """
            CREATE SCHEMA src;
            SELECT setseed(0.42);
            CREATE TABLE src.users (id bigint PRIMARY KEY, email text UNIQUE, first_name text, last_name text, age int NOT NULL);
            INSERT INTO src.users SELECT i, 'user' || i || '@mail.example', (ARRAY['Anna','Bert','Carla','Dieter'])[1 + i % 4],
                (ARRAY['Smith','Jones','Miller'])[1 + i % 3], 18 + (random() * 60)::int FROM generate_series(1, 2000) i;
            CREATE TABLE src.orders (id bigint PRIMARY KEY, user_id bigint NOT NULL REFERENCES src.users (id), amount numeric(10,2), code text);
            INSERT INTO src.orders SELECT row_number() OVER (), u.id, round((random() * 200)::numeric, 2),
                chr(65 + (random() * 25)::int) || chr(65 + (random() * 25)::int) || '-' || lpad((random() * 9999)::int::text, 4, '0')
            FROM src.users u, generate_series(1, (u.id % 5)::int);
            """)
        let profile = try Profiler(connection: c, options: Self.options()).run()
        let orders = try #require(profile.tables.first { $0.name == "orders" })
        #expect(orders.perParent?.parent == "users", "\(profile.spec)")
        #expect(profile.spec.contains("user_id: { ref: \"users.id\""))
        #expect(profile.spec.contains("pattern: \"[A-Z]{2}-[0-9]{4}\""), "\(profile.spec)")
        #expect(!profile.spec.contains("mail.example"))
        try Self.generate(profile.spec, schema: "syn", db: db)
        try Self.expectValidates(profile.spec, schema: "syn", db: db)
        // Every reference is valid (the load also created the foreign key).
        #expect(
            try c.execute("SELECT count(*) FROM syn.orders o LEFT JOIN syn.users u ON u.id = o.user_id WHERE u.id IS NULL").value(0, 0)
                == "0")
        #expect(
            try c.execute("SELECT count(*) FROM pg_constraint WHERE conrelid = 'syn.orders'::regclass AND contype = 'f'").value(0, 0) == "1"
        )
        func fanOut(_ schema: String) throws -> [Int: Double] {
            let r = try c.execute(
                """
                SELECT n, count(*) FROM (SELECT count(o.id) n FROM \(schema).users u LEFT JOIN \(schema).orders o ON o.user_id = u.id GROUP BY u.id) s GROUP BY n
                """)
            let total = r.rows.reduce(0) { $0 + Double($1[1]!)! }
            return Dictionary(uniqueKeysWithValues: r.rows.map { (Int($0[0]!)!, Double($0[1]!)! / total) })
        }
        let real = try fanOut("src"), syn = try fanOut("syn")
        let tv = Set(real.keys).union(syn.keys).reduce(0.0) { $0 + abs((real[$1] ?? 0) - (syn[$1] ?? 0)) } / 2
        #expect(tv < 0.05, "children per parent: real \(real) synthetic \(syn)")
    }

    @Test func badInputGivesClearMessagesAndAUsableSpec() throws {
        let db = try TestCluster.database()
        let c = try PostgresConnection(db)
        try c.execute(
            """
            CREATE SCHEMA src;
            CREATE TABLE src.empty (id int PRIMARY KEY, name text, score float8);
            CREATE TABLE src.nulls (a int, b text, c timestamptz);
            INSERT INTO src.nulls SELECT NULL, NULL, NULL FROM generate_series(1, 50);
            CREATE TABLE src.mixed (doc jsonb, blob bytea, tags int[], n float8, big text, at timestamptz, day date, flag boolean);
            INSERT INTO src.mixed SELECT '{"a":1}', '\\x00', ARRAY[1,2], i * 1.5, repeat('lorem ipsum ', 500 + i % 7),
                timestamptz '2024-01-01 00:00:00+00' + i * interval '37 minutes', date '2020-01-01' + i % 400, i % 3 = 0
            FROM generate_series(1, 300) i;
            CREATE TABLE src.only_json (doc jsonb);
            """)
        let profile = try Profiler(connection: c, options: Self.options()).run()
        let report = profile.report.joined(separator: "\n")
        // jsonb and arrays take the generator `loom init` writes for their type (values are not learned).
        #expect(!report.contains("Skipped"), "\(report)")
        #expect(report.contains("mixed has no primary key"))
        #expect(report.contains("nulls.a holds only NULLs"))
        #expect(report.contains("mixed.big has values of 2000+ characters"), "\(report)")
        #expect(!profile.spec.contains("lorem"))
        let spec = try SpecLoader.load(text: profile.spec, file: "bad.yaml")
        #expect(spec.table("empty").map { if case .fixed(0) = $0.rows { true } else { false } } == true)
        #expect(spec.table("mixed")?.columns.map(\.name) == ["doc", "blob", "tags", "n", "big", "at", "day", "flag"])
        #expect(spec.table("only_json")?.columns.map(\.name) == ["doc"])
        #expect(report.contains("blob: random bytes, 1 to 1 long"), "\(report)")
        try Self.generate(profile.spec, schema: "syn", db: db)
        #expect(try c.execute("SELECT count(*), count(a) FROM syn.nulls").rows.first! == ["50", "0"])
        // Every row Loom could make for `nulls` is a source row: the profile writes no avoid_copies and says why.
        #expect(report.contains("- nulls: no avoid_copies: its columns a, b, c take 1 combination, present in the source"), "\(report)")
        #expect(!report.contains("equals a source row after"), "\(report)")
        #expect(spec.table("nulls")?.avoidCopies == nil && spec.table("mixed")?.avoidCopies != nil)
        #expect(
            try c.execute("SELECT count(*) FROM syn.mixed WHERE n BETWEEN 1 AND 451 AND flag IS NOT NULL AND octet_length(blob) = 1").value(
                0, 0)
                == "300")

        // The binary names a missing schema's tables clearly.
        let run = try Child.loom(["profile", "--database", db, "--schema", "nowhere"], timeout: 60)
        #expect(run.status == 1)
        #expect(run.stderr.contains("schema nowhere has no tables to profile"), "\(run.stderr)")
    }

    @Test func epsilonNoiseIsReproducibleAndReported() throws {
        let db = try TestCluster.database()
        let c = try PostgresConnection(db)
        _ = try Self.load(Self.wine, into: c)
        var o = Self.options()
        o.epsilon = 1
        let a = try Profiler(connection: c, options: o).run(), b = try Profiler(connection: c, options: o).run()
        #expect(a.spec == b.spec)
        #expect(a.spec.contains("Laplace noise (epsilon 1 per count, seed 1)"))
        let plain = try Profiler(connection: c, options: Self.options()).run()
        #expect(plain.spec != a.spec)
        _ = try SpecLoader.load(text: a.spec, file: "eps.yaml")
    }
}
