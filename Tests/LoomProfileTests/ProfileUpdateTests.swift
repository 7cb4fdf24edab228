import LoomSpec
import Testing

@testable import LoomProfile

/// `loom profile --update` as text edits: learned columns get the fresh fit, everything a person
/// wrote stays byte for byte, and the schema changes are listed.
@Suite struct ProfileUpdateTests {
    static let spec = """
        # written by hand; this comment stays
        dataset: shop
        seed: 7
        personas:
          segment: { loyal: 0.5, bargain: 0.5 }
        tables:
          users:
            rows: 100
            columns:
              id: { type: bigint, gen: sequence, primary_key: true }
              segment: { type: text, gen: persona }
              age: { type: integer, gen: { uniform: { min: 20, max: 69 } } }   # learned in January
              income:
                type: double precision
                gen: { normal: { mean: 100, sd: 10 } }   # a comment after the last value
              spend: { type: double precision, gen: { lognormal: { by: segment, loyal: { mu: 3, sigma: 1 }, default: { mu: 2, sigma: 1 } } } }
              score: { type: double precision, gen: { normal: { mean: 5, sd: 1 } }, keep: true }
              twice: { type: integer, expr: "age * 2" }
              nick: { type: text, gen: { pattern: "[a-z]{5}" } }
              gone: { type: text, gen: { choice: [a, b] } }
        expectations:
          users.age: { mean: 44.5 }

        """

    static func column(_ name: String, _ type: String, gen: String?, nullRate: Double = 0, expectation: String? = nil) -> ProfiledColumn {
        ProfiledColumn(name: name, type: type, gen: gen, nullRate: nullRate, expectation: expectation, summary: "fresh \(name)")
    }

    /// The database after the data changed: `gone` dropped, `added` new, ages and incomes moved.
    static var fresh: [ProfiledTable] {
        [
            ProfiledTable(
                name: "users", rows: 100, sampled: 100,
                columns: [
                    column("id", "bigint", gen: "sequence"),
                    column("segment", "text", gen: "{ choice: { \"loyal\": 60, \"bargain\": 40 } }"),
                    column("age", "integer", gen: "{ uniform: { min: 50, max: 99 } }", nullRate: 0.1, expectation: "{ mean: 74.5 }"),
                    column("income", "double precision", gen: "{ normal: { mean: 300, sd: 30 } }", expectation: "{ mean: 300 }"),
                    column("spend", "double precision", gen: "{ lognormal: { mu: 9, sigma: 1 } }"),
                    column("score", "double precision", gen: "{ normal: { mean: 50, sd: 1 } }"),
                    column("twice", "integer", gen: "{ uniform: { min: 1, max: 2 } }"),
                    column("nick", "text", gen: "{ pattern: \"[a-z]{9}\" }"),
                    column("added", "integer", gen: "{ poisson: 3 }", expectation: "{ mean: 3 }"),
                ])
        ]
    }

    static func update(_ text: String = spec, fresh: [ProfiledTable] = fresh, schema: [String] = ["users"]) throws -> (
        text: String, columns: [ColumnRefit], changes: [SchemaChange]
    ) {
        let u = try plainUpdate(text, fresh: fresh, schema: schema)
        return (u.text, u.columns, u.changes)
    }

    static func plainUpdate(_ text: String = spec, fresh: [ProfiledTable] = fresh, schema: [String] = ["users"]) throws -> SpecUpdate {
        let outline = try SpecOutline(text: text, file: "t.yaml")
        let old = try SpecLoader.load(text: text, file: "t.yaml")
        return SpecUpdater(outline: outline, spec: old, fresh: fresh, freshSpec: nil, schemaTables: schema).update()
    }

