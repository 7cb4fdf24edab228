/// Checks of the realistic-data features: `by:` conditions, aggregates and `correlate:`.
extension SpecValidator {
    /// The values a column can take when it is a `choice` (or persona), following `expr: parent.x`
    /// chains up to the column that draws them; nil when they can't be listed.
    static func enumerableValues(_ column: ColumnSpec, in table: TableSpec, index: SpecIndex) -> [Literal]? {
        var column = column, table = table
        // Follows `parent.x` copies up the tables (a loop, however long the chain of parents).
        for _ in 0...index.spec.tables.count {
            switch column.source {
            case .generator(.choice(let values, _)):
                return values
            case .generator(.bernoulli):
                return [.bool(true), .bool(false)]
            case .expression(let e):
                guard case .parent(let name, _) = e.root, let p = table.parent.flatMap(index.table),
                    let pc = index.column(name, of: p.name)
                else { return nil }
                (column, table) = (pc, p)
            default:
                return nil
            }
        }
        return nil
    }

    /// Checks a conditional generator of `what`: the `by` column exists and every case value
    /// is one it can take. `countOf` is the parent table for `per_parent` counts.
    func checkConditional(
        _ g: GeneratorSpec, what: String, table t: TableSpec, countOf: TableSpec?,
        at fallbackLocation: SourceLocation, errors: inout [SpecError]
    ) {
        guard case .conditional(let c) = g else { return }
        let source: TableSpec?
        if let countOf { source = countOf } else if c.parent { source = t.parent.flatMap(index.table) } else { source = t }
        guard let source else {
            errors.append(SpecError("\(what): 'by: parent.\(c.by)' needs a parent table: give the table per_parent", at: c.location))
            return
        }
        guard let byColumn = index.column(c.by, of: source.name) else {
            if source.name == t.name, countOf == nil { return }  // reported as an unknown column the generator reads
            let hint = closest(c.by, in: source.columns.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
            let place = source.name == t.name ? "" : " of table '\(source.name)'"
            errors.append(SpecError("\(what): 'by' names unknown column '\(c.by)'\(place)\(hint)", at: c.location))
            return
        }
        guard !c.fromLocale else { return }
        let values = Self.enumerableValues(byColumn, in: source, index: index)
        let valueSet = Set(values ?? [])
        let shown = values?.map(\.description) ?? []
        var unknown = false
        var covered = Set<Literal>()
        for k in c.cases {
            let parsed = Literal.parse(k.value, for: byColumn.type)
            if let parsed { covered.insert(parsed) }
            if values != nil {
                guard let parsed, valueSet.contains(parsed) || (parsed == .null && byColumn.nullable) else {
                    let persona = spec.personas.first { p in p.values == shown }.map { " (persona '\($0.name)')" } ?? ""
                    errors.append(
                        SpecError(
                            "\(what): '\(k.value)' is not a value of '\(c.by)'\(persona); its values: \(shown.joined(separator: ", "))",
                            at: k.location))
                    unknown = true
                    continue
                }
            } else if parsed == nil, ConditionRange.parse(k.value, for: byColumn.type) == nil {
                errors.append(SpecError("\(what): '\(k.value)' is not a valid \(byColumn.type) value of '\(c.by)'", at: k.location))
            }
        }
        if c.fallback == nil, !unknown, let values {
            let missing = values.filter { !covered.contains($0) }.map(\.description)
            if !missing.isEmpty, countOf != nil || !byColumn.nullable {
                errors.append(
                    SpecError(
                        "\(what): 'by: \(c.by)' has no case for \(missing.map { "'\($0)'" }.joined(separator: ", ")) and no 'default'",
                        at: c.location))
            }
        }
        _ = fallbackLocation
    }

    /// Generators the copula can drive (their inverse CDF is known).
    static func copulaSupports(_ g: GeneratorSpec) -> Bool { g.copulaCapable }

    /// `correlate:`: numeric generated columns, each pair once, a positive definite matrix.
    func checkCorrelations(_ t: TableSpec, errors: inout [SpecError]) {
        guard !t.correlations.isEmpty else { return }
        var names: [String] = []
        var named = Set<String>()
        var ok = true
        for c in t.correlations {
            for (name, loc) in [(c.first, c.firstLocation), (c.second, c.secondLocation)] {
                guard let col = index.column(name, of: t.name) else {
                    let hint = closest(name, in: t.columns.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                    errors.append(SpecError("correlate: table '\(t.name)' has no column '\(name)'\(hint)", at: loc))
                    ok = false
                    continue
                }
                let kind = col.type.kind
                guard kind.isNumeric || kind == .date || kind == .timestamp else {
                    errors.append(
                        SpecError(
                            "correlate: column '\(t.name).\(name)' is \(col.type); only numeric, date and timestamp columns can be correlated",
                            at: loc))
                    ok = false
                    continue
                }
                guard case .generator(let g) = col.source, Self.copulaSupports(g) else {
                    let what: String
                    switch col.source {
                    case .generator(let g): what = "generator '\(g.name)'"
                    case .expression: what = "an expression"
                    case .reference: what = "a reference"
                    }
                    errors.append(
                        SpecError(
                            "correlate: column '\(t.name).\(name)' comes from \(what); correlate columns drawn by normal, lognormal, uniform, exponential, geometric, date or timestamp",
                            at: loc))
                    ok = false
                    continue
                }
                if col.unique || col.primaryKey {
                    errors.append(
                        SpecError(
                            "correlate: column '\(t.name).\(name)' is unique; unique values come from a permutation and cannot be correlated",
                            at: loc))
                    ok = false
                    continue
                }
                if named.insert(name).inserted { names.append(name) }
            }
        }
        guard ok else { return }
        guard t.correlationFactor != nil else {
            errors.append(
                SpecError(
                    "correlate: the correlations of table '\(t.name)' are not a valid correlation matrix (not positive definite); weaken some of them",
                    at: t.correlateLocation ?? t.location))
            return
        }
    }
}

extension TableSpec {
    /// The columns of `t.correlations` in first-mention order and the Cholesky factor of their
    /// correlation matrix; nil when it is not positive definite.
    public var correlationFactor: (columns: [String], factor: [Double])? {
        var names: [String] = []
        var positions: [String: Int] = [:]
        for c in correlations {
            for name in [c.first, c.second] where positions[name] == nil {
                positions[name] = names.count
                names.append(name)
            }
        }
        let n = names.count
        var m = [Double](repeating: 0, count: n * n)
        for i in 0..<n { m[i * n + i] = 1 }
        for c in correlations {
            let i = positions[c.first]!, j = positions[c.second]!
            m[i * n + j] = c.rho; m[j * n + i] = c.rho
        }
        guard let l = Cholesky.factor(m, n: n) else { return nil }
        return (names, l)
    }
}
