import Foundation
import LoomGen
import LoomSpec
import Testing

/// `edge_cases:`: boundary values in a share of rows, inside what the spec allows, leaving every
/// other value as it was.
@Suite struct EdgeCaseTests {
    static let spec = """
        dataset: edges
        tables:
          people:
            rows: 4000
            edge_cases: { rate: 0.1 }
            columns:
              id: { type: integer, gen: sequence, primary_key: true }
              name: { type: varchar(12), gen: { words: 2 } }
              age: { type: smallint, gen: { uniform: { min: 18, max: 90 } } }
              score: { type: double precision, gen: { normal: { mean: 0, sd: 1 } } }
              balance: { type: "numeric(8,2)", gen: { uniform: { min: 0, max: 1000 } } }
              born: { type: date, gen: { date: { from: 1950-01-01, to: 2005-12-31 } } }
              kind: { type: text, gen: { choice: [a, b] } }
        """

    /// The column's values as text, read from the generated frames (after conversion).
    func column(_ yaml: String, _ name: String) throws -> [String] {
        let spec = try TestSupport.spec(yaml)
        let plan = try DatasetPlan(spec: spec)
        let i = try #require(spec.tables[0].columns.firstIndex { $0.name == name })
        var out: [String] = []
        try plan.generate("people", units: 0..<(try plan.rows("people"))) { frame in out.append(Self.text(frame[i])) }
        return out
    }

    static func text(_ v: Value) -> String {
        switch v {
        case .int(let n): "\(n)"
        case .float(let d) where d.isNaN: "NaN"
        case .float(let d) where d.isInfinite: d < 0 ? "-Infinity" : "Infinity"
        case .float(let d): "\(d)"
        case .decimal(let u, let s): "\(u)e-\(s)"
        case .text(let b): String(decoding: b, as: UTF8.self)
        case .date(let d):
            {
                let c = CivilTime.civil(fromDays: d)
                return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
            }()
        default: "?"
        }
    }

    @Test func edgeValuesAppearInTheirShareAndStayInsideTheGeneratorsRange() throws {
        let ages = try column(Self.spec, "age").compactMap { Int($0) }
        #expect(ages.allSatisfy { (18...90).contains($0) })
        let atEnds = ages.filter { $0 == 18 || $0 == 90 }.count
        #expect(atEnds > 400 && atEnds < 600, "10% of 4000 rows, plus 2/73 of the others: \(atEnds)")
        let scores = try column(Self.spec, "score")
        for special in ["NaN", "Infinity", "-Infinity"] { #expect(scores.contains(special), "\(special)") }
        let names = try column(Self.spec, "name")
        #expect(names.contains(""))
        #expect(names.contains { $0.count == 12 })
        #expect(names.allSatisfy { $0.unicodeScalars.count <= 12 }, "varchar(12) holds every edge value")
        #expect(names.contains { $0.unicodeScalars.contains { $0.properties.generalCategory == .nonspacingMark } }, "combining marks")
        let born = try column(Self.spec, "born")
        #expect(born.contains("1952-02-29") && born.contains("1950-01-01") && born.contains("2005-12-31"))
        #expect(born.allSatisfy { $0 >= "1950-01-01" && $0 <= "2005-12-31" })
        #expect(try column(Self.spec, "kind").allSatisfy { $0 == "a" || $0 == "b" }, "a closed set takes no edge values")
    }

    @Test func rowsWithoutEdgeValuesKeepTheirValues() throws {
        let plain = Self.spec.replacingOccurrences(of: "    edge_cases: { rate: 0.1 }\n", with: "")
        let a = try column(Self.spec, "age"), b = try column(plain, "age")
        let same = zip(a, b).filter { $0 == $1 }.count
        #expect(same >= 3500 && same < 4000, "only the edge rows differ: \(same) of 4000 equal")
        #expect(try column(Self.spec, "kind") == column(plain, "kind"))
    }

    @Test func aColumnThatCannotTakeEdgeValuesSaysWhy() throws {
        let bad = Self.spec.replacingOccurrences(
            of: "kind: { type: text, gen: { choice: [a, b] } }", with: "kind: { type: text, gen: { choice: [a, b] }, edge_cases: 0.1 }")
        let error = #expect(throws: SpecErrors.self) { try TestSupport.spec(bad) }
        #expect(
            error?.description.contains("takes no edge_cases: its values come from a closed set (choice)") == true,
            "\(String(describing: error))")
    }

    @Test func typeBoundsWhereTheGeneratorHasNone() throws {
        let c = try TestSupport.spec(
            """
            dataset: t
            tables:
              t:
                rows: 1
                columns:
                  n: { type: "numeric(5,2)", gen: { normal: { mean: 0, sd: 1 } }, edge_cases: 0.1 }
                  i: { type: integer, gen: { normal: { mean: 0, sd: 1 } }, edge_cases: 0.1 }
                  d: { type: timestamptz, gen: { quantiles: { 0: 2024-01-01T00:00:00Z, 1: 2024-03-01T00:00:00Z } }, edge_cases: 0.1 }
            """
        ).tables[0].columns
        #expect(EdgeValues.cases(for: c[0])!.map(\.label) == ["type minimum -999.99", "type maximum 999.99", "smallest step 0.01"])
        #expect(EdgeValues.cases(for: c[1])!.map(\.label) == ["type minimum -2147483648", "type maximum 2147483647", "0"])
        #expect(EdgeValues.cases(for: c[2])!.map(\.label) == ["earliest", "latest", "leap day", "last second of a day"])
    }
}
