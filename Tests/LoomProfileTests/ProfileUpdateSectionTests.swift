import Foundation
import LoomSpec
import Testing

@testable import LoomProfile

/// `loom profile --update` refits a table's `correlate:` and `avoid_copies:` where the spec has
/// them: fresh pairs between refitted columns, written pairs that name a kept column, and a fresh
/// bitmap over the database's rows when it compares the same columns.
@Suite struct ProfileUpdateSectionTests {
    static let oldFilter = Data(repeating: 0x11, count: 8).base64EncodedString()

    static func spec(
        correlate: String = "    correlate: { [age, income]: 0.2, [income, score]: 0.5, [age, tenure]: 0.3 }\n", avoid: Bool = true
    ) -> String {
        """
        dataset: shop
        seed: 7
        tables:
          users:
            rows: 100
            columns:
              age: { type: integer, gen: { uniform: { min: 20, max: 69 } } }
              income: { type: double precision, gen: { normal: { mean: 100, sd: 10 } } }
              tenure: { type: double precision, gen: { exponential: { rate: 0.5 } } }
              score: { type: double precision, gen: { normal: { mean: 5, sd: 1 } }, keep: true }

        """ + (avoid ? "    avoid_copies: { columns: [age, income, score], source_rows: 90, filter: \"\(oldFilter)\" }\n" : "") + correlate
    }

    static func column(_ name: String, _ gen: String) -> ProfiledColumn {
        ProfiledColumn(name: name, type: name == "age" ? "integer" : "double precision", gen: gen, summary: "fresh \(name)")
    }

    /// The database now: age and income correlate by 0.6; tenure is no longer in any pair; the
    /// fresh profile also pairs the kept column `score`, which must not be taken.
    static func fresh(
        avoid: AvoidCopies? = AvoidCopies(
            columns: ["income", "age", "score"], sourceRows: 120, filter: [UInt8](repeating: 0x22, count: 16),
            location: SourceLocation(file: "p", line: 1, column: 1))
    ) -> [ProfiledTable] {
        var t = ProfiledTable(
            name: "users", rows: 100, sampled: 100,
            columns: [
                column("age", "{ uniform: { min: 30, max: 79 } }"), column("income", "{ normal: { mean: 300, sd: 30 } }"),
                column("tenure", "{ exponential: { rate: 0.25 } }"), column("score", "{ normal: { mean: 50, sd: 1 } }"),
            ])
        t.correlations = [("age", "income", 0.6), ("income", "score", 0.9)]
        t.avoidCopies = avoid
        return [t]
    }

    static func update(_ text: String, fresh: [ProfiledTable] = fresh()) throws -> SpecUpdate {
        let outline = try SpecOutline(text: text, file: "t.yaml")
        let old = try SpecLoader.load(text: text, file: "t.yaml")
        return SpecUpdater(outline: outline, spec: old, fresh: fresh, freshSpec: nil, schemaTables: ["users"]).update()
    }

    @Test func freshPairsReplaceRefittedOnesAndPairsWithAKeptColumnStay() throws {
        let u = try Self.update(Self.spec())
        let loaded = try SpecLoader.load(text: u.text, file: "t.yaml")
        let pairs = Dictionary(
            uniqueKeysWithValues: try #require(loaded.table("users")).correlations.map { ("\($0.first)-\($0.second)", $0.rho) })
        #expect(pairs == ["age-income": 0.6, "income-score": 0.5])
        let section = try #require(u.sections.first { $0.section == "correlate" })
        #expect(section.outcome == .refitted)
        #expect(section.summary == "2 pairs refitted, 1 dropped; largest move [age, income] 0.2 → 0.6")
        #expect(u.report(file: "t.yaml").contains("- users.correlate: 2 pairs refitted, 1 dropped; largest move [age, income] 0.2 → 0.6"))
    }

    @Test func aBlockCorrelateIsRewrittenAndTheUpdateIsStable() throws {
        let text = Self.spec(correlate: "    correlate:\n      [age, income]: 0.2   # from January\n      [income, score]: 0.5\n")
        let u = try Self.update(text)
        #expect(u.text.hasSuffix("    correlate: {\n      [age, income]: 0.6,\n      [income, score]: 0.5\n    }\n"))
        #expect(throws: Never.self) { try SpecLoader.load(text: u.text, file: "t.yaml") }
        let again = try Self.update(u.text)
        #expect(again.text == u.text)
        #expect(again.sections.first { $0.section == "correlate" }?.summary == "unchanged (2 pairs)")
    }

    @Test func aSpecWithoutTheSectionsStaysWithout() throws {
        let u = try Self.update(Self.spec(correlate: "", avoid: false))
        #expect(!u.text.contains("correlate") && !u.text.contains("avoid_copies"))
        #expect(u.sections.isEmpty)
    }

    @Test func theBitmapIsRefittedOverTheSameColumns() throws {
        let u = try Self.update(Self.spec())
        let fresh = Data(repeating: 0x22, count: 16).base64EncodedString()
        #expect(u.text.contains("    avoid_copies: { columns: [income, age, score], source_rows: 120, filter: \"\(fresh)\" }\n"))
        let section = try #require(u.sections.first { $0.section == "avoid_copies" })
        #expect(section.summary == "bitmap refitted over 120 distinct source rows (was 90), 128 bits (was 64)")
        let loaded = try SpecLoader.load(text: u.text, file: "t.yaml")
        #expect(loaded.table("users")?.avoidCopies?.sourceRows == 120)
    }

    @Test func aBitmapOverOtherColumnsOrNoneAtAllIsKeptAndSaidSo() throws {
        let loc = SourceLocation(file: "p", line: 1, column: 1)
        let other = try Self.update(
            Self.spec(),
            fresh: Self.fresh(avoid: AvoidCopies(columns: ["age"], sourceRows: 5, filter: [UInt8](repeating: 1, count: 8), location: loc)))
        #expect(other.text.contains("source_rows: 90, filter: \"\(Self.oldFilter)\""))
        let kept = try #require(other.sections.first { $0.section == "avoid_copies" })
        #expect(
            kept.line
                == "users.avoid_copies: kept as written: a fresh bitmap would no longer compare income, score (the database's rows no longer match the spec's columns); run loom profile for a new section"
        )

        var waived = Self.fresh(avoid: nil)
        waived[0].avoidCopiesWaived = "its columns take 4 combinations and the source holds them all"
        let none = try Self.update(Self.spec(), fresh: waived)
        #expect(none.text.contains("source_rows: 90"))
        let why = try #require(none.sections.first { $0.section == "avoid_copies" })
        #expect(
            why.outcome
                == .kept(
                    "the database's rows give no fresh bitmap (its columns take 4 combinations and the source holds them all), so it still guards the rows it was made from"
                ))
    }

    @Test func pairsThatNoLongerFormAValidMatrixAreRepaired() throws {
        var fresh = Self.fresh()
        fresh[0].correlations = [("age", "income", 0.95), ("age", "tenure", 0.95), ("income", "tenure", -0.95)]
        let u = try Self.update(Self.spec(), fresh: fresh)
        #expect(throws: Never.self) { try SpecLoader.load(text: u.text, file: "t.yaml") }
        #expect(u.sections.first { $0.section == "correlate" }?.outcome == .refitted)
    }
}
