import Foundation
import LoomLoad
import LoomPostgres
import LoomProfile
import LoomSpec
import Testing

/// `loom init` against a real catalog: a schema that uses every type and constraint init knows,
/// the sample databases, and a column it cannot generate.
@Suite struct InitTests {
    static let schema = """
        CREATE SCHEMA shop;
        SET search_path = shop;
        CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
        CREATE DOMAIN positive_int AS integer CHECK (VALUE > 0);
        CREATE DOMAIN short_code AS text CHECK (char_length(VALUE) = 4);
        CREATE TABLE customers (
            customer_id integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            first_name text NOT NULL,
            last_name varchar(40) NOT NULL,
            email varchar(120) NOT NULL UNIQUE,
            phone text,
            city text,
            country text,
            mood mood NOT NULL,
            visits positive_int NOT NULL,
            voucher short_code,
            preferences jsonb,
            extra json,
            tags text[],
            lucky_numbers integer[] NOT NULL,
            external_id uuid NOT NULL DEFAULT gen_random_uuid(),
            last_ip inet,
            network cidr,
            device macaddr,
            balance money,
            session_length interval,
            opens_at time,
            closes_at timetz,
            avatar bytea,
            flags bit(8),
            mask varbit,
            rating smallint CHECK (rating BETWEEN 1 AND 5),
            status varchar(20) NOT NULL CHECK (status IN ('new', 'active', 'closed')),
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz,
            full_name text GENERATED ALWAYS AS (first_name || ' ' || last_name) STORED,
            description text,
            search tsvector,
            search_all tsvector GENERATED ALWAYS AS (to_tsvector('simple', first_name || ' ' || coalesce(description, ''))) STORED,
            referred_by integer REFERENCES customers (customer_id),
            favourite_store integer,
            location point);
        CREATE TABLE stores (
            store_id serial PRIMARY KEY,
            name text NOT NULL,
            code char(3) NOT NULL UNIQUE CHECK (char_length(code) = 3),
            manager_id integer REFERENCES customers (customer_id),
            open_hours int4range,
            booked tstzrange);
        ALTER TABLE customers ADD FOREIGN KEY (favourite_store) REFERENCES stores (store_id);
        CREATE TABLE orders (
            order_id bigserial PRIMARY KEY,
            customer_id integer NOT NULL REFERENCES customers,
            store_id integer REFERENCES stores,
            total numeric(10,2) NOT NULL CHECK (total > 0),
            quantity integer NOT NULL CHECK (quantity >= 0),
            start_date date NOT NULL,
            end_date date NOT NULL,
            starts_at timestamp NOT NULL,
            ends_at timestamp,
            note text CHECK (note ~ '^[A-Z]'),
            CHECK (end_date >= start_date),
            CHECK (ends_at > starts_at),
            CHECK (length(note) < 500 OR note IS NULL));
        CREATE TABLE products (
            product_id integer PRIMARY KEY, title varchar(80) NOT NULL, price numeric(8,2) NOT NULL CHECK (price > 0),
            sku text NOT NULL UNIQUE CHECK (sku LIKE 'SKU-%'));
        CREATE TABLE order_products (
            order_id bigint NOT NULL REFERENCES orders,
            product_id integer NOT NULL REFERENCES products,
            PRIMARY KEY (order_id, product_id));
        CREATE TABLE order_lines (
            order_id bigint NOT NULL REFERENCES orders,
            line_no integer NOT NULL,
            amount numeric(8,2) NOT NULL,
            PRIMARY KEY (order_id, line_no));
        CREATE TABLE order_notes (
            order_id bigint NOT NULL REFERENCES orders,
            note_no integer NOT NULL CHECK (note_no > 0),
            body text,
            PRIMARY KEY (order_id, note_no));
        CREATE TABLE employees (employee_id integer PRIMARY KEY, reports_to integer REFERENCES employees, name text NOT NULL);
        CREATE TABLE regions (country char(2) NOT NULL, code varchar(6) NOT NULL, name text, PRIMARY KEY (country, code));
        CREATE TABLE deliveries (
            delivery_id serial PRIMARY KEY,
            order_id bigint NOT NULL REFERENCES orders,
            country char(2),
            region varchar(6),
            FOREIGN KEY (country, region) REFERENCES regions);
        """