    @Test func learnedColumnsAreRefittedAndEveryOtherByteStays() throws {
        let (text, columns, _) = try Self.update()
        let expected = """
            # written by hand; this comment stays
            dataset: shop
            seed: 7
            personas:
              segment: { loyal: 0.5, bargain: 0.5 }
            tables:
              users:
                rows: 100
                columns:
                  id: { type: bigint, gen: sequence, primary_key: true }
                  segment: { type: text, gen: persona }
                  age: { type: integer, gen: { uniform: { min: 50, max: 99 } }, null_rate: 0.1 }   # learned in January
                  income:
                    type: double precision
                    gen: { normal: { mean: 300, sd: 30 } }   # a comment after the last value
                  spend: { type: double precision, gen: { lognormal: { by: segment, loyal: { mu: 3, sigma: 1 }, default: { mu: 2, sigma: 1 } } } }
                  score: { type: double precision, gen: { normal: { mean: 5, sd: 1 } }, keep: true }
                  twice: { type: integer, expr: "age * 2" }
                  nick: { type: text, gen: { pattern: "[a-z]{5}" } }
                  gone: { type: text, gen: { choice: [a, b] } }
                  added: { type: "integer", gen: { poisson: 3 } }
            expectations:
              users.age: { mean: 74.5 }
              "users.income": { mean: 300 }
              "users.added": { mean: 3 }

            """
        #expect(text == expected)
        #expect(throws: Never.self) { try SpecLoader.load(text: text, file: "t.yaml") }
        let outcomes = Dictionary(uniqueKeysWithValues: columns.map { ($0.column, $0.outcome) })
        #expect(outcomes["age"] == .refitted && outcomes["income"] == .refitted)
        #expect(outcomes["segment"] == .kept("persona"))
        #expect(outcomes["spend"] == .kept("not a fitted law"), "a law given a persona is the person's")
        #expect(outcomes["score"] == .kept("keep: true"))
        #expect(outcomes["twice"] == .kept("expression"))
        #expect(outcomes["nick"] == .kept("not a fitted law"))
        #expect(outcomes["gone"] == .kept("not in the database"))
    }

    @Test func aFreshStepIsWrittenOrReplaced() throws {
        var fresh = Self.fresh
        fresh[0].columns[2].step = .number(units: 5, digits: 0)
        fresh[0].columns[3].step = .number(units: 25, digits: 2)
        let text = Self.spec.replacingOccurrences(
            of: "gen: { normal: { mean: 100, sd: 10 } }   # a comment",
            with: "gen: { normal: { mean: 100, sd: 10 } }\n        step: 0.5   # a comment")
        let updated = try Self.update(text, fresh: fresh).text
        #expect(updated.contains("age: { type: integer, gen: { uniform: { min: 50, max: 99 } }, null_rate: 0.1, step: 5 }"), "\(updated)")
        #expect(updated.contains("        step: 0.25   # a comment"), "\(updated)")
        let spec = try SpecLoader.load(text: updated, file: "t.yaml")
        #expect(spec.tables[0].columns.first { $0.name == "income" }?.step == .number(units: 25, digits: 2))
    }

