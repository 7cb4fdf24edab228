import Foundation
import LoomLoad
import LoomPostgres
import LoomSpec
import Testing

/// `loom load --into-existing`: tables that migrations made, loaded as they are, with their keys,
/// foreign keys, CHECKs, triggers, defaults, generated columns and partitions in place.
@Suite struct IntoExistingTests {
    static let schema = """
        CREATE SEQUENCE dept_numbers;
        CREATE TABLE dept (id serial PRIMARY KEY, name text NOT NULL, created timestamptz NOT NULL DEFAULT now(),
            number bigint NOT NULL DEFAULT nextval('dept_numbers') UNIQUE);
        CREATE TABLE emp (
            id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            dept_id integer NOT NULL REFERENCES dept,
            boss bigint REFERENCES emp,
            salary numeric(10,2) NOT NULL CHECK (salary > 0),
            bonus numeric(10,2) GENERATED ALWAYS AS (salary * 0.1) STORED,
            note text NOT NULL DEFAULT 'none');
        CREATE TABLE hires (emp_id bigint PRIMARY KEY);
        CREATE FUNCTION log_hire() RETURNS trigger LANGUAGE plpgsql AS
            $$ BEGIN INSERT INTO hires VALUES (NEW.id); RETURN NEW; END $$;
        CREATE TRIGGER hired AFTER INSERT ON emp FOR EACH ROW EXECUTE FUNCTION log_hire();
        CREATE TABLE shift (emp_id bigint NOT NULL REFERENCES emp, slot smallint NOT NULL, day date NOT NULL,
            PRIMARY KEY (emp_id, slot, day)) PARTITION BY RANGE (day);
        CREATE TABLE shift_2024 PARTITION OF shift FOR VALUES FROM ('2024-01-01') TO ('2025-01-01');
        CREATE TABLE shift_2025 PARTITION OF shift FOR VALUES FROM ('2025-01-01') TO ('2026-01-01');
        INSERT INTO dept (name) VALUES ('there before');
        """

    static let spec = """
        dataset: company
        seed: 5
        tables:
          dept:
            rows: 40
            columns:
              id: { type: integer, gen: { sequence: { start: 2 } }, primary_key: true }
              name: { type: text, gen: { words: 2 } }
              number: { type: bigint, gen: { sequence: { start: 2 } }, unique: true }
          emp:
            per_parent: { dept: { uniform: { min: 1, max: 30 } } }
            columns:
              id: { type: bigint, gen: sequence, primary_key: true }
              dept_id: { ref: dept.id }
              boss: { ref: emp.id, pick: { tree: { fanout: 5 } } }
              salary: { type: "numeric(10,2)", gen: { uniform: { min: 0.01, max: 9000 } } }
          shift:
            per_parent: { emp: { uniform: { min: 0, max: 6 } } }
            columns:
              emp_id: { ref: emp.id }
              slot: { type: smallint, gen: step }
              day: { type: date, gen: { date: { from: 2024-01-01, to: 2025-12-31 } } }
        """

    static func options(shardRows: UInt64 = 37) -> LoadOptions {
        var o = LoadOptions(connections: 3, shardRows: shardRows)
        o.intoExisting = true
        return o
    }

    static func value(_ c: PostgresConnection, _ sql: String) throws -> String {
        try c.execute(sql).value(0, 0) ?? "NULL"
    }

    @Test func loadsIntoTheTablesAsTheyAreWithEveryConstraintInPlace() throws {
        let db = try TestCluster.database()
        let c = try PostgresConnection(db)
        try c.execute(Self.schema)
        let spec = try SpecLoader.load(text: Self.spec, file: "company.yaml")
        let summary = try LoadJob(spec: spec, options: Self.options(), conninfo: db).run()
        let emps = summary.tables.first { $0.name == "emp" }!.rows
        #expect(try Self.value(c, "SELECT count(*) FROM dept") == "41", "the row that was there stays")
        #expect(try Self.value(c, "SELECT count(*) FROM emp") == "\(emps)")
        #expect(try Self.value(c, "SELECT count(*) FROM hires") == "\(emps)", "the trigger ran for every row")
        #expect(try Self.value(c, "SELECT count(*) FROM emp WHERE bonus IS DISTINCT FROM round(salary * 0.1, 2)") == "0")
        #expect(try Self.value(c, "SELECT count(*) FROM emp WHERE note <> 'none'") == "0", "a column left out takes its default")
        #expect(try Self.value(c, "SELECT count(*) FROM shift_2024") != "0")
        #expect(try Self.value(c, "SELECT count(*) FROM shift_2025") != "0", "rows reach every partition through the parent")
        // The sequences continue past the loaded keys.
        #expect(
            try Self.value(c, "INSERT INTO dept (name) VALUES ('after') RETURNING id || '/' || number") == "42/42",
            "a sequence the column's DEFAULT draws from moves too, owned or not")
        #expect(try Self.value(c, "INSERT INTO emp (dept_id, salary) VALUES (1, 10) RETURNING id") == "\(emps + 1)")
        let checks = try LoadVerifier(spec: spec, options: Self.options(), connection: c).run()
        #expect(checks.allSatisfy { $0.passed }, "\(checks.filter { !$0.passed }.map { "\($0.table) \($0.name): \($0.detail)" })")
        #expect(checks.contains { $0.table == "emp" && $0.name == "boss → emp.id" })
        let again = try LoadJob(spec: spec, options: Self.options(), conninfo: db).run()
        #expect(again.alreadyLoaded)
    }

    @Test func aSpecThatDoesNotFitSaysWhyAndLoadsNothing() throws {
        let db = try TestCluster.database()
        let c = try PostgresConnection(db)
        try c.execute(Self.schema)
        let wrong =
            Self.spec
            .replacingOccurrences(of: "name: { type: text, gen: { words: 2 } }", with: "title: { type: text, gen: { words: 2 } }")
            .replacingOccurrences(of: "salary: { type: \"numeric(10,2)\"", with: "salary: { type: date")
            .replacingOccurrences(
                of: "gen: { uniform: { min: 0.01, max: 9000 } } }", with: "gen: { date: { from: 2024-01-01, to: 2024-02-01 } } }")
        let spec = try SpecLoader.load(text: wrong, file: "company.yaml")
        let error = #expect(throws: LoadError.self) { try LoadJob(spec: spec, options: Self.options(), conninfo: db).run() }
        let text = error?.description ?? ""
        #expect(text.contains("table \"public\".\"dept\": the spec's column title is not in the table"), "\(text)")
        #expect(text.contains("column salary is numeric(10,2) in the database but date in the spec"), "\(text)")
        #expect(try Self.value(c, "SELECT count(*) FROM emp") == "0")
        #expect(try Self.value(c, "SELECT count(*) FROM loom.jobs") == "0")
    }

    @Test func aTableLoadedIntoIsNeverLoomsToDrop() throws {
        let db = try TestCluster.database()
        let c = try PostgresConnection(db)
        try c.execute(Self.schema)
        let spec = try SpecLoader.load(text: Self.spec, file: "company.yaml")
        _ = try LoadJob(spec: spec, options: Self.options(), conninfo: db).run()
        let other = try SpecLoader.load(text: Self.spec.replacingOccurrences(of: "seed: 5", with: "seed: 6"), file: "company.yaml")
        var replace = LoadOptions(connections: 2)
        replace.replace = true
        #expect(throws: LoadError.self) { try LoadJob(spec: other, options: replace, conninfo: db).run() }
        #expect(try Self.value(c, "SELECT count(*) FROM dept") == "41", "--replace of another job leaves the user's table alone")
    }
}
