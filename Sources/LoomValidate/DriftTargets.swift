import LoomGen
import LoomSpec
import LoomStats

/// Derives every column's drift target from a spec: the analytic law of its generator (after
/// clamping and rounding to the column's type), overridden field by field by the spec's
/// `expectations`; and chooses how densely each table is sampled. Workers sketch with these
/// and the monitor and `loom validate` judge against them, so both sides agree by construction.
public enum DriftTargets {
    /// Sampled rows aimed for per table when the spec does not set `drift.sample_every`.
    static let sampleGoal: UInt64 = 100_000
    /// Sparsest automatic sampling: one row in this many.
    static let maxStride: UInt64 = 1024

    public static func make(_ plan: DatasetPlan, tables: [String]? = nil) -> [TableTargets] {
        let spec = plan.spec
        return (tables ?? spec.loadOrder.map(\.name)).compactMap { name in
            guard let t = spec.table(name) else { return nil }
            let positional = positionalColumns(t, spec: spec)
            return TableTargets(
                table: name, stride: stride(plan, t),
                columns: t.columns.map { c in
                    var target = target(c, table: t, spec: spec)
                    target.positional = positional.contains(c.name)
                    return target
                })
        }
    }

    /// The thresholds of the spec's `drift:` section over the defaults.
    public static func thresholds(_ spec: Spec) -> DriftThresholds {
        var t = DriftThresholds.standard
        for (name, r) in spec.drift.levels {
            let level = DriftThresholds.Level(warn: r.lowerBound, alert: r.upperBound)
            switch name {
            case "psi": t.psi = level
            case "ks": t.ks = level
            case "total_variation": t.totalVariation = level
            case "null_rate": t.nullRate = level
            case "mean_shift": t.meanShift = level
            case "sd_ratio": t.sdRatio = level
            default: break
            }
        }
        return t
    }

    /// Columns whose values follow the row index: sequences, a child table's reference to its
    /// parent, and expressions over either (or over the parent's positional columns).
    static func positionalColumns(_ t: TableSpec, spec: Spec) -> Set<String> {
        let parentPositional = t.parent.flatMap { spec.table($0) }.map { positionalColumns($0, spec: spec) } ?? []
        var out = Set<String>()
        var changed = true
        while changed {
            changed = false
            for c in t.columns where !out.contains(c.name) {
                let positional: Bool
                switch c.source {
                case .generator(.sequence): positional = true
                case .generator: positional = false
                case .reference(let table, _, _): positional = table == t.parent
                case .expression(let e):
                    positional = e.columns.contains(where: out.contains) || e.parentColumns.contains(where: parentPositional.contains)
                }
                if positional {
                    out.insert(c.name)
                    changed = true
                }
            }
        }
        return out
    }

    static func stride(_ plan: DatasetPlan, _ t: TableSpec) -> UInt64 {
        if let s = plan.spec.drift.sampleEvery { return s }
        let rows: Double
        switch t.rows {
        case .fixed: rows = Double((try? plan.rows(t.name)) ?? 0)
        case .perParent(let parent, _), .sequence(let parent, _):
            rows = Double((try? plan.rows(parent)) ?? 0) * plan.estimatedChildrenPerParent(t.name)
        }
        var s: UInt64 = 1
        while s < maxStride && Double(s * 2) * Double(sampleGoal) <= rows { s *= 2 }
        return s
    }

    static func target(_ c: ColumnSpec, table: TableSpec, spec: Spec) -> ColumnTarget {
        let expectation = spec.expectations.first { $0.table == table.name && $0.column == c.name }
        var generator: GeneratorSpec? = nil
        if case .generator(let g) = c.source { generator = g }
        let kind = sketchKind(c, generator: generator, expectation: expectation)
        var source = generator.map { "\($0.name) generator" } ?? (c.source.isReference ? "reference" : "expression")
        var t = ColumnTarget(table: table.name, column: c.name, sketch: kind, source: source)
        if generator != nil || c.source.isReference { t.nullRate = c.nullRate }
        if let g = generator { apply(g, column: c, to: &t) }
        if let e = expectation {
            source = "expectations at \(e.location)"
            t.source = source
            if let g = e.distribution { t.distribution = nil; t.frequencies = nil; apply(g, column: c, to: &t) }
            if let q = e.quantiles {
                let rounding: TargetDistribution.Rounding =
                    switch c.type.kind {
                    case .int: .nearestInteger
                    case .date, .timestamp: .floorInteger
                    default: .none
                    }
                t.distribution = TargetDistribution(.quantiles(q.map { .init(p: $0.p, value: $0.value) }), rounding: rounding)
            }
            if let f = e.frequencies { t.frequencies = f }
            if let v = e.mean { t.mean = v }
            if let v = e.sd { t.sd = v }
            let slack = rangeSlack(c)
            if let v = e.min { t.min = v - slack }
            if let v = e.max { t.max = v + slack }
            if let v = e.nullRate { t.nullRate = v }
        }
        t.origin = origin(t, generator: generator)
        return t
    }

