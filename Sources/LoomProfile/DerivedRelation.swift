import LoomSpec

/// A whole-number column derived from others on (nearly) every row: a part of a date or
/// timestamp (`month(placed_at)`), the quotient or remainder of a number by a power of ten
/// (`div(code, 100)`, `code % 100`), or two fields packed into one (`year * 100 + month`).
/// Written as `expr:`, so the rule holds on every generated row.
public struct DerivedRelation: Sendable, Equatable {
    public var target: String
    public var expression: String
    /// The columns the expression reads.
    public var reads: [String]

    /// A column as the finder sees it: its values (days for dates, seconds for timestamps).
    public struct Column: Sendable {
        public enum Kind: Sendable { case number, date, timestamp }
        public var name: String
        public var values: [Double?]
        public var kind: Kind

        public init(name: String, values: [Double?], kind: Kind) {
            self.name = name
            self.values = values
            self.kind = kind
        }
    }

    static let powers: [Double] = [10, 100, 1000, 10_000]

    /// Relations with whole-number targets among `columns`; `taken` columns (already computed)
    /// are neither targets nor sources. At most one relation per target.
    public static func find(_ columns: [Column], taken: Set<String>, minRows: Int) -> [DerivedRelation] {
        let free = columns.filter { !taken.contains($0.name) && ArithmeticRelation.canName($0.name) }
        var found: [DerivedRelation] = []
        var graph = ExpressionReads()
        for t in free where t.kind == .number && isWhole(t) && varies(t) {
            let sources = free.filter { $0.name != t.name && !graph.depends($0.name, on: t.name) && varies($0) }
            if let r = datePart(t, sources, minRows) ?? division(t, sources, minRows) ?? packed(t, sources, minRows) {
                found.append(r)
                graph.record(t.name, reads: r.reads)
            }
        }
        return found
    }

    static func datePart(_ t: Column, _ sources: [Column], _ minRows: Int) -> DerivedRelation? {
        for s in sources where s.kind != .number {
            for part in ["year", "month", "day", "weekday", "hour"] where part != "hour" || s.kind == .timestamp {
                let f: (Double) -> Double = { x in Self.part(part, of: x, timestamp: s.kind == .timestamp) }
                if holds(t, [s], minRows, { f($0[0]) }) {
                    return DerivedRelation(target: t.name, expression: "\(part)(\(s.name))", reads: [s.name])
                }
            }
        }
        return nil
    }

    static func division(_ t: Column, _ sources: [Column], _ minRows: Int) -> DerivedRelation? {
        for s in sources where s.kind == .number && isWhole(s) && nonNegative(s) {
            for k in powers {
                if holds(t, [s], minRows, { ($0[0] / k).rounded(.down) }) {
                    return DerivedRelation(target: t.name, expression: "div(\(s.name), \(Int(k)))", reads: [s.name])
                }
                if holds(t, [s], minRows, { $0[0].truncatingRemainder(dividingBy: k) }) {
                    return DerivedRelation(target: t.name, expression: "\(s.name) % \(Int(k))", reads: [s.name])
                }
            }
        }
        return nil
    }

    static func packed(_ t: Column, _ sources: [Column], _ minRows: Int) -> DerivedRelation? {
        let whole = sources.filter { $0.kind == .number && isWhole($0) && nonNegative($0) }
        for a in whole {
            for b in whole where b.name != a.name {
                for k in powers where holds(t, [a, b], minRows, { $0[1] < k ? $0[0] * k + $0[1] : .nan }) {
                    return DerivedRelation(target: t.name, expression: "\(a.name) * \(Int(k)) + \(b.name)", reads: [a.name, b.name])
                }
            }
        }
        return nil
    }

    /// The part of a date (days since 1970) or timestamp (seconds since 1970), as Loom's
    /// expression functions compute it (weekday 1 = Monday).
    static func part(_ part: String, of x: Double, timestamp: Bool) -> Double {
        let seconds = timestamp ? x.rounded(.down) : x * 86_400
        let days = (seconds / 86_400).rounded(.down)
        if part == "hour" { return ((seconds - days * 86_400) / 3600).rounded(.down) }
        let c = CivilTime.civil(fromDays: Int64(days))
        switch part {
        case "year": return Double(c.year)
        case "month": return Double(c.month)
        case "day": return Double(c.day)
        default: return Double(((Int64(days) % 7 + 7 + 3) % 7) + 1)
        }
    }

    /// Whether `target = f(sources)` on at least `ArithmeticRelation.minShare` of at least
    /// `minRows` complete rows; the first 50 complete rows must all agree.
    static func holds(_ t: Column, _ sources: [Column], _ minRows: Int, _ f: ([Double]) -> Double) -> Bool {
        var complete = 0, agree = 0
        var args = [Double](repeating: 0, count: sources.count)
        for r in t.values.indices {
            guard let y = t.values[r] else { continue }
            var missing = false
            for (i, s) in sources.enumerated() {
                if let v = s.values[r] { args[i] = v } else { missing = true }
            }
            if missing { continue }
            complete += 1
            if f(args) == y { agree += 1 } else if complete <= 50 { return false }
        }
        return complete >= minRows && Double(agree) >= ArithmeticRelation.minShare * Double(complete)
    }

    static func isWhole(_ c: Column) -> Bool { c.values.prefix(2000).allSatisfy { $0.map { $0 == $0.rounded() } ?? true } }
    static func nonNegative(_ c: Column) -> Bool { c.values.prefix(2000).allSatisfy { ($0 ?? 0) >= 0 } }
    static func varies(_ c: Column) -> Bool { Set(c.values.prefix(500).compactMap { $0 }).count > 1 }
}
