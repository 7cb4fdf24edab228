extension InitPlanner {
    /// The spec column of a foreign key column, by the role its key plays; nil for a column
    /// that is not a reference.
    func reference(
        _ name: String, in w: Work, works: [String: Work], columns: [String: [String: InitPlan.Column]], plan: inout InitPlan
    ) -> InitPlan.Column? {
        guard w.referenceColumns.contains(name), let type = w.type(name),
            let i = w.table.foreignKeys.firstIndex(where: { $0.columns.contains(name) })
        else { return nil }
        let fk = w.table.foreignKeys[i]
        let column = w.table.column(name)!
        let target = fk.targetColumns[fk.columns.firstIndex(of: name)!]
        let null = InitPlan.Column(name: name, type: type.spelling, source: .gen("{ constant: null }"))
        let what = "\(w.table.name).\(name) → \(fk.targetTable).\(target)"
        switch w.shape.roles[i] {
        case .parent:
            if fk.columns.count == 1, let key = keyColumn(fk.targetTable, target, works: works, columns: columns),
                key == "\(fk.targetTable).\(target)"
            {
                return InitPlan.Column(name: name, type: nil, source: .ref(key, pick: nil))
            }
            guard let t = Fmt.identifier(target) else { return null }
            return InitPlan.Column(name: name, type: type.spelling, source: .expr("parent.\(t)"))
        case .brokenCycle:
            var col = null
            col.comment = "left NULL: this foreign key closes a cycle between tables, which could not be loaded one after the other"
            plan.warnings.append("\(what): left NULL to break a cycle of foreign keys")
            return col
        case .outside:
            plan.warnings.append("\(what): refers outside schema \(catalog.schema); left NULL")
            return null
        case .uniform where fk.targetTable == w.table.name && fk.columns.count == 1:
            // A NOT NULL reference to the table's own key (a tree needs NULL roots): each row refers to itself.
            guard let key = Fmt.identifier(target), columns[w.table.name]?[target]?.primaryKey == true else { return null }
            var col = InitPlan.Column(name: name, type: type.spelling, source: .expr(key))
            col.comment = "NOT NULL reference to this table's own key: each row refers to itself"
            plan.warnings.append("\(what): NOT NULL, so it cannot form a tree; each row refers to itself")
            return col
        case .uniform where fk.columns.count == 1 && w.table.unique.contains([name]):
            // A uniform pick repeats targets: a unique reference can only be left NULL.
            var col = null
            col.comment = "unique foreign key that is not the table's parent: a picked row would repeat, so it is left NULL"
            plan.warnings.append(
                "\(what): unique, and only a table's parent key can be unique; \(column.notNull ? "the load will fail" : "left NULL")")
            return col
        case .tree, .distinct, .uniform:
            return picked(
                name, type: type.spelling, fk: fk, role: w.shape.roles[i], column: column, works: works, columns: columns, plan: &plan)
        }
    }

    /// A reference that picks its row: uniformly, `distinct` or as a `tree`.
    func picked(
        _ name: String, type: String, fk: SchemaCatalog.ForeignKey, role: SchemaShaper.Role, column: SchemaCatalog.Column,
        works: [String: Work],
        columns: [String: [String: InitPlan.Column]], plan: inout InitPlan
    ) -> InitPlan.Column? {
        let target = fk.targetColumns[fk.columns.firstIndex(of: name)!]
        let what = "\(fk.columns.count > 1 ? "(\(fk.columns.joined(separator: ", ")))" : name) → \(fk.targetTable)"
        var null = InitPlan.Column(name: name, type: type, source: .gen("{ constant: null }"))
        if fk.columns.count > 1, let col = composite(name, fk: fk, role: role, column: column, columns: columns) { return col }
        if fk.columns.count > 1, !column.notNull {
            null.comment = "part of the composite foreign key \(what), which Loom cannot pick as a pair: left NULL"
            if fk.columns.first == name { plan.warnings.append("composite foreign key \(what): left NULL (Loom picks single columns)") }
            return null
        }
        guard let key = keyColumn(fk.targetTable, target, works: works, columns: columns) else {
            if !column.notNull {
                null.comment = "\(fk.targetTable).\(target) is not a key Loom generates: left NULL"
                plan.warnings.append("\(name) → \(fk.targetTable).\(target): the target is not a key Loom generates; left NULL")
                return null
            }
            plan.warnings.append(
                "\(name) → \(fk.targetTable).\(target): the target is not a key Loom generates; the reference may not hold")
            return InitPlan.Column(name: name, type: nil, source: .ref("\(fk.targetTable).\(target)", pick: "uniform"))
        }
        var col: InitPlan.Column
        switch role {
        case .tree: col = InitPlan.Column(name: name, type: nil, source: .ref(key, pick: "{ tree: { fanout: 4 } }"))
        case .distinct: col = InitPlan.Column(name: name, type: nil, source: .ref(key, pick: "distinct"))
        default:
            col = InitPlan.Column(name: name, type: nil, source: .ref(key, pick: "uniform"))
            if !column.notNull { col.nullRate = 0.1 }
        }
        if fk.columns.count > 1 {
            col.comment = "part of the composite foreign key \(what): each column is picked on its own, so the pair may not exist"
            if fk.columns.first == name {
                plan.warnings.append(
                    "composite foreign key \(what) is NOT NULL and not the table's parent: its columns are picked one by one and the load may fail"
                )
            }
        }
        return col
    }

    /// A column of a composite foreign key whose target columns Loom generates on their own row:
    /// the first picks the row, the others take theirs from it (`pick: { with: first }`), so the
    /// tuple exists. Nil when a target column is computed from elsewhere (then each is picked alone).
    func composite(
        _ name: String, fk: SchemaCatalog.ForeignKey, role: SchemaShaper.Role, column: SchemaCatalog.Column,
        columns: [String: [String: InitPlan.Column]]
    ) -> InitPlan.Column? {
        for target in fk.targetColumns {
            guard let c = columns[fk.targetTable]?[target], c.nullRate == 0, case .gen = c.source else { return nil }
        }
        let target = fk.targetColumns[fk.columns.firstIndex(of: name)!]
        let first = fk.columns[0]
        guard name != first else {
            var col = InitPlan.Column(
                name: name, type: nil, source: .ref("\(fk.targetTable).\(target)", pick: role == .distinct ? "distinct" : "uniform"))
            if !column.notNull { col.nullRate = 0.1 }
            col.comment = "the composite foreign key (\(fk.columns.joined(separator: ", "))) → \(fk.targetTable): this column picks the row"
            return col
        }
        guard let leader = Fmt.identifier(first) else { return nil }
        return InitPlan.Column(name: name, type: nil, source: .ref("\(fk.targetTable).\(target)", pick: "{ with: \(leader) }"))
    }

    /// `table.column` as a reference target: the column when the spec makes it a key; through
    /// a one-to-one child's key, the parent key it copies.
    func keyColumn(_ table: String, _ column: String, works: [String: Work], columns: [String: [String: InitPlan.Column]]) -> String? {
        if let c = columns[table]?[column] {
            guard c.primaryKey || c.unique, c.nullRate == 0, case .gen = c.source else { return nil }
            return "\(table).\(column)"
        }
        guard let w = works[table], let p = w.shape.parent, w.count == "{ constant: 1 }" else { return nil }
        let fk = w.table.foreignKeys[p]
        guard let k = fk.columns.firstIndex(of: column) else { return nil }
        return keyColumn(fk.targetTable, fk.targetColumns[k], works: works, columns: columns)
    }
}
