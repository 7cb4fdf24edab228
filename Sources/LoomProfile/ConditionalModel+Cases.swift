extension ConditionalModel {
    /// Cases (`"key": parameters`) and the default of one conditional generator, with the
    /// parent's bins that have a case of their own.
    typealias Cases = (cases: [String], fallback: String?, covered: Set<Int32>)

    /// The child's generator given the parent's bins, or nil when no bin has enough rows.
    func conditional(_ child: Input, given parent: DiscreteColumn, current: String) -> (gen: String, covered: Set<Int32>)? {
        let name: String
        let fitted: Cases
        if let cats = child.categories {
            guard child.kind == .text || (child.kind.isNumeric && child.kind != .date && child.kind != .timestamp) else { return nil }
            name = "choice"
            fitted = choiceCases(child, parent, categories: cats)
        } else if child.kind == .bool {
            name = "bernoulli"
            fitted = bernoulliCases(child, parent, current: current)
        } else if child.kind.isNumeric {
            name = "quantiles"
            fitted = quantileCases(child, parent)
        } else {
            return nil
        }
        guard !fitted.cases.isEmpty, let fallback = fitted.fallback else { return nil }
        let gen = "{ \(name): { by: \(Fmt.key(parent.name)), \(fitted.cases.joined(separator: ", ")), default: \(fallback) } }"
        return (gen, fitted.covered)
    }

    /// Each bin's kept categories (only values the column keeps overall), NULL among them: a
    /// conditioned category column draws its NULLs by case (its `null_rate` becomes 0).
    func choiceCases(_ child: Input, _ parent: DiscreteColumn, categories: [String]) -> Cases {
        let allowed = Set(categories + [Self.null]), text = child.kind == .text
        func kept(_ rows: [String]) -> [(value: String, count: Double)] {
            var counts: [String: Int] = [:]
            for v in rows where allowed.contains(v) { counts[v, default: 0] += 1 }
            return privacy.categories(counts).kept
        }
        var cases: [String] = [], covered = Set<Int32>()
        for (bin, label) in parent.labels.enumerated() {
            guard let label, let rows = rows(child, parent, bin, nulls: true) else { continue }
            let k = kept(rows)
            guard !k.isEmpty else { continue }
            cases.append("\(Fmt.str(label)): \(choiceText(k, text: text))")
            covered.insert(Int32(bin))
        }
        var others = kept(rest(child, parent, covered, nulls: true))
        if others.isEmpty { others = kept(child.raw.map { $0 ?? Self.null }) }
        return (cases, others.isEmpty ? nil : choiceText(others, text: text), covered)
    }

    /// How a NULL value is counted among categories.
    static let null = "\u{0}null"

    /// Each bin's share of true values.
    func bernoulliCases(_ child: Input, _ parent: DiscreteColumn, current: String) -> Cases {
        var cases: [String] = [], covered = Set<Int32>()
        for (bin, label) in parent.labels.enumerated() {
            guard let label, let rows = rows(child, parent, bin), let p = bernoulli(rows) else { continue }
            cases.append("\(Fmt.str(label)): \(Fmt.num(p, digits: 4))")
            covered.insert(Int32(bin))
        }
        let others = bernoulli(rest(child, parent, covered)).map { Fmt.num($0, digits: 4) }
        return (cases, others ?? Self.body(of: current, "bernoulli"), covered)
    }

    /// Each bin's quantile table.
    func quantileCases(_ child: Input, _ parent: DiscreteColumn) -> Cases {
        func sorted(_ rows: [String]) -> [Double] { rows.compactMap(Double.init).filter(\.isFinite).sorted() }
        var cases: [String] = [], covered = Set<Int32>()
        for (bin, label) in parent.labels.enumerated() {
            guard let label, let rows = rows(child, parent, bin), let q = quantileText(sorted(rows), child.kind, points: 21) else {
                continue
            }
            cases.append("\(Fmt.str(label)): \(q)")
            covered.insert(Int32(bin))
        }
        let others = sorted(rest(child, parent, covered))
        let all = sorted(child.raw.compactMap { $0 })
        return (cases, quantileText(others.isEmpty ? all : others, child.kind, points: 41), covered)
    }

    /// The child's present values on rows whose parent is in `bin`, nil when they are too few.
    func rows(_ child: Input, _ parent: DiscreteColumn, _ bin: Int, nulls: Bool = false) -> [String]? {
        var out: [String] = []
        for i in parent.codes.indices where parent.codes[i] == Int32(bin) {
            if let v = child.raw[i] { out.append(v) } else if nulls { out.append(Self.null) }
        }
        return out.count >= max(Self.minCaseRows, privacy.minCount) ? out : nil
    }

    /// The child's present values on rows whose parent has no case (NULL, past the cases, or too
    /// few rows): what the default draws from; empty when they are too few to stand alone. Rows
    /// whose parent value is never generated (dropped as rare) are left out: the default is drawn
    /// only for parent values that generation makes.
    func rest(_ child: Input, _ parent: DiscreteColumn, _ covered: Set<Int32>, nulls: Bool = false) -> [String] {
        var out: [String] = []
        for i in parent.codes.indices where !covered.contains(parent.codes[i]) && parent.codes[i] != parent.dropped {
            if let v = child.raw[i] { out.append(v) } else if nulls { out.append(Self.null) }
        }
        return out.count >= max(Self.minCaseRows, privacy.minCount) ? out : []
    }

    /// The share of true values (noised with ε), nil without rows.
    func bernoulli(_ rows: [String]) -> Double? {
        var trues = Double(rows.filter { $0 == "t" || $0 == "true" }.count), all = Double(rows.count)
        if let noise = privacy.noise {
            trues = max(0, noise.noisy(trues))
            all = max(trues, noise.noisy(all))
        }
        return all > 0 ? min(1, trues / all) : nil
    }

    /// Kept categories as the body of a `choice`.
    func choiceText(_ kept: [(value: String, count: Double)], text: Bool) -> String {
        "{ "
            + kept.map { "\($0.value == Self.null ? "\"null\"" : text ? Fmt.str($0.value) : $0.value): \(Fmt.num($0.count))" }
            .joined(separator: ", ") + " }"
    }

    /// A private quantile table as flow text, or nil when it has fewer than two points.
    func quantileText(_ sorted: [Double], _ kind: ColumnType, points: Int) -> String? {
        let q = privacy.quantiles(sorted, maxPoints: points)
        guard q.count >= 2 else { return nil }
        let entries = q.map { "\(Fmt.num($0.p, digits: 4)): \(kind == .timestamp ? Fmt.str(Fmt.timestamp($0.value)) : Fmt.num($0.value))" }
        return "{ \(entries.joined(separator: ", ")) }"
    }

    /// `BODY` of a generator written `{ NAME: BODY }`.
    static func body(of gen: String, _ name: String) -> String? {
        let prefix = "{ \(name): "
        guard gen.hasPrefix(prefix), gen.hasSuffix(" }") else { return nil }
        return String(gen.dropFirst(prefix.count).dropLast(2))
    }
}