    /// The shop schema's spec, with the plan it came from.
    static func initialise(rows: Int = 50) throws -> (db: String, c: PostgresConnection, spec: String, plan: InitPlan) {
        let db = try TestCluster.database("init_shop")
        let c = try PostgresConnection(db)
        try c.execute(schema)
        let (spec, plan) = try SchemaInitializer.run(connection: c, options: InitOptions(schema: "shop", rows: rows))
        return (db, c, spec, plan)
    }

    /// The line of `column` in the spec text of `table`.
    static func line(_ spec: String, _ table: String, _ column: String) -> String {
        let lines = spec.split(separator: "\n").map(String.init)
        guard let start = lines.firstIndex(of: "  \(table):") else { return "" }
        return lines[(start + 1)...].prefix { !$0.hasPrefix("  ") || $0.hasPrefix("    ") || $0.hasPrefix("  #") }
            .first { $0.hasPrefix("      \(column): ") } ?? ""
    }

    @Test func everyTypeAndConstraintGetsAFittingGenerator() throws {
        let (_, _, text, plan) = try Self.initialise()
        let spec = try SpecLoader.load(text: text, file: "init.yaml")
        #expect(
            Set(spec.tables.map(\.name)) == [
                "customers", "stores", "orders", "products", "order_products", "order_lines", "order_notes", "employees", "regions",
                "deliveries",
            ])
        #expect(text.contains("enums:\n  mood: [sad, ok, happy]"))
        let expected: [(String, String, String)] = [
            ("customers", "status", "gen: { choice: [new, active, closed] }"),
            ("customers", "mood", "type: mood, gen: { choice: [sad, ok, happy] }"),
            ("customers", "customer_id", "gen: sequence, primary_key: true"),
            ("customers", "email", "gen: { email: [first_name, last_name] }, unique: true"),
            ("customers", "visits", "gen: { uniform: { min: 1, max: 1000 } }"),
            ("customers", "voucher", "gen: { pattern: \"[A-Z]{4}\" }"),
            ("customers", "rating", "gen: { uniform: { min: 1, max: 5 } }"),
            ("customers", "country", "like: city"),
            ("customers", "referred_by", "pick: { tree: { fanout: 4 } }"),
            ("customers", "favourite_store", "gen: { constant: null }"),
            ("customers", "preferences", "gen: { json: {"),
            ("customers", "tags", "type: \"text[]\", gen: { array: { of: { words: 1 }"),
            ("customers", "updated_at", "expr: \"created_at + hours(uniform(0, 720))\""),
            ("customers", "search", "type: tsvector, gen: { tsvector: description }"),
            ("stores", "code", "gen: { pattern: \"[A-Z]{3}\" }, unique: true"),
            ("stores", "manager_id", "ref: customers.customer_id, pick: uniform, null_rate: 0.1"),
            ("stores", "open_hours", "gen: { range: {"),
            ("orders", "customer_id", "{ ref: customers.customer_id }"),
            ("orders", "total", "clamp: [0.01,"),
            ("orders", "end_date", "expr: \"start_date + int(uniform(0, 30))\""),
            ("orders", "ends_at", "expr: \"starts_at + hours(uniform(1, 72))\""),
            ("orders", "note", "gen: { pattern: \"[A-Z][a-z]{3,10}\" }"),
            ("order_products", "product_id", "{ ref: products.product_id, pick: distinct }"),
            ("order_lines", "line_no", "gen: step"),
            ("order_notes", "note_no", "gen: { uniform: { min: 1, max:"),
            ("order_notes", "note_no", "unique: true"),
            ("products", "sku", "gen: { pattern: \"SKU-[a-z]{8}\" }, unique: true"),
            ("employees", "reports_to", "{ ref: employees.employee_id, pick: { tree: { fanout: 4 } } }"),
            ("deliveries", "country", "{ ref: regions.country, pick: uniform, null_rate: 0.1 }"),
            ("deliveries", "region", "{ ref: regions.code, pick: { with: country } }"),
        ]
        for (table, column, fragment) in expected {
            #expect(Self.line(text, table, column).contains(fragment), "\(table).\(column): \(Self.line(text, table, column))")
        }
        #expect(Self.line(text, "customers", "full_name").isEmpty, "a generated column is left to the database")
        #expect(Self.line(text, "customers", "location").isEmpty, "a nullable point is left to the database")
        #expect(text.contains("per_parent: { orders: { uniform: { min: 1, max: 3 } } }"))
        #expect(plan.unhonouredChecks.count == 1 && plan.unhonouredChecks[0].contains("OR (note IS NULL)"), "\(plan.unhonouredChecks)")
        #expect(plan.honouredChecks.count == 13, "\(plan.honouredChecks)")
        #expect(plan.warnings.contains { $0.contains("customers.location") && $0.contains("point") })
        #expect(plan.leftToDatabase.contains("customers.full_name (generated by the database)"))
        #expect(plan.leftToDatabase.contains("customers.search_all (generated by the database)"))
        #expect(Self.line(text, "customers", "search_all").isEmpty, "a generated tsvector is left to the database")
    }

    @Test func theSpecFillsTheSchemaWithoutAnError() throws {
        let (db, c, text, _) = try Self.initialise(rows: 40)
        var options = LoadOptions(connections: 2, schema: "shop")
        options.intoExisting = true
        _ = try LoadJob(spec: try SpecLoader.load(text: text, file: "init.yaml"), options: options, conninfo: db).run()
        for table in [
            "customers", "stores", "orders", "products", "order_products", "order_lines", "order_notes", "employees", "regions",
            "deliveries",
        ] {
            #expect(try SchemaSizeTests.count(c, "shop", table) > 0, "\(table)")
        }
        #expect(try c.execute("SELECT count(*) FROM shop.customers WHERE full_name <> first_name || ' ' || last_name").value(0, 0) == "0")
        let pairs = try c.execute("SELECT count(*) FROM shop.deliveries WHERE country IS NOT NULL AND region IS NOT NULL").value(0, 0)
        #expect((Int(pairs ?? "") ?? 0) > 0, "composite foreign keys filled (PostgreSQL checked every pair): \(pairs ?? "")")
        #expect(
            try c.execute(
                "SELECT count(*) FROM shop.customers WHERE search IS NOT NULL AND search <> to_tsvector('simple', coalesce(description, ''))"
            ).value(0, 0) == "0")
        #expect(try c.execute("SELECT count(*) FROM shop.customers WHERE length(search_all) = 0").value(0, 0) == "0")
    }

    @Test func aColumnLoomCannotGenerateStopsInitWithItsName() throws {
        let db = try TestCluster.database("init_unsupported")
        let c = try PostgresConnection(db)
        try c.execute("CREATE TYPE pair AS (a integer, b integer); CREATE TABLE t (id integer PRIMARY KEY, p pair NOT NULL)")
        do {
            _ = try SchemaInitializer.run(connection: c, options: InitOptions())
            Issue.record("init accepted a NOT NULL composite column")
        } catch let e as InitError {
            #expect(e.description.contains("public.t.p") && e.description.contains("pair") && e.description.contains("give it a DEFAULT"))
        }
    }

    @Test(arguments: ["chinook.sql", "northwind.sql"])
    func sampleDatabasesGiveValidSpecs(file: String) throws {
        let (db, c) = try SchemaSizeTests.database(file)
        let catalog = try SchemaCatalogReader(c).read(schema: "public")
        let (text, _) = try SchemaInitializer.run(connection: c, options: InitOptions(rows: 30))
        let spec = try SpecLoader.load(text: text, file: "init.yaml")
        #expect(Set(spec.tables.map(\.name)) == Set(catalog.tables.map(\.name)))
        // The same tables emptied, with every key and foreign key in place, take the spec's rows.
        try c.execute("TRUNCATE \(catalog.tables.map { "public.\(SchemaDDL.quote($0.name))" }.joined(separator: ", ")) CASCADE")
        var options = LoadOptions(connections: 2)
        options.intoExisting = true
        _ = try LoadJob(spec: spec, options: options, conninfo: db).run()
        for t in catalog.tables { #expect(try SchemaSizeTests.count(c, "public", t.name) > 0, "\(file) \(t.name)") }
    }

    /// 200 tables of 12 columns with keys, foreign keys and CHECKs, read whole (its speed is in
    /// Benchmarks/init.sh).
    @Test func aWideSchemaIsReadWhole() throws {
        let db = try TestCluster.database("init_wide")
        let c = try PostgresConnection(db)
        var ddl = ""
        for i in 0..<200 {
            let parent = i == 0 ? "" : ", parent_id integer NOT NULL REFERENCES t\(i - 1)"
            ddl += """
                CREATE TABLE t\(i) (id integer PRIMARY KEY, code char(4) UNIQUE, price numeric(10,2) CHECK (price > 0),
                    qty integer CHECK (qty BETWEEN 0 AND 50), status text CHECK (status IN ('a', 'b')), created_at timestamptz,
                    updated_at timestamptz, note text, flag boolean, tags text[], payload jsonb\(parent));

                """
        }
        try c.execute(ddl)
        let (text, plan) = try SchemaInitializer.run(connection: c, options: InitOptions(rows: 10))
        #expect(plan.tables.count == 200 && plan.honouredChecks.count == 600)
        #expect(text.contains("per_parent: { t198: { uniform: { min: 1, max: 5 } } }"))
    }

    @Test func theCommandWritesTheSpecAndPrintsWarnings() throws {
        let (db, _, _, _) = try Self.initialise()
        let out = FaultTests.workDirectory + "/init-\(UUID().uuidString).yaml"
        let run = try Child.loom(["init", "--database", db, "--schema", "shop", "--rows", "20", "--out", out], timeout: 60)
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.contains("init: wrote \(out) (10 tables, 13 CHECKs honoured, 1 not)"), "\(run.stdout)")
        #expect(
            run.stderr.contains("warning: orders (note): CHECK (((length(note) < 500) OR (note IS NULL))) is not honoured"), "\(run.stderr)"
        )
        let check = try Child.loom(["check", out], timeout: 60)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    /// `loom profile` writes init's generator for types whose values it does not learn, instead
    /// of skipping them.
    @Test func profileGeneratesTypesItUsedToSkip() throws {
        let db = try TestCluster.database("init_profile_types")
        let c = try PostgresConnection(db)
        try c.execute(
            """
            CREATE TYPE finish AS ENUM ('matte', 'gloss');
            CREATE TABLE gadgets (id integer PRIMARY KEY, spec jsonb, sizes integer[] NOT NULL, warranty interval, price money,
                mask bit(8), slots int4range, label varchar(12)[], finish finish);
            INSERT INTO gadgets SELECT i, '{"a": 1}', ARRAY[i], '1 day', 12.5, B'10101010', int4range(i, i + 3), ARRAY['x'], 'matte'
            FROM generate_series(1, 200) i;
            """)
        var o = ProfileOptions()
        o.correlations = false
        o.avoidCopies = false
        let spec = try Profiler(connection: c, options: o).run().spec
        #expect(!spec.contains("Skipped columns"), "\(spec)")
        for fragment in [
            "spec: { type: \"jsonb\", gen: { json:", "sizes: { type: \"integer[]\", gen: { array:", "warranty: { type: \"interval\"",
            "mask: { type: \"bit(8)\", gen: bits", "finish: { type: \"text\", gen: { choice: [matte, gloss] }",
        ] {
            #expect(spec.contains(fragment), "\(fragment)")
        }
        _ = try LoadJob(spec: try SpecLoader.load(text: spec, file: "p.yaml"), options: LoadOptions(schema: "syn"), conninfo: db).run()
        #expect(try SchemaSizeTests.count(c, "syn", "gadgets") == 200)
    }
}
