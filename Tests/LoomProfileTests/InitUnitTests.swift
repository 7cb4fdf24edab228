@testable import LoomProfile
import LoomSpec
import Testing

/// `loom init` without a database: CHECK parsing, generator choice, table shapes.
@Suite struct CheckParserTests {
    @Test(arguments: [
        ("CHECK ((price > (0)::numeric))", [CheckRule.bound(column: "price", op: .greater, value: "0")]),
        ("CHECK ((qty >= 0))", [.bound(column: "qty", op: .greaterOrEqual, value: "0")]),
        (
            "CHECK (((rating >= 1) AND (rating <= 5)))",
            [.bound(column: "rating", op: .greaterOrEqual, value: "1"), .bound(column: "rating", op: .lessOrEqual, value: "5")]
        ),
        ("CHECK ((status = ANY (ARRAY['new'::text, 'paid'::text])))", [.oneOf(column: "status", values: ["new", "paid"])]),
        (
            "CHECK (((status)::text = ANY ((ARRAY['new'::character varying, 'it''s'::character varying])::text[])))",
            [.oneOf(column: "status", values: ["new", "it's"])]
        ),
        ("CHECK ((end_date >= start_date))", [.order(later: "end_date", strict: false, earlier: "start_date")]),
        ("CHECK ((starts_at < ends_at))", [.order(later: "ends_at", strict: true, earlier: "starts_at")]),
        ("CHECK ((char_length(code) = 3))", [.length(column: "code", op: .equal, value: 3)]),
        ("CHECK ((length((code)::text) <= 8))", [.length(column: "code", op: .lessOrEqual, value: 8)]),
        (
            "CHECK (x BETWEEN 1 AND 10)",
            [.bound(column: "x", op: .greaterOrEqual, value: "1"), .bound(column: "x", op: .lessOrEqual, value: "10")]
        ),
        ("CHECK ((VALUE > 0))", [.bound(column: "VALUE", op: .greater, value: "0")]),
        ("CHECK ((0 < amount))", [.bound(column: "amount", op: .greater, value: "0")]),
        ("CHECK ((temp > '-5'::integer))", [.bound(column: "temp", op: .greater, value: "-5")]),
        ("CHECK ((\"Weird Name\" IN (1, 2)))", [.oneOf(column: "Weird Name", values: ["1", "2"])]),
        ("CHECK ((email IS NOT NULL)) NOT VALID", [.notNull(column: "email")]),
        ("CHECK ((d >= '2020-01-01'::date))", [.bound(column: "d", op: .greaterOrEqual, value: "2020-01-01")]),
        ("CHECK ((VALUE ~~ '%@%'::text))", [.like(column: "VALUE", pattern: "%@%")]),
        ("CHECK ((code ~* '^[a-z]{2}\\d$'::text))", [.regex(column: "code", pattern: "^[a-z]{2}\\d$")]),
    ])
    func recognisedForms(text: String, rules: [CheckRule]) {
        #expect(CheckParser.parse(text) == rules, "\(text)")
    }

    @Test(arguments: [
        "CHECK (((a > 0) OR (b > 0)))", "CHECK (((a + b) > 10))", "CHECK ((lower(code) = code))",
        "CHECK ((a = b))", "CHECK (", "CHECK ((x = ANY (ARRAY[y, z])))", "", "CHECK ((status = 'unterminated))", "CHECK ((f(a, b) > 0))",
        "CHECK ((code !~~ 'X%'::text))",
    ])
    func unknownFormsAreNotHonoured(text: String) {
        #expect(CheckParser.parse(text) == nil, "\(text)")
    }

    @Test func domainValueBecomesTheColumn() {
        let rules = CheckParser.parse("CHECK ((VALUE >= 1) AND (VALUE <= 9))")!.map { $0.replacingValue(with: "visits") }
        #expect(
            rules == [.bound(column: "visits", op: .greaterOrEqual, value: "1"), .bound(column: "visits", op: .lessOrEqual, value: "9")])
    }
}

@Suite struct GeneratorChoiceTests {
    static func type(_ pg: String) -> InitType { InitType.resolve(SchemaCatalog.Column(name: "c", type: pg))! }

    static func choose(
        _ column: String, _ pg: String, rules: [CheckRule] = [], siblings: [String: String] = [:], unique: Bool = false, pk: Bool = false,
        table: String = "t"
    ) -> GeneratorChooser.Choice {
        GeneratorChooser.choose(
            .init(
                table: table, column: column, type: type(pg), rules: rules, siblings: Array(siblings.keys).sorted(), unique: unique,
                primaryKey: pk,
                rows: 1000, siblingTypes: siblings.mapValues { type($0).sql }))
    }

