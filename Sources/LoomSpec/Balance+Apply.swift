extension Balance {
    /// The label column's generator rewritten to the balanced law (checked against its values).
    func apply(to t: inout TableSpec) throws(SpecError) {
        guard let i = t.columns.firstIndex(where: { $0.name == column }) else {
            throw SpecError("balance of table '\(t.name)' names unknown column '\(column)'", at: location)
        }
        let c = t.columns[i]
        guard case .generator(let g) = c.source else {
            throw SpecError("balance: column '\(t.name).\(column)' must be generated (choice or bernoulli) to be balanced", at: location)
        }
        let law: [(Literal, Double)]
        if let shares {
            law = try shares.map { s throws(SpecError) in
                guard let v = Literal.parse(s.value, for: c.type), v != .null else {
                    throw SpecError("balance: '\(s.value)' is not a \(c.type) value of '\(column)'", at: location)
                }
                return (v, s.share)
            }
        } else {
            law = try Self.overall(g, equalBy: equalBy!, table: t, column: c, at: location)
        }
        t.columns[i].source = .generator(try Self.generator(law, like: g, column: "\(t.name).\(column)", at: location))
    }

    /// A generator of the same kind as `g` (bernoulli stays bernoulli) with the law `law`.
    static func generator(_ law: [(Literal, Double)], like g: GeneratorSpec, column: String, at location: SourceLocation) throws(SpecError)
        -> GeneratorSpec
    {
        var base = g
        if case .conditional(let c) = g, let first = c.cases.first { base = first.generator }
        switch base {
        case .bernoulli:
            let p = law.first { $0.0 == .bool(true) }?.1 ?? 0
            return .bernoulli(p: p)
        case .choice:
            return .choice(values: law.map(\.0), weights: law.map(\.1))
        default:
            throw SpecError(
                "balance: column '\(column)' must be a choice or a bernoulli (or conditions of them) to be balanced", at: location)
        }
    }

    /// The label's law over all rows, whatever the group: its `by: GROUP` cases mixed by the
    /// group's own shares (equal ones when they are not known), so every group gets the same law.
    static func overall(_ g: GeneratorSpec, equalBy group: String, table t: TableSpec, column: ColumnSpec, at location: SourceLocation)
        throws(SpecError) -> [(Literal, Double)]
    {
        guard case .conditional(let c) = g, c.by == group, !c.parent else {
            throw SpecError(
                "balance equal_by: \(group) needs '\(t.name).\(column.name)' drawn by: \(group) (as the learned model writes it)",
                at: location)
        }
        var groupShares: [String: Double] = [:]
        if case .generator(.choice(let values, let weights)) = t.column(group)?.source {
            let total = weights.reduce(0, +)
            for (v, w) in zip(values, weights) { groupShares[v.description] = w / max(total, 1e-12) }
        }
        var mixed: [Literal: Double] = [:], order: [Literal] = []
        for k in c.cases {
            let w = groupShares[k.value] ?? 1 / Double(c.cases.count)
            for (v, p) in law(of: k.generator) {
                if mixed[v] == nil { order.append(v) }
                mixed[v, default: 0] += w * p
            }
        }
        guard !order.isEmpty else { throw SpecError("balance: '\(t.name).\(column.name)' has no cases to balance", at: location) }
        return order.map { ($0, mixed[$0]!) }
    }

    /// The shares a choice or bernoulli gives its values.
    static func law(of g: GeneratorSpec) -> [(Literal, Double)] {
        switch g {
        case .bernoulli(let p): return [(.bool(true), p), (.bool(false), 1 - p)]
        case .choice(let values, let weights):
            let total = weights.reduce(0, +)
            return zip(values, weights).map { ($0, $1 / max(total, 1e-12)) }
        default: return []
        }
    }
}

extension SpecLoader {
    /// A balanced label's expected shares are its new law, so `validate` and drift judge the
    /// balanced data against what was asked for; columns drawn given the label lose their
    /// expectations (their generators, drawn given the balanced label, are the target).
    static func balanceExpectations(_ spec: inout Spec) {
        for t in spec.tables {
            guard let b = t.balance, let c = t.column(b.column), case .generator(let g) = c.source else { continue }
            let law = Balance.law(of: g)
            guard !law.isEmpty else { continue }
            var frequencies: [String: Double] = [:]
            for (v, p) in law { frequencies[v.description] = p }
            if let i = spec.expectations.firstIndex(where: { $0.table == t.name && $0.column == b.column }) {
                spec.expectations[i].frequencies = frequencies
            }
            // Columns drawn given the label keep their law given it, so their overall law moves with
            // the label's: what was expected of them before no longer holds.
            let given = Set(
                t.columns.filter { col in
                    if case .generator(.conditional(let cond)) = col.source { return cond.by == b.column && !cond.parent }
                    return false
                }.map(\.name))
            spec.expectations.removeAll { $0.table == t.name && given.contains($0.column) }
        }
    }
}
