import Foundation
import LoomGen
import LoomSpec
import Testing

/// Personas, `by:` conditions, correlations, time patterns, aggregates, locales and reviews.
@Suite struct RealisticTests {
    /// Rows of `table` as dictionaries keyed by column name (COPY text; `\N` for NULL).
    static func table(_ yaml: String, _ table: String, rows: [String: Int64] = [:]) throws -> [[String: String]] {
        let spec = try TestSupport.spec(yaml)
        let plan = try DatasetPlan(spec: spec, rowOverrides: rows)
        let names = spec.table(table)!.columns.map(\.name)
        return TestSupport.rows(try TestSupport.output(plan, table, format: .copy)).map { r in
            Dictionary(uniqueKeysWithValues: zip(names, r))
        }
    }

    static func phi(_ z: Double) -> Double { 0.5 * erfc(-z / 2.0.squareRoot()) }

    static func pearson(_ x: [Double], _ y: [Double]) -> Double {
        let n = Double(x.count)
        let mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for i in x.indices { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my) }
        return sxy / (sxx * syy).squareRoot()
    }

    /// Kolmogorov–Smirnov distance of a sample from a continuous CDF.
    static func ks(_ sample: [Double], _ cdf: (Double) -> Double) -> Double {
        let s = sample.sorted(), n = Double(s.count)
        var d = 0.0
        for (i, x) in s.enumerated() {
            let f = cdf(x)
            d = max(d, abs(f - Double(i) / n), abs(Double(i + 1) / n - f))
        }
        return d
    }

    static let copulaSpec = """
    dataset: copula
    seed: 5
    tables:
      t:
        rows: 20000
        columns:
          a: { type: double precision, gen: { normal: { mean: 40, sd: 12 } } }
          b: { type: double precision, gen: { lognormal: { mu: 10, sigma: 0.5 } } }
          c: { type: double precision, gen: { uniform: { min: 0, max: 10 } } }
          d: { type: double precision, gen: { exponential: { mean: 3 } } }
        correlate: { [a, b]: 0.6, [a, c]: -0.3, [b, c]: 0.2, [c, d]: 0.5 }
    """

    @Test func copulaKeepsMarginalsAndReachesTheCorrelations() throws {
        let rows = try Self.table(Self.copulaSpec, "t")
        #expect(rows.count == 20000)
        let a = rows.map { Double($0["a"]!)! }, b = rows.map { Double($0["b"]!)! }
        let c = rows.map { Double($0["c"]!)! }, d = rows.map { Double($0["d"]!)! }
        // Marginals: KS distance below the 1% critical value 1.63 / sqrt(n).
        let critical = 1.63 / Double(rows.count).squareRoot()
        #expect(Self.ks(a) { Self.phi(($0 - 40) / 12) } < critical)
        #expect(Self.ks(b) { Self.phi((log($0) - 10) / 0.5) } < critical)
        #expect(Self.ks(c) { min(max($0 / 10, 0), 1) } < critical)
        #expect(Self.ks(d) { 1 - exp(-$0 / 3) } < critical)
        // Correlations of the latent normals (each column mapped back through its own law).
        let za = a.map { ($0 - 40) / 12 }, zb = b.map { (log($0) - 10) / 0.5 }
        let zc = c.map { Distributions.inverseNormalCDF(min(max($0 / 10, 1e-12), 1 - 1e-12)) }
        let zd = d.map { Distributions.inverseNormalCDF(min(max(1 - exp(-$0 / 3), 1e-12), 1 - 1e-12)) }
        for (x, y, rho) in [(za, zb, 0.6), (za, zc, -0.3), (zb, zc, 0.2), (zc, zd, 0.5), (za, zd, 0.0)] {
            #expect(abs(Self.pearson(x, y) - rho) < 0.03, "latent correlation \(Self.pearson(x, y)) vs \(rho)")
        }
        // Uncorrelated, the first column of the group is unchanged.
        let plain = try Self.table(Self.copulaSpec.split(separator: "\n").filter { !$0.contains("correlate") }.joined(separator: "\n"), "t")
        #expect(plain.map { $0["a"]! } == rows.map { $0["a"]! })
        #expect(abs(Self.pearson(plain.map { Double($0["a"]!)! }, plain.map { log(Double($0["b"]!)!) })) < 0.03)
    }

    @Test func numericChoicesAndQuantileTablesJoinTheCopula() throws {
        let rows = try Self.table("""
        dataset: copula2
        seed: 8
        tables:
          t:
            rows: 20000
            columns:
              kids:   { type: integer, gen: { choice: { 0: 0.3, 1: 0.25, 2: 0.3, 3: 0.15 } } }
              income: { type: double precision, gen: { quantiles: { 0: 10, 0.5: 40, 0.9: 90, 1: 200 } } }
              age:    { type: double precision, gen: { normal: { mean: 40, sd: 10 } } }
            correlate: { [kids, age]: 0.6, [income, age]: 0.5 }
        """, "t")
        let kids = rows.map { Double($0["kids"]!)! }, income = rows.map { Double($0["income"]!)! }, age = rows.map { Double($0["age"]!)! }
        for (k, share) in [(0.0, 0.3), (1, 0.25), (2, 0.3), (3, 0.15)] {
            let seen = Double(kids.filter { $0 == k }.count) / Double(kids.count)
            #expect(abs(seen - share) < 0.012, "kids = \(k): \(seen), spec \(share)")
        }
        #expect(abs(Double(income.filter { $0 <= 40 }.count) / Double(income.count) - 0.5) < 0.012, "the quantile table's median holds")
        #expect(Self.pearson(kids, age) > 0.45, "ordered by value, the choice follows the copula: \(Self.pearson(kids, age))")
        #expect(Self.pearson(income, age) > 0.3, "\(Self.pearson(income, age))")
    }

    @Test func nonPositiveDefiniteCorrelationsAreRejected() {
        let bad = Self.copulaSpec.replacingOccurrences(of: "[a, b]: 0.6, [a, c]: -0.3, [b, c]: 0.2", with: "[a, b]: 0.9, [a, c]: 0.9, [b, c]: -0.9")
        #expect(throws: SpecErrors.self) { try TestSupport.spec(bad) }
    }

    @Test func hourOfDayFollowsTheWeights() throws {
        let rows = try Self.table("""
        dataset: hours
        tables:
          t:
            rows: 60000
            columns:
              at: { type: timestamptz, gen: { timestamp: { from: 2024-01-01, to: 2024-12-31, hours: office, weekdays: [1, 1, 1, 1, 1, 0.5, 0.25], growth: 2 } } }
        """, "t")
        var hours = [Double](repeating: 0, count: 24), weekdays = [Double](repeating: 0, count: 7)
        var firstHalf = 0.0
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX"); f.timeZone = TimeZone(identifier: "UTC"); f.dateFormat = "yyyy-MM-dd HH:mm:ssx"
        var cal = Calendar(identifier: .gregorian); cal.timeZone = TimeZone(identifier: "UTC")!
        let mid = f.date(from: "2024-07-01 12:00:00+00")!
        for r in rows {
            let d = try #require(f.date(from: r["at"]!), "\(r["at"]!)")
            hours[cal.component(.hour, from: d)] += 1
            weekdays[(cal.component(.weekday, from: d) + 5) % 7] += 1
            if d < mid { firstHalf += 1 }
        }
        // Chi-square against the weights: 23 degrees of freedom, critical value 49.73 at p = 0.001.
        let w = TimePattern.hourProfiles["office"]!, total = w.reduce(0, +), n = Double(rows.count)
        var chi = 0.0
        for h in 0..<24 { let e = n * w[h] / total; chi += (hours[h] - e) * (hours[h] - e) / e }
        #expect(chi < 49.73, "hour chi-square \(chi)")
        // Weekdays (6 degrees of freedom, 22.46 at p = 0.001); every weekday occurs 52 or 53 times in 2024.
        let ww = [1, 1, 1, 1, 1, 0.5, 0.25], wt = ww.reduce(0, +)
        var chiW = 0.0
        for d in 0..<7 { let e = n * ww[d] / wt; chiW += (weekdays[d] - e) * (weekdays[d] - e) / e }
        #expect(chiW < 30, "weekday chi-square \(chiW)")
        // Growth 2: the rate rises linearly from 1 to 2, so the first half holds 0.625/1.5 of the rows.
        #expect(abs(firstHalf / n - 0.625 / 1.5) < 0.01, "first half share \(firstHalf / n)")
    }

    @Test func timePatternRespectsPartialRangeEnds() throws {
        let rows = try Self.table(RealisticSpecs.everything, "reviews")
        #expect(rows.allSatisfy { $0["at"]! >= "2024-03-01 10:30:00" && $0["at"]! <= "2024-03-09 17:15:00" })
    }

    @Test func personasConditionColumnsAndChildCounts() throws {
        let users = try Self.table(RealisticSpecs.everything, "users", rows: ["users": 6000])
        let orders = try Self.table(RealisticSpecs.everything, "orders", rows: ["users": 6000])
        var segmentOf: [String: String] = [:], usersBy: [String: Double] = [:], ordersBy: [String: Double] = [:]
        var logIncome: [String: [Double]] = [:]
        for u in users {
            segmentOf[u["id"]!] = u["segment"]!
            usersBy[u["segment"]!, default: 0] += 1
            logIncome[u["segment"]!, default: []].append(log(Double(u["income"]!)!))
        }
        #expect(abs(usersBy["loyal"]! / 6000 - 0.5) < 0.03 && abs(usersBy["window_shopper"]! / 6000 - 0.2) < 0.03)
        for o in orders {
            #expect(o["segment"] == segmentOf[o["user_id"]!])
            ordersBy[segmentOf[o["user_id"]!]!, default: 0] += 1
        }
        for (segment, lambda) in [("loyal", 3.0), ("bargain_hunter", 5.0), ("window_shopper", 1.0)] {
            let mean = ordersBy[segment]! / usersBy[segment]!
            #expect(abs(mean - lambda) / lambda < 0.06, "\(segment): \(mean) orders per user, spec \(lambda)")
        }
        let mu = logIncome["loyal"]!.reduce(0, +) / Double(logIncome["loyal"]!.count)
        let muOther = logIncome["bargain_hunter"]!.reduce(0, +) / Double(logIncome["bargain_hunter"]!.count)
        #expect(abs(mu - 10.9) < 0.03 && abs(muOther - 10.5) < 0.04)
        // by: parent.segment in a grandchild's generator; by: is_fraud for anomalies.
        let items = try Self.table(RealisticSpecs.everything, "order_items", rows: ["users": 6000])
        let orderSegment = Dictionary(uniqueKeysWithValues: orders.map { ($0["id"]!, $0["segment"]!) })
        var qty: [String: [Double]] = [:]
        for i in items { qty[orderSegment[i["order_id"]!]!, default: []].append(Double(i["quantity"]!)!) }
        let q = qty.mapValues { $0.reduce(0, +) / Double($0.count) }
        #expect(q["bargain_hunter"]! > 3.5 && q["loyal"]! < 1.8)
        let fraud = orders.filter { $0["is_fraud"] == "t" }, normal = orders.filter { $0["is_fraud"] == "f" }
        #expect(abs(Double(fraud.count) / Double(orders.count) - 0.05) < 0.01)
        #expect(fraud.map { log(Double($0["amount"]!)!) }.reduce(0, +) / Double(fraud.count) > 6.8)
        #expect(normal.map { log(Double($0["amount"]!)!) }.reduce(0, +) / Double(normal.count) < 4.1)
    }

    @Test func parentTotalsEqualTheSumOfTheirChildren() throws {
        let orders = try Self.table(RealisticSpecs.everything, "orders")
        let items = try Self.table(RealisticSpecs.everything, "order_items")
        var sums: [String: Int] = [:], counts: [String: Int] = [:]
        for i in items {
            let q = Int(i["quantity"]!)!, cents = Int((Double(i["unit_price"]!)! * 100).rounded())
            #expect(Int((Double(i["line_total"]!)! * 100).rounded()) == q * cents)
            sums[i["order_id"]!, default: 0] += q * cents
            counts[i["order_id"]!, default: 0] += 1
        }
        #expect(orders.count > 1000)
        for o in orders {
            let shipping = Int((Double(o["shipping"]!)! * 100).rounded())
            #expect(Int((Double(o["total"]!)! * 100).rounded()) == sums[o["id"]!]! + shipping, "order \(o["id"]!)")
            #expect(Int(o["items"]!)! == counts[o["id"]!]!)
        }
    }

    static let positive = ["love", "excellent", "best", "perfect", "fantastic", "superb", "outstanding", "happier", "recommend", "great", "wow", "flawless"]
    static let negative = ["terrible", "awful", "disappoint", "poor", "broke", "waste", "regret", "junk", "avoid", "useless", "worst", "refund", "flimsy", "damaged", "not satisfied"]

    @Test func reviewTextAgreesWithTheRating() throws {
        let rows = try Self.table(RealisticSpecs.everything, "reviews", rows: ["reviews": 3000])
        func has(_ text: String, _ words: [String]) -> Bool { let t = text.lowercased(); return words.contains { t.contains($0) } }
        var bodies = Set<String>()
        for r in rows {
            let text = r["title"]! + " " + r["body"]!
            bodies.insert(r["body"]!)
            switch r["stars"]! {
            case "5":
                #expect(has(text, Self.positive) && !has(text, Self.negative), "5 stars: \(text)")
            case "1":
                #expect(has(text, Self.negative) && !has(text, Self.positive), "1 star: \(text)")
            default: break
            }
        }
        #expect(bodies.count > rows.count * 3 / 4, "only \(bodies.count) distinct bodies in \(rows.count)")
    }

    @Test func localesFollowTheCountryColumn() throws {
        let rows = try Self.table(RealisticSpecs.everything, "users", rows: ["users": 4000])
        let de = Set(try WordList.named("first_names_de").entries.map { String(decoding: $0[0], as: UTF8.self) })
        let jaLast = Set(try WordList.named("last_names_ja").entries.map { String(decoding: $0[0], as: UTF8.self) })
        let citiesFR = Set(try WordList.named("cities_fr").entries.map { String(decoding: $0[0], as: UTF8.self) })
        let currency = ["US": "USD", "DE": "EUR", "FR": "EUR", "JP": "JPY"]
        let phone = ["US": "+1 ", "DE": "+49 ", "FR": "+33 ", "JP": "+81 "]
        var seen = Set<String>()
        for r in rows {
            let country = r["country"]!
            seen.insert(country)
            #expect(r["currency"] == currency[country])
            #expect(r["phone"]!.hasPrefix(phone[country]!), "\(country) phone \(r["phone"]!)")
            if country == "DE" { #expect(de.contains(r["first"]!)); #expect(r["street"]!.last!.isNumber) }
            if country == "JP" {
                #expect(jaLast.contains(r["last"]!))
                #expect(r["postcode"]!.range(of: #"^[0-9]{3}-[0-9]{4}$"#, options: .regularExpression) != nil)
            }
            if country == "FR" { #expect(citiesFR.contains(r["city"]!)); #expect(r["street"]!.first!.isNumber) }
            if country == "US" { #expect(r["postcode"]!.count == 5) }
        }
        #expect(seen == ["US", "DE", "FR", "JP"])
    }

    @Test func conditionsAreValidatedWithLocations() throws {
        let spec = RealisticSpecs.everything.replacingOccurrences(of: "bargain_hunter: 5, window_shopper: 1", with: "bargain_hunter: 5, window_shoper: 1")
        do {
            _ = try TestSupport.spec(spec)
            Issue.record("an unknown persona value was accepted")
        } catch {
            #expect("\(error)".contains("'window_shoper' is not a value of 'segment' (persona 'segment')"))
        }
    }
}