    @Test(arguments: [
        ("status", "text", [CheckRule.oneOf(column: "status", values: ["new", "paid"])], "{ choice: [new, paid] }"),
        ("points", "integer", [.bound(column: "points", op: .greaterOrEqual, value: "0")], "{ uniform: { min: 0, max: 1000 } }"),
        ("qty", "integer", [.bound(column: "qty", op: .greater, value: "0")], "{ uniform: { min: 1, max: 10 } }"),
        (
            "rating", "smallint",
            [.bound(column: "rating", op: .greaterOrEqual, value: "1"), .bound(column: "rating", op: .lessOrEqual, value: "5")],
            "{ uniform: { min: 1, max: 5 } }"
        ),
        ("weight", "numeric(10,2)", [.bound(column: "weight", op: .greater, value: "0")], "{ uniform: { min: 0.01, max: 1000.00 } }"),
        ("level", "integer", [.bound(column: "level", op: .greater, value: "2000")], "{ uniform: { min: 2001, max: 3001 } }"),
        ("code", "text", [.length(column: "code", op: .equal, value: 3)], "{ pattern: \"[A-Z]{3}\" }"),
        (
            "born", "date", [.bound(column: "born", op: .greaterOrEqual, value: "2024-06-01")],
            "{ date: { from: 2024-06-01, to: 2025-12-31 } }"
        ),
    ])
    func byConstraint(column: String, pg: String, rules: [CheckRule], gen: String) {
        let c = Self.choose(column, pg, rules: rules)
        #expect(c.gen == gen)
        #expect(rules.allSatisfy(c.honoured.contains))
    }

    @Test func orderBecomesAnExpression() {
        let d = Self.choose(
            "end_date", "date", rules: [.order(later: "end_date", strict: false, earlier: "start_date")], siblings: ["start_date": "date"])
        #expect(d.expr == "start_date + int(uniform(0, 30))" && d.reads == ["start_date"])
        let t = Self.choose(
            "ends_at", "timestamp with time zone", rules: [.order(later: "ends_at", strict: true, earlier: "starts_at")],
            siblings: ["starts_at": "timestamp with time zone"])
        #expect(t.expr == "starts_at + hours(uniform(1, 72))")
        let u = Self.choose("updated_at", "timestamp without time zone", siblings: ["created_at": "timestamp without time zone"])
        #expect(u.expr == "created_at + hours(uniform(0, 720))")
        let n = Self.choose(
            "max_price", "numeric(5,2)", rules: [.order(later: "max_price", strict: true, earlier: "min_price")],
            siblings: ["min_price": "numeric(5,2)"])
        #expect(n.expr == "min(min_price + uniform(1, 100), 999.99)")
        let dt = Self.choose(
            "checked", "date", rules: [.order(later: "checked", strict: false, earlier: "created")],
            siblings: ["created": "timestamp without time zone"])
        #expect(dt.expr == "date(created) + int(uniform(1, 30))")
        let positive = CheckRule.bound(column: "period", op: .greater, value: "00:00:00")
        #expect(Self.choose("period", "interval", rules: [positive]).honoured == [positive])
        let i = Self.choose("hi", "integer", rules: [.order(later: "hi", strict: false, earlier: "lo")], siblings: ["lo": "integer"])
        #expect(i.expr == "lo + int(uniform(0, 10))")
    }

    @Test(arguments: [
        ("email", "text", ["first_name": "text", "last_name": "text"], "{ email: [first_name, last_name] }"),
        ("email", "character varying(60)", [:], "{ pattern: \"[a-z]{6}[0-9]{3}@example.com\" }"),
        ("first_name", "text", [:], "{ dict: first_names }"),
        ("LastName", "character varying(40)", [:], "{ dict: last_names }"),
        ("phone", "text", [:], "{ pattern: \"+1 [2-9][0-9]{2}-[0-9]{3}-[0-9]{4}\" }"),
        ("city", "text", [:], "{ dict: { name: cities, field: city } }"),
        ("postal_code", "character varying(10)", [:], "{ pattern: \"[0-9]{5}\" }"),
        ("website", "text", [:], "{ pattern: \"https://www.[a-z]{5,12}.com\" }"),
        ("ip_address", "text", [:], "ipv4"),
        ("description", "text", [:], "{ sentence: [4, 12] }"),
        ("title", "character varying(160)", [:], "{ words: [1, 4] }"),
        ("status", "text", [:], "{ choice: { active: 6, pending: 3, inactive: 1 } }"),
        ("created_at", "timestamp with time zone", [:], "{ timestamp: { from: 2020-01-01, to: 2025-12-31 } }"),
        ("unit_price", "numeric(10,2)", [:], "{ lognormal: { mu: 3.5, sigma: 1 } }"),
        ("item_count", "integer", [:], "{ uniform: { min: 0, max: 20 } }"),
        ("quantity", "smallint", [:], "{ uniform: { min: 1, max: 10 } }"),
        ("is_active", "boolean", [:], "{ bernoulli: 0.8 }"),
        ("external_uuid", "text", [:], "uuid"),
    ])
    func byName(column: String, pg: String, siblings: [String: String], gen: String) {
        #expect(Self.choose(column, pg, siblings: siblings).gen == gen, "\(column)")
    }

