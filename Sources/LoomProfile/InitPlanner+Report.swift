extension InitPlanner {
    /// Sorts the CHECKs into honoured and not honoured, writes those not honoured above their
    /// tables, and warns about each.
    func finish(_ plan: inout InitPlan, works: [String: Work], order: [String]) {
        for name in order {
            let w = works[name]!
            plan.warnings += w.warnings
            guard let index = plan.tables.firstIndex(where: { $0.name == name }) else { continue }
            for (scope, text, rules) in w.checks {
                let label = "\(scope): \(text)"
                if let rules, rules.allSatisfy(w.honoured.contains) {
                    plan.honouredChecks.append(label)
                    continue
                }
                plan.unhonouredChecks.append(label)
                let columns = mentioned(text, in: w.table)
                plan.tables[index].comments.append("not honoured: \(label)")
                let named = columns.isEmpty ? "" : " (\(columns.joined(separator: ", ")))"
                plan.warnings.append("\(scope)\(named): \(text) is not honoured; generated rows may violate it")
            }
            if w.table.primaryKey.count == 1, w.referenceColumns.contains(w.table.primaryKey[0]) {
                plan.tables[index].comments.append(
                    "primary key \(w.table.primaryKey[0]) is a foreign key (one row per parent row), so it is not marked primary_key")
            }
            if w.table.primaryKey.count > 1 {
                plan.tables[index].comments.append(
                    "primary key (\(w.table.primaryKey.joined(separator: ", "))): composite, so no column is marked primary_key")
            }
        }
    }

    /// The table's columns named in a CHECK's text.
    func mentioned(_ text: String, in t: SchemaCatalog.Table) -> [String] {
        let tokens = CheckTokenizer.tokens(text) ?? []
        let names = Set(tokens.compactMap { if case .name(let n, _) = $0 { n } else { nil } })
        return t.columns.map(\.name).filter(names.contains)
    }
}
