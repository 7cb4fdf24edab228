import LoomGen
import LoomSpec
import Testing

/// `balance:`: the label's shares as asked, and every column drawn given the label unchanged.
@Suite struct BalanceTests {
    static let spec = """
        dataset: loans
        tables:
          loans:
            rows: 1000000
            columns:
              gender: { type: text, gen: { choice: { f: 1, m: 1 } } }
              fraud: { type: boolean, gen: { bernoulli: { by: gender, f: 0.02, m: 0.06 } } }
              amount: { type: double precision, gen: { quantiles: { by: fraud, "true": { 0: 500, 1: 5000 }, default: { 0: 10, 1: 900 } } } }
        expectations:
          loans.fraud: { frequencies: { "true": 0.04, "false": 0.96 } }
          loans.amount: { mean: 120 }
        """

    /// (fraud, gender, amount) of every row.
    func rows(_ yaml: String) throws -> [(Bool, String, Double)] {
        let plan = try DatasetPlan(spec: try TestSupport.spec(yaml))
        var out: [(Bool, String, Double)] = []
        out.reserveCapacity(1_000_000)
        try plan.generate("loans", units: 0..<(try plan.rows("loans"))) { f in
            guard case .text(let g) = f[0], case .bool(let fraud) = f[1], case .float(let amount) = f[2] else { return }
            out.append((fraud, g.first == UInt8(ascii: "f") ? "f" : "m", amount))
        }
        return out
    }

    static func balanced(_ balance: String) -> String {
        spec.replacingOccurrences(of: "    rows: 1000000\n", with: "    rows: 1000000\n    balance: \(balance)\n")
    }

    @Test func sharesAreHitWithinSamplingErrorAndTheRestKeepsItsLawGivenTheLabel() throws {
        let plain = try rows(Self.spec)
        let yaml = Self.balanced("{ column: fraud, shares: { \"true\": 0.3, \"false\": 0.7 } }")
        let balanced = try rows(yaml)
        let share = Double(balanced.filter(\.0).count) / Double(balanced.count)
        #expect(abs(share - 0.3) < 0.0015, "3 sampling deviations at 1M rows: \(share)")
        // Amounts of fraud rows follow the same law in both (KS of two large samples).
        let a = plain.filter(\.0).map(\.2).sorted(), b = balanced.filter(\.0).map(\.2).sorted()
        #expect(Self.ks(a, b) < 0.02, "amount given fraud: KS \(Self.ks(a, b))")
        let spec = try TestSupport.spec(yaml)
        #expect(spec.expectations.first?.frequencies?["true"] == 0.3, "validate and drift judge against the balanced shares")
        #expect(!spec.expectations.contains { $0.column == "amount" }, "a column drawn given the label loses its old marginal")
    }

    @Test func equalByGivesEveryGroupTheSameRate() throws {
        let rows = try rows(Self.balanced("{ column: fraud, equal_by: gender }"))
        func rate(_ g: String) -> Double {
            let group = rows.filter { $0.1 == g }
            return Double(group.filter(\.0).count) / Double(group.count)
        }
        #expect(abs(rate("f") - rate("m")) < 0.003, "f \(rate("f")), m \(rate("m"))")
        #expect(abs(rate("f") - 0.04) < 0.003, "the overall rate stays the mix of the groups'")
    }

    @Test func aColumnThatCannotBeBalancedSaysWhy() {
        let bad = Self.balanced("{ column: amount, shares: { \"1\": 1 } }")
        let error = #expect(throws: SpecErrors.self) { try TestSupport.spec(bad) }
        #expect(error?.description.contains("must be a choice or a bernoulli") == true, "\(String(describing: error))")
    }

    static func ks(_ a: [Double], _ b: [Double]) -> Double {
        var i = 0, j = 0, d = 0.0
        while i < a.count, j < b.count {
            if a[i] <= b[j] { i += 1 } else { j += 1 }
            d = max(d, abs(Double(i) / Double(a.count) - Double(j) / Double(b.count)))
        }
        return d
    }
}