    @Test(arguments: [
        ("integer", "{ uniform: { min: 0, max: 1000 } }"),
        ("numeric(4,2)", "{ uniform: { min: 0.00, max: 99.99 } }"),
        ("character(2)", "{ pattern: \"[A-Z]{2}\" }"),
        ("boolean", "{ bernoulli: 0.5 }"),
        ("uuid", "uuid"),
        ("interval", "{ interval: { min: 1 minute, max: 30 days } }"),
        ("time without time zone", "{ time: { from: \"08:00\", to: \"20:00\" } }"),
        ("time(3) with time zone", "{ time: { from: \"08:00\", to: \"20:00\" } }"),
        ("inet", "ipv4"),
        ("cidr", "{ ipv4: { network: 10.0.0.0/8, prefix: 24 } }"),
        ("macaddr", "mac"),
        ("money", "{ uniform: { min: 0.00, max: 1000.00 } }"),
        ("bytea", "{ bytes: { length: { uniform: { min: 8, max: 64 } } } }"),
        ("bit(8)", "bits"),
        ("bit varying", "bits"),
        ("integer[]", "{ array: { of: { uniform: { min: 1, max: 100 } }, length: { uniform: { min: 0, max: 4 } } } }"),
        ("text[]", "{ array: { of: { words: 1 }, length: { uniform: { min: 0, max: 4 } } } }"),
        ("int4range", "{ range: { lower: { uniform: { min: 1, max: 1000 } }, length: { uniform: { min: 1, max: 10 } } } }"),
        ("citext", "{ words: [1, 3] }"),
    ])
    func byType(pg: String, gen: String) {
        #expect(Self.choose("x", pg).gen == gen, "\(pg)")
    }

    @Test func regularExpressionsBeyondPatternsAreNotHonoured() {
        let rule = CheckRule.regex(column: "email", pattern: "^.+@.+$")
        #expect(Self.choose("email", "text", rules: [rule]).honoured.isEmpty)
    }

    @Test func keysAreUnique() {
        #expect(Self.choose("id", "integer", pk: true).gen == "sequence")
        #expect(Self.choose("id", "uuid", pk: true).gen == "uuid")
        let code = Self.choose("code", "character(3)", unique: true)
        #expect(code.gen == "{ pattern: \"[A-Z]{3}\" }" && code.keyable)
        #expect(Self.choose("email", "text", siblings: ["first_name": "text", "last_name": "text"], unique: true).keyable)
        #expect(!Self.choose("flag", "boolean", unique: true).keyable)
    }

    @Test func enumsAndDomains() {
        let mood = InitType.resolve(
            SchemaCatalog.Column(name: "m", type: "mood", kind: .enumeration(name: "mood", labels: ["sad", "ok", "yes"])))!
        #expect(mood.spelling == "mood")
        let c = GeneratorChooser.choose(.init(table: "t", column: "m", type: mood))
        #expect(c.gen == "{ choice: [sad, ok, \"yes\"] }")
        let domain = InitType.resolve(
            SchemaCatalog.Column(
                name: "v", type: "positive", kind: .domain(name: "positive", base: "integer", checks: ["CHECK ((VALUE > 0))"])))!
        #expect(domain.spelling == "integer" && domain.domainChecks == ["CHECK ((VALUE > 0))"])
        #expect(InitType.resolve(SchemaCatalog.Column(name: "p", type: "point")) == nil)
        #expect(InitType.resolve(SchemaCatalog.Column(name: "p", type: "pair", kind: .other(typtype: "c"))) == nil)
        #expect(InitType.resolve(SchemaCatalog.Column(name: "v", type: "character varying(20)[]"))?.spelling == "varchar(20)[]")
        #expect(InitType.resolve(SchemaCatalog.Column(name: "v", type: "numeric(40,20)"))?.spelling == "numeric(38,18)")
    }
}