    /// How far stored values may lie outside an expected [min, max]: half the grid a column
    /// rounds to (integers, decimals, `round:`), a whole day for dates (quantile tables floor
    /// to the day), a whole `step:` for stepped dates and timestamps (floored to its start).
    /// A profile's bounds are means of records, not grid points.
    static func rangeSlack(_ c: ColumnSpec) -> Double {
        switch c.step {
        case .number?: return Swift.max(c.step!.value!, c.type.kind == .int ? 1 : 0) / 2
        case .micros(let m)?: return c.type.kind == .date ? Double(m / CivilTime.microsPerDay) : Double(m) / 1e6
        case .month?: return c.type.kind == .date ? 31 : 31 * 86_400
        case nil: break
        }
        switch c.type.kind {
        case .int: return 0.5
        case .date: return 1
        default: break
        }
        if let scale = c.type.decimalScale ?? c.round { return 0.5 / Decimal10.pow10Double(scale) }
        return 0
    }

    static func sketchKind(_ c: ColumnSpec, generator: GeneratorSpec?, expectation: Expectation?) -> ColumnTarget.SketchKind {
        if expectation?.frequencies != nil { return .categorical }
        switch generator {
        case .choice?, .bernoulli?, .walkState?: return .categorical
        default: break
        }
        if case .choice? = expectation?.distribution { return .categorical }
        if case .bernoulli? = expectation?.distribution { return .categorical }
        switch c.type.kind {
        case .bool: return .categorical
        case .int, .float, .decimal, .date, .timestamp, .interval: return .numeric
        case .text: return .length
        default: return .presence
        }
    }

    /// Sets the law (or category shares) of generator `g` as stored in column `c`.
    static func apply(_ g: GeneratorSpec, column c: ColumnSpec, to t: inout ColumnTarget) {
        if let d = law(of: g, column: c) {
            t.distribution = d
            return
        }
        switch g {
        case .bernoulli(let p):
            t.frequencies = ["true": p, "false": 1 - p]
        case .choice(let values, let weights):
            let total = weights.reduce(0, +)
            var f: [String: Double] = [:]
            for (v, w) in zip(values, weights) where v != .null { f[CategoryKey.of(v), default: 0] += w / total }
            t.frequencies = f
        default: break
        }
    }