    @Test func schemaChangesAreListedAndADroppedColumnStaysInTheSpec() throws {
        var fresh = Self.fresh
        fresh[0].columns[3].type = "numeric(12,2)"
        fresh[0].columns[3].gen = "{ uniform: { min: 1, max: 2 } }"
        fresh[0].skipped = [(column: "shape", type: "polygon")]
        let (text, _, changes) = try Self.update(fresh: fresh, schema: ["users", "audit"])
        #expect(changes.contains(.columnDropped(table: "users", column: "gone")))
        #expect(text.contains("      gone: { type: text, gen: { choice: [a, b] } }\n"), "the dropped column is kept")
        #expect(changes.contains(.columnAdded(table: "users", column: "added", type: "integer", added: true)))
        #expect(changes.contains(.columnAdded(table: "users", column: "shape", type: "polygon", added: false)))
        #expect(
            changes.contains(
                .columnRetyped(table: "users", column: "income", spec: "double precision", database: "numeric(12,2)", refitted: true)))
        #expect(text.contains("    type: \"numeric(12,2)\"\n        gen: { uniform: { min: 1, max: 2 } }   # a comment"))
        #expect(changes.contains(.tableAdded(table: "audit")))
        #expect(changes.map(\.description).contains { $0.contains("users.gone: dropped from the database") })
    }

    @Test func aTableNotInTheDatabaseIsReportedAndKept() throws {
        let text = Self.spec.replacingOccurrences(
            of: "expectations:", with: "  extra:\n    rows: 3\n    columns:\n      x: { type: integer, gen: { poisson: 2 } }\nexpectations:"
        )
        let (updated, _, changes) = try Self.update(text)
        #expect(changes.contains(.tableMissing(table: "extra")))
        #expect(updated.contains("      x: { type: integer, gen: { poisson: 2 } }\n"))
    }

    @Test func withoutExpectationsASectionIsAppended() throws {
        let text = String(Self.spec[..<Self.spec.range(of: "expectations:")!.lowerBound])
        let (updated, _, _) = try Self.update(text)
        #expect(updated.hasPrefix("# written by hand; this comment stays\n"))
        #expect(
            updated.hasSuffix(
                "expectations:\n  \"users.age\": { mean: 74.5 }\n  \"users.income\": { mean: 300 }\n  \"users.added\": { mean: 3 }\n"))
        #expect(throws: Never.self) { try SpecLoader.load(text: updated, file: "t.yaml") }
    }

    @Test func childrenPerParentAreRefittedAndRowCountsNoted() throws {
        let text = Self.spec.replacingOccurrences(
            of: "expectations:",
            with:
                "  orders:\n    per_parent: { users: { poisson: 2 } }   # fan-out\n    columns:\n      user_id: { ref: users.id }\nexpectations:"
        )
        var fresh = Self.fresh
        fresh[0].rows = 250
        fresh.append(
            ProfiledTable(
                name: "orders", rows: 900, sampled: 900,
                perParent: ProfiledFanOut(
                    parent: "users", column: "user_id", count: "{ histogram: { 0: 10, 9: 90 } }", summary: "9 per user"),
                columns: [ProfiledColumn(name: "user_id", type: "bigint", ref: "users.id", summary: "reference")]))
        let u = try Self.plainUpdate(text, fresh: fresh)
        #expect(u.text.contains("    per_parent: { users: { histogram: { 0: 10, 9: 90 } } }   # fan-out\n"))
        let count = try #require(u.columns.first { $0.table == "orders" && $0.isCount })
        #expect(count.outcome == .refitted && count.before == "poisson")
        #expect(u.notes == ["table users: rows: 100 in the spec, 250 in the database; kept as written"])
        #expect(u.text.contains("    rows: 100\n"))
        #expect(throws: Never.self) { try SpecLoader.load(text: u.text, file: "t.yaml") }
    }

    @Test func nothingChangesWhenTheFitIsTheSame() throws {
        let first = try Self.update().text
        let second = try Self.update(first).text
        #expect(second == first)
    }

    @Test func learnedLawsAreTellable() {
        #expect(SpecUpdater.isLearned(.normal(mean: 1, sd: 1), personas: []))
        #expect(SpecUpdater.isLearned(.choice(values: [.int(1)], weights: [1]), personas: []))
        #expect(!SpecUpdater.isLearned(.uuid, personas: []))
        #expect(!SpecUpdater.isLearned(.sequence(start: 1, step: 1), personas: []))
        let loc = SourceLocation(file: "t", line: 1, column: 1)
        let learned = Conditional(
            by: "status", parent: false, cases: [.init(value: "a", generator: .exponential(rate: 1), location: loc)],
            fallback: .exponential(rate: 2), location: loc)
        #expect(SpecUpdater.isLearned(.conditional(learned), personas: ["segment"]))
        var persona = learned
        persona.by = "segment"
        #expect(!SpecUpdater.isLearned(.conditional(persona), personas: ["segment"]))
    }

    @Test func theReportFlagsMovedColumns() {
        var moved = ColumnRefit(table: "users", column: "age", outcome: .refitted, before: "uniform")
        moved.measure = "KS"
        moved.distance = 0.62
        moved.oldGen = "a"
        moved.newGen = "b"
        var same = ColumnRefit(table: "users", column: "status", outcome: .refitted, before: "choice")
        same.measure = "TV"
        same.distance = 0.01
        same.oldGen = "c"
        same.newGen = "c"
        let kept = ColumnRefit(table: "users", column: "score", outcome: .kept("keep: true"), before: "normal")
        let update = SpecUpdate(
            text: "", columns: [moved, same, kept], changes: [.columnDropped(table: "users", column: "notes")], changed: true)
        let lines = update.report(file: "s.yaml")
        #expect(lines[0] == "s.yaml: 2 columns refitted, 1 moved by more than 0.05, 1 kept as written")
        #expect(lines.contains { $0.hasPrefix("users.age") && $0.contains("KS 0.620") && $0.hasSuffix("MOVED") })
        #expect(lines.contains { $0.hasPrefix("users.status") && $0.contains("TV 0.010") && $0.hasSuffix("unchanged") })
        #expect(lines.contains("- users.score (normal): keep: true"))
        #expect(
            lines.last == "- column users.notes: dropped from the database; still in the spec (remove it by hand if it is gone for good)")
    }
}