@Suite struct SchemaShapeTests {
    typealias C = SchemaCatalog.Column
    typealias FK = SchemaCatalog.ForeignKey

    static func fk(_ cols: [String], _ table: String, _ target: [String]) -> FK {
        FK(columns: cols, targetSchema: "s", targetTable: table, targetColumns: target)
    }

    static let catalog = SchemaCatalog(
        schema: "s",
        tables: [
            .init(name: "playlist", columns: [C(name: "playlist_id", type: "integer", notNull: true)], primaryKey: ["playlist_id"]),
            .init(name: "track", columns: [C(name: "track_id", type: "integer", notNull: true)], primaryKey: ["track_id"]),
            .init(
                name: "playlist_track",
                columns: [C(name: "playlist_id", type: "integer", notNull: true), C(name: "track_id", type: "integer", notNull: true)],
                primaryKey: ["playlist_id", "track_id"],
                foreignKeys: [fk(["playlist_id"], "playlist", ["playlist_id"]), fk(["track_id"], "track", ["track_id"])]),
            .init(
                name: "employee",
                columns: [C(name: "employee_id", type: "integer", notNull: true), C(name: "reports_to", type: "integer")],
                primaryKey: ["employee_id"], foreignKeys: [fk(["reports_to"], "employee", ["employee_id"])]),
            .init(
                name: "a", columns: [C(name: "id", type: "integer", notNull: true), C(name: "b_id", type: "integer", notNull: true)],
                primaryKey: ["id"],
                foreignKeys: [fk(["b_id"], "b", ["id"])]),
            .init(
                name: "b", columns: [C(name: "id", type: "integer", notNull: true), C(name: "a_id", type: "integer")], primaryKey: ["id"],
                foreignKeys: [fk(["a_id"], "a", ["id"])]),
        ])

    @Test func linkTableIsAPerParentWithADistinctPick() throws {
        let shapes = try SchemaShaper(Self.catalog).shapes()
        #expect(shapes["playlist_track"] == SchemaShaper.Shape(parent: 0, roles: [.parent, .distinct], isLink: true))
        #expect(shapes["playlist"]?.parent == nil)
    }

    @Test func selfReferenceIsATree() throws {
        #expect(try SchemaShaper(Self.catalog).shapes()["employee"]?.roles == [.tree])
    }

    @Test func cycleBreaksAtTheNullableKey() throws {
        let shapes = try SchemaShaper(Self.catalog).shapes()
        #expect(shapes["b"]?.roles == [.brokenCycle])
        #expect(shapes["a"]?.roles == [.parent] && shapes["a"]?.parent == 0)
    }

    @Test func cycleOfNotNullKeysIsAnError() {
        var catalog = Self.catalog
        catalog.tables[5].columns[1].notNull = true
        #expect(throws: SchemaShaper.Unbreakable.self) { try SchemaShaper(catalog).shapes() }
    }

    @Test func planWritesAValidSpec() throws {
        let plan = try InitPlanner(catalog: Self.catalog, options: InitOptions(schema: "s", rows: 50)).plan()
        let text = InitSpecWriter.write(plan, options: InitOptions(schema: "s", rows: 50))
        let spec = try SpecLoader.load(text: text, file: "init.yaml")
        #expect(spec.tables.map(\.name).sorted() == ["a", "b", "employee", "playlist", "playlist_track", "track"])
        #expect(text.contains("track_id: { ref: track.track_id, pick: distinct }"), "\(text)")
        #expect(text.contains("reports_to: { ref: employee.employee_id, pick: { tree: { fanout: 4 } } }"))
        #expect(text.contains("a_id: { type: integer, gen: { constant: null } }"))
        #expect(text.contains("per_parent: { b: { uniform: { min: 1, max: 5 } } }"))
    }

    @Test func oneToOneKeysAreReferencedThroughTheirParent() throws {
        let catalog = SchemaCatalog(
            schema: "s",
            tables: [
                .init(name: "users", columns: [C(name: "id", type: "bigint", notNull: true)], primaryKey: ["id"]),
                .init(
                    name: "profile", columns: [C(name: "user_id", type: "bigint", notNull: true), C(name: "bio", type: "text")],
                    primaryKey: ["user_id"],
                    foreignKeys: [Self.fk(["user_id"], "users", ["id"])]),
                .init(
                    name: "avatar", columns: [C(name: "id", type: "integer", notNull: true), C(name: "profile_id", type: "bigint")],
                    primaryKey: ["id"],
                    foreignKeys: [Self.fk(["profile_id"], "profile", ["user_id"])]),
            ])
        let options = InitOptions(schema: "s", rows: 20)
        let text = InitSpecWriter.write(try InitPlanner(catalog: catalog, options: options).plan(), options: options)
        _ = try SpecLoader.load(text: text, file: "init.yaml")
        #expect(text.contains("per_parent: { users: { constant: 1 } }"), "\(text)")
        #expect(text.contains("profile_id: { ref: users.id, pick: uniform, null_rate: 0.1 }"), "\(text)")
    }