    /// The law of generator `g`'s values as stored in column `c` (clamped, and rounded for
    /// integer columns), or nil for generators without one (sequences, text, categories).
    static func law(of g: GeneratorSpec, column c: ColumnSpec) -> TargetDistribution? {
        var rounding = TargetDistribution.Rounding.none
        if g.kind == .float || g.kind == .decimal {
            if c.type.kind == .int {
                rounding = .nearestInteger
            } else if let scale = c.type.decimalScale ?? c.round {
                rounding = scale == 0 ? .nearestInteger : .grid(1 / Decimal10.pow10Double(scale))
            }
            if case .number? = c.step, let step = c.step?.value, step > 1 || rounding != .nearestInteger { rounding = .grid(step) }
        }
        func law(_ l: TargetDistribution.Law) -> TargetDistribution { TargetDistribution(l, clamp: c.clamp, rounding: rounding) }
        switch g {
        case .uniformInt(let lo, let hi): return law(.uniformInteger(min: Double(lo), max: Double(hi)))
        case .uniformFloat(let lo, let hi): return law(.uniform(min: lo, max: hi))
        case .uniformDecimal(let lo, let hi, let scale):
            // Each grid point equally likely: a continuous uniform over the points' cells.
            let d = Decimal10.pow10Double(scale), step = 1 / d
            if c.type.kind != .int { rounding = .grid(step) }
            return law(.uniform(min: Double(lo) / d - step / 2, max: Double(hi) / d + step / 2))
        case .normal(let m, let s): return law(.normal(mean: m, sd: s))
        case .lognormal(let mu, let sigma): return law(.lognormal(mu: mu, sigma: sigma))
        case .exponential(let r): return law(.exponential(rate: r))
        case .poisson(let l): return law(.poisson(lambda: l))
        case .geometric(let p): return law(.geometric(p: p))
        case .zipf(let n, let s): return law(.zipf(n: Double(n), s: s))
        case .dateRange(let lo, let hi): return law(.uniformInteger(min: Double(lo), max: Double(hi)))
        case .timestampRange(let lo, let hi):
            let us = Double(CivilTime.microsPerSecond)
            return law(.uniform(min: Double(lo) / us, max: Double(hi) / us))
        case .quantiles(let points, let kind):
            if kind == .date || kind == .timestamp { rounding = .floorInteger }
            return law(.quantiles(points.map { .init(p: $0.p, value: $0.value) }))
        case .histogram(let h):
            rounding = .nearestInteger
            return law(.quantiles(histogramCells(h)))
        case .mixture(let parts):
            var laws: [TargetDistribution.Law] = []
            for part in parts {
                switch part.generator {
                case .constant(.int(let v)): laws.append(.constant(Double(v)))
                case .constant(.float(let v)): laws.append(.constant(v))
                case .constant(.decimal(let u, let s)): laws.append(.constant(Double(u) / Decimal10.pow10Double(s)))
                default:
                    guard let d = Self.law(of: part.generator, column: c) else { return nil }
                    laws.append(d.law)
                }
            }
            let total = parts.reduce(0) { $0 + $1.weight }
            return law(.mixture(weights: parts.map { $0.weight / total }, laws: laws))
        default: return nil
        }
    }

    /// A histogram of whole counts as a piecewise-linear CDF that, read at k + 0.5 (the law's
    /// nearest-integer rounding), is P(X ≤ k): it rises by each count's share from the count to
    /// the count + 0.5 and is flat between counts.
    static func histogramCells(_ h: CountHistogram) -> [TargetDistribution.QuantilePoint] {
        let total = h.parents.reduce(0, +)
        var points: [TargetDistribution.QuantilePoint] = []
        var p = 0.0
        for (count, parents) in zip(h.counts, h.parents) {
            points.append(.init(p: p, value: Double(count)))
            p = min(1, p + parents / total)
            points.append(.init(p: p, value: Double(count) + 0.5))
        }
        points[points.count - 1].p = 1
        return points
    }

    /// The law of a `per_parent` table's children per parent row: the count generator's draws
    /// rounded to whole numbers, negative draws counting as 0 (as `TablePlan.childCount` does).
    static func fanOutLaw(_ count: GeneratorSpec, table: TableSpec) -> TargetDistribution? {
        let column = ColumnSpec(
            name: "per_parent count", type: .bigint, source: .generator(count), clamp: 0...1e9,
            location: table.location, sourceLocation: table.location)
        return law(of: count, column: column)
    }

    /// Where the histogram is centred: the law's natural zero (its start, centre or mode).
    static func origin(_ t: ColumnTarget, generator: GeneratorSpec?) -> Double {
        if let d = t.distribution {
            switch d.law {
            case .uniform(let lo, _): return lo
            case .uniformInteger(let lo, _): return lo - 0.5
            case .normal(let m, _): return m
            case .lognormal, .exponential: return 0
            case .poisson, .geometric: return -0.5
            case .zipf: return 0.5
            case .quantiles(let q): return (q.first?.value ?? 0) - (d.rounding == .nearestInteger ? 0.5 : 0)
            case .constant(let v): return v
            case .mixture: return d.quantile(0.5)
            }
        }
        if let m = t.mean { return m }
        if let lo = t.min { return lo }
        if case .sequence(let start, _)? = generator { return Double(start) - 0.5 }
        return 0
    }
}

extension ColumnSpec.Source {
    var isReference: Bool { if case .reference = self { return true }; return false }
}
