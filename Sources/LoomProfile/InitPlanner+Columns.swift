import LoomSpec

extension InitPlanner {
    /// The CHECKs of the table and of its columns' domains, their rules attached to the
    /// columns they constrain (an order rule to its later column). A CHECK on a reference
    /// column is not attached, so it reads as not honoured.
    func attachChecks(_ w: inout Work) {
        for text in w.table.checks { attach(CheckParser.parse(text), scope: w.table.name, text: text, &w) }
        for (c, type) in w.columns {
            guard case .domain(let domain, _, _) = c.kind else { continue }
            for text in type.domainChecks {
                let rules = CheckParser.parse(text)?.map { $0.replacingValue(with: c.name) }
                attach(rules, scope: "\(w.table.name).\(c.name) (domain \(domain))", text: text, &w)
            }
        }
    }

    func attach(_ rules: [CheckRule]?, scope: String, text: String, _ w: inout Work) {
        w.checks.append((scope, text, rules))
        let plain = Set(w.columns.map(\.column.name)).subtracting(w.referenceColumns)
        guard let rules, rules.allSatisfy({ $0.columns.allSatisfy(plain.contains) }) else { return }
        for r in rules { w.rules[r.columns[0], default: []].append(r) }
    }

    /// The columns of the table that are not references, each with its generator, unique
    /// flags and NULL share.
    func generated(_ w: inout Work, works: [String: Work]) -> [String: InitPlan.Column] {
        attachChecks(&w)
        let names = w.columns.map(\.column.name)
        let plainTypes = Dictionary(
            w.columns.filter { !w.referenceColumns.contains($0.column.name) }.map { ($0.column.name, $0.type.sql) },
            uniquingKeysWith: { a, _ in a })
        var out: [String: InitPlan.Column] = [:]
        var reads: [String] = []
        var cities: [String: String] = [:]
        for (c, type) in w.columns where !w.referenceColumns.contains(c.name) {
            if w.stepColumns.contains(c.name) {
                out[c.name] = InitPlan.Column(name: c.name, type: type.spelling, source: .gen("step"))
                continue
            }
            let context = GeneratorChooser.Context(
                table: w.table.name, column: c.name, type: type, rules: w.rules[c.name] ?? [], siblings: names.filter { $0 != c.name },
                unique: w.unique.contains(c.name), primaryKey: w.primaryKey == c.name, rows: max(w.rowsMax, 1), siblingTypes: plainTypes)
            let choice = GeneratorChooser.choose(context)
            out[c.name] = column(c, type, choice, &w)
            cities[c.name] = choice.citiesField
            if c.notNull { reads += choice.reads }
        }
        for (c, _) in w.columns where !c.notNull && out[c.name] != nil && !reads.contains(c.name) {
            let col = out[c.name]!
            let notNullRule = (w.rules[c.name] ?? []).contains { if case .notNull = $0 { true } else { false } }
            if !col.primaryKey, !col.unique, !notNullRule, col.source != .gen("step") { out[c.name]!.nullRate = 0.1 }
        }
        linkCities(&out, fields: cities, order: names)
        return out
    }

    /// The spec column for a choice; a key the generator cannot keep unique loses its flag.
    func column(_ c: SchemaCatalog.Column, _ type: InitType, _ choice: GeneratorChooser.Choice, _ w: inout Work) -> InitPlan.Column {
        var col = InitPlan.Column(
            name: c.name, type: type.spelling, source: choice.expr.map { .expr($0) } ?? .gen(choice.gen ?? "{ constant: null }"))
        col.clamp = choice.clamp
        col.round = choice.round
        col.primaryKey = w.primaryKey == c.name
        col.unique = w.unique.contains(c.name)
        if col.primaryKey || col.unique, !choice.keyable {
            col.comment =
                "\(col.primaryKey ? "primary key" : "unique") in the database, but Loom cannot keep \(type.spelling) values unique here"
            w.warnings.append("\(w.table.name).\(c.name): \(col.comment!) (up to \(w.rowsMax) rows); values may repeat and the load fail")
            col.primaryKey = false
            col.unique = false
            w.unique.remove(c.name)
            if w.primaryKey == c.name { w.primaryKey = nil }
        }
        w.honoured += choice.honoured
        return col
    }

    /// The first column drawn from the `cities` dictionary picks the row's city; the others
    /// (`country`, `country_code`) take `like:` it, so they agree.
    func linkCities(_ columns: inout [String: InitPlan.Column], fields: [String: String], order: [String]) {
        var anchor: String?
        for name in order {
            guard let field = fields[name] else { continue }
            if let anchor {
                columns[name]!.source = .gen("{ dict: { name: cities, field: \(field), like: \(Fmt.key(anchor)) } }")
            } else {
                anchor = name
            }
        }
    }
}