    @Test func compositeKeyToTheParentCopiesTheParentsColumns() throws {
        let catalog = SchemaCatalog(
            schema: "s",
            tables: [
                .init(name: "orders", columns: [C(name: "id", type: "integer", notNull: true)], primaryKey: ["id"]),
                .init(
                    name: "order_lines",
                    columns: [C(name: "order_id", type: "integer", notNull: true), C(name: "line_no", type: "integer", notNull: true)],
                    primaryKey: ["order_id", "line_no"], foreignKeys: [Self.fk(["order_id"], "orders", ["id"])]),
                .init(
                    name: "allocations",
                    columns: [
                        C(name: "id", type: "integer", notNull: true), C(name: "order_id", type: "integer", notNull: true),
                        C(name: "line_no", type: "integer", notNull: true), C(name: "note", type: "text"),
                    ],
                    primaryKey: ["id"], foreignKeys: [Self.fk(["order_id", "line_no"], "order_lines", ["order_id", "line_no"])],
                    checks: ["CHECK ((note IS NOT NULL))"]),
            ])
        let options = InitOptions(schema: "s", rows: 20)
        let text = InitSpecWriter.write(try InitPlanner(catalog: catalog, options: options).plan(), options: options)
        _ = try SpecLoader.load(text: text, file: "init.yaml")
        #expect(text.contains("order_id: { type: integer, expr: \"parent.order_id\" }"), "\(text)")
        #expect(text.contains("line_no: { type: integer, expr: \"parent.line_no\" }"), "\(text)")
        #expect(text.contains("line_no: { type: integer, gen: step }"), "\(text)")
        #expect(text.contains("note: { type: text, gen: { sentence: [4, 12] } }"), "a CHECK (note IS NOT NULL) keeps NULLs out: \(text)")
    }

    @Test func aTreeInsideAChildTable() throws {
        let catalog = SchemaCatalog(
            schema: "s",
            tables: [
                .init(name: "posts", columns: [C(name: "id", type: "integer", notNull: true)], primaryKey: ["id"]),
                .init(
                    name: "comments",
                    columns: [
                        C(name: "id", type: "bigint", notNull: true), C(name: "post_id", type: "integer", notNull: true),
                        C(name: "reply_to", type: "bigint"),
                    ],
                    primaryKey: ["id"], foreignKeys: [Self.fk(["post_id"], "posts", ["id"]), Self.fk(["reply_to"], "comments", ["id"])]),
            ])
        let options = InitOptions(schema: "s", rows: 20)
        let text = InitSpecWriter.write(try InitPlanner(catalog: catalog, options: options).plan(), options: options)
        _ = try SpecLoader.load(text: text, file: "init.yaml")
        #expect(text.contains("reply_to: { ref: comments.id, pick: { tree: { fanout: 4 } } }"), "\(text)")
    }
}

/// A `tsvector` column reads a text column of its table, the one named most like a document.
@Suite struct TsvectorChoiceTests {
    static func context(_ siblings: [(String, SQLType)]) -> GeneratorChooser.Context {
        GeneratorChooser.Context(
            table: "posts", column: "search", type: InitType(spelling: "tsvector", sql: .tsvector, enumeration: nil),
            siblings: siblings.map(\.0), siblingTypes: Dictionary(uniqueKeysWithValues: siblings))
    }

    @Test func theBodyIsPreferredThenAnyTextColumn() {
        let all: [(String, SQLType)] = [
            ("slug", .varchar(40)), ("post_title", .text), ("views", .integer), ("body", .text), ("old", .tsvector),
        ]
        #expect(GeneratorChooser.choose(Self.context(all)).gen == "{ tsvector: body }")
        #expect(GeneratorChooser.choose(Self.context(all.filter { $0.0 != "body" })).gen == "{ tsvector: post_title }")
        #expect(GeneratorChooser.choose(Self.context([("slug", .varchar(40)), ("views", .integer)])).gen == "{ tsvector: slug }")
        #expect(
            GeneratorChooser.choose(Self.context([("views", .integer), ("old", .tsvector)])).gen == "{ tsvector: { sentence: [5, 20] } }")
    }
}
