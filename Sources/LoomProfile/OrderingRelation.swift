import Foundation

/// A date or timestamp column that never comes before another of the row in the source
/// (`shipped_at ≥ ordered_at`), written as the earlier one plus a gap drawn from the law fitted
/// to the source's gaps: `ordered_at + seconds(exp(normal(9.2, 1.1)))`, so the order holds on
/// every generated row.
public struct OrderingRelation: Sendable, Equatable {
    public var earlier: String
    public var later: String
    /// The gap's law, as an expression of a number of days (dates) or seconds (timestamps).
    public var gap: String
    /// Whether the columns are dates (the gap in whole days) rather than timestamps.
    public var isDate: Bool

    /// Days since 1970 (dates) or seconds (timestamps) by row, nil for NULL.
    public struct Column: Sendable {
        public var name: String
        public var values: [Double?]
        public var isDate: Bool

        public init(name: String, values: [Double?], isDate: Bool) {
            self.name = name
            self.values = values
            self.isDate = isDate
        }
    }

    public var expression: String { "\(earlier) + " + (isDate ? "int(round(\(gap)))" : "seconds(\(gap))") }

    /// For each column, the closest earlier column it never precedes (on `ArithmeticRelation.minShare`
    /// of at least `minRows` complete rows, with some gap above 0), so that chains keep every
    /// step's order (`delivered` after `shipped` after `ordered`); never in a cycle. `taken` names columns already computed otherwise.
    public static func find(_ columns: [Column], minRows: Int, taken: Set<String> = []) -> [OrderingRelation] {
        var found: [OrderingRelation] = []
        var earlierOf: [String: String] = [:]
        /// Whether `a` is computed, through earlier columns, from `b`.
        func follows(_ a: String, _ b: String) -> Bool {
            var c = a, steps = 0
            while let e = earlierOf[c], steps <= columns.count {
                if e == b { return true }
                c = e
                steps += 1
            }
            return false
        }
        for b in columns where !taken.contains(b.name) {
            var best: (a: Column, gaps: [Double], median: Double)?
            for a in columns where a.name != b.name && a.isDate == b.isDate && !follows(a.name, b.name) {
                guard let gaps = gaps(a, b, minRows: minRows) else { continue }
                let median = gaps[gaps.count / 2]
                if best == nil || median < best!.median { best = (a, gaps, median) }
            }
            guard let best, let gap = law(best.gaps, integer: b.isDate) else { continue }
            found.append(OrderingRelation(earlier: best.a.name, later: b.name, gap: gap, isDate: b.isDate))
            earlierOf[b.name] = best.a.name
        }
        return found
    }

    /// The sorted gaps `b - a`, when b ≥ a on enough rows and not always equal.
    static func gaps(_ a: Column, _ b: Column, minRows: Int) -> [Double]? {
        var out: [Double] = []
        var before = 0
        for r in a.values.indices {
            guard let x = a.values[r], let y = b.values[r] else { continue }
            if y < x { before += 1 } else { out.append(y - x) }
        }
        let complete = out.count + before
        guard complete >= minRows, Double(out.count) >= ArithmeticRelation.minShare * Double(complete), out.contains(where: { $0 > 0 })
        else { return nil }
        return out.sorted()
    }

    /// The gap as an expression: a known law fitted to the positive gaps (else a lognormal of
    /// their log moments), 0 with the share of equal values.
    static func law(_ sorted: [Double], integer: Bool) -> String? {
        let positive = sorted.filter { $0 > 0 }
        let fit = MarginalFitter.fit(sorted: positive, integer: integer)
        let draw: String
        switch fit.law {
        case .lognormal(let mu, let sigma)?: draw = "exp(normal(\(Fmt.num(mu, digits: 6)), \(Fmt.num(sigma, digits: 6))))"
        case .exponential(let rate)?: draw = "(0 - ln(1 - uniform(0, 1))) / \(Fmt.num(rate, digits: 6))"
        case .uniform(let lo, let hi)?: draw = "uniform(\(Fmt.num(lo, digits: 8)), \(Fmt.num(hi, digits: 8)))"
        case .normal(let m, let s)?: draw = "max(0, normal(\(Fmt.num(m, digits: 8)), \(Fmt.num(s, digits: 8))))"
        case .poisson(let l)?: draw = "max(0, normal(\(Fmt.num(l, digits: 8)), \(Fmt.num(l.squareRoot(), digits: 8))))"
        case nil:
            // No known law fits: a lognormal with the gaps' log moments keeps the order and the scale.
            let logs = positive.map { log($0) }
            let mu = logs.reduce(0, +) / Double(logs.count)
            let sd = (logs.reduce(0) { $0 + ($1 - mu) * ($1 - mu) } / Double(max(1, logs.count - 1))).squareRoot()
            draw = "exp(normal(\(Fmt.num(mu, digits: 6)), \(Fmt.num(sd, digits: 6))))"
        }
        let zeros = Double(sorted.count - positive.count) / Double(sorted.count)
        return zeros >= 0.01 ? "if(bernoulli(\(Fmt.num(zeros, digits: 4))), 0.0, \(draw))" : draw
    }
}
