import Foundation
import LoomSpec

extension GeneratorChooser {
    /// Numbers, dates and timestamps: a law by the column's name inside the range its type and
    /// CHECK bounds leave (`price > 0` with `numeric(10,2)`: 0.01 … 99999999.99).
    static func byBounds(_ c: Context) -> Choice? {
        guard var bounds = ValueBounds.of(c.sql) else { return nil }
        let dates = [.date, .timestamp].contains(c.sql.kind)
        var honoured: [CheckRule] = []
        for r in c.rules {
            if case .bound(_, let op, let v) = r, bounds.apply(op, v, dates: dates) { honoured.append(r) }
        }
        if bounds.isEmpty {
            bounds = ValueBounds.of(c.sql)!
            honoured = []
        }
        var choice: Choice
        if dates {
            choice = dateChoice(c, bounds, constrained: !honoured.isEmpty)
        } else if c.sql.kind == .int {
            let w = bounds.window(preferredWindow(c, bounds))
            choice = Choice(gen: "{ uniform: { min: \(Fmt.exact(w.lowerBound)), max: \(Fmt.exact(w.upperBound)) } }")
        } else {
            choice = decimalChoice(c, bounds)
        }
        choice.honoured += honoured
        return choice
    }

    /// The range a column's values should fall in, by its name.
    static func preferredWindow(_ c: Context, _ bounds: ValueBounds) -> ClosedRange<Double> {
        switch c.semantic {
        case .count: return 0...20
        case .quantity: return 1...10
        case .age: return 18...90
        case .year: return 1990...2025
        case .rating: return 1...5
        case .percent: return bounds.hi <= 10 ? 0...min(1, bounds.hi) : 0...100
        case .latitude: return -90...90
        case .longitude: return -180...180
        case .money: return 1...1000
        default: return 0...1000
        }
    }

    /// Decimals, floats and money: a lognormal for amounts (clamped to the bounds), else uniform.
    static func decimalChoice(_ c: Context, _ bounds: ValueBounds) -> Choice {
        let scale = c.sql.decimalScale ?? 2
        if c.semantic == .money, bounds.lo <= 0.01, bounds.hi >= 10_000 {
            var choice = Choice(gen: "{ lognormal: { mu: 3.5, sigma: 1 } }")
            choice.clamp = max(bounds.lo, bounds.step)...min(bounds.hi, 1_000_000)
            if c.sql.kind == .float { choice.round = 2 }
            return choice
        }
        let w = bounds.window(preferredWindow(c, bounds))
        let digits = c.sql.kind == .float ? 2 : scale
        let lo = ceilTo(w.lowerBound, digits), hi = floorTo(w.upperBound, digits)
        var choice = Choice(gen: "{ uniform: { min: \(Fmt.fixed(lo, digits)), max: \(Fmt.fixed(max(lo, hi), digits)) } }")
        if c.sql.kind == .float { choice.round = 2 }
        return choice
    }

    static func ceilTo(_ x: Double, _ digits: Int) -> Double {
        let f = pow(10, Double(digits))
        return (x * f - 1e-9).rounded(.up) / f + 0.0
    }

    static func floorTo(_ x: Double, _ digits: Int) -> Double {
        let f = pow(10, Double(digits))
        return (x * f + 1e-9).rounded(.down) / f + 0.0
    }

    /// Dates and timestamps: `updated_at` after `created_at`, birth dates in the past, other
    /// dates over recent years; always inside the CHECK bounds.
    static func dateChoice(_ c: Context, _ bounds: ValueBounds, constrained: Bool) -> Choice {
        if c.semantic == .updatedAt, !constrained, c.sql.kind == .timestamp,
            let created = c.siblings.first(where: { ColumnSemantic.of(column: $0, table: c.table) == .createdAt }),
            c.siblingTypes[created]?.kind == .timestamp, let name = Fmt.identifier(created)
        {
            var choice = Choice(expr: "\(name) + hours(uniform(0, 720))")
            choice.reads = [created]
            return choice
        }
        let preferred: ClosedRange<Double> =
            c.semantic == .birthDate
            ? Double(CivilTime.days(year: 1950, month: 1, day: 1))...Double(CivilTime.days(year: 2005, month: 12, day: 31))
            : Double(CivilTime.days(year: 2020, month: 1, day: 1))...Double(CivilTime.days(year: 2025, month: 12, day: 31))
        let w = bounds.window(preferred)
        let name = c.sql.kind == .date ? "date" : "timestamp"
        return Choice(gen: "{ \(name): { from: \(Fmt.date(w.lowerBound)), to: \(Fmt.date(w.upperBound)) } }")
    }
}
