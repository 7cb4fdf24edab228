import LoomSpec

/// The parts of an update beyond a column's own fields: children per parent row, columns the
/// database gained, expectations.
extension SpecUpdater {
    /// The children per parent row of a `per_parent` table: refitted like a column when it is a
    /// fitted law and the database's driving parent is the spec's.
    func refitCount(_ table: TableSpec, _ profiled: ProfiledTable, personas: Set<String>, _ splice: inout TextSplice) -> ColumnRefit? {
        guard case .perParent(let parent, let count) = table.rows,
            let entry = outline.table(table.name)?.entry("per_parent")?.mapping?.entries.first
        else { return nil }
        var refit = ColumnRefit(table: table.name, column: "per_parent", outcome: .kept(""), before: entry.head ?? count.name)
        refit.isCount = true
        guard let fresh = profiled.perParent, fresh.parent == parent else {
            refit.outcome = .kept(
                "the database's rows hang under \(profiled.perParent.map { "\($0.parent)" } ?? "no parent"), the spec's under \(parent)")
            return refit
        }
        guard !entry.isAlias else {
            refit.outcome = .kept("written as an alias")
            return refit
        }
        guard Self.learnedNames.contains(entry.head ?? ""), Self.isLearned(count, personas: personas) else {
            refit.outcome = .kept("not a fitted law")
            return refit
        }
        if case .perParent(_, .conditional(let c))? = freshSpec?.table(table.name)?.rows,
            spec.table(parent)?.columns.contains(where: { $0.name == c.by }) != true
        {
            refit.outcome = .kept("its fresh fit reads \(parent).\(c.by), which the spec does not have")
            return refit
        }
        refit.outcome = .refitted
        refit.after = fresh.summary
        refit.oldGen = outline.text(entry.valueSpan)
        refit.newGen = fresh.count
        if refit.oldGen != fresh.count { splice.replace(entry.valueSpan, with: fresh.count) }
        return refit
    }

    /// Database columns the spec lacks: written into `columns:` with their fitted generator and expectation.
    func addColumns(
        _ table: TableSpec, _ profiled: ProfiledTable, _ outlineColumns: SpecOutline.Mapping?, _ splice: inout TextSplice,
        _ changes: inout [SchemaChange], _ expectations: inout [(key: String, value: String)]
    ) {
        let known = Set(table.columns.map(\.name))
        for c in profiled.columns where !known.contains(c.name) {
            // Only plain generators: a reference or an expression may name what the spec lacks.
            let writable = c.gen != nil && c.ref == nil && c.expr == nil && !c.primaryKey && (c.gen.map { !$0.contains("by:") } ?? false)
            if writable, let cols = outlineColumns {
                splice.insert(at: cols.insertionPoint, cols.insertion(key: Fmt.key(c.name), value: SpecWriter.columnText(c)))
                if let e = c.expectation { expectations.append(("\(table.name).\(c.name)", e)) }
            }
            changes.append(.columnAdded(table: table.name, column: c.name, type: c.type, added: writable && outlineColumns != nil))
        }
        for s in profiled.skipped where !known.contains(s.column) {
            changes.append(.columnAdded(table: table.name, column: s.column, type: s.type, added: false))
        }
    }

    /// Replaces the expectations of refitted columns, and adds those the spec lacks.
    func writeExpectations(_ wanted: [(key: String, value: String)], _ splice: inout TextSplice) {
        guard !wanted.isEmpty else { return }
        if let entry = outline.root.entry("expectations"), let m = entry.mapping {
            for (key, value) in wanted {
                if let e = m.entry(key) {
                    if !e.isAlias, outline.text(e.valueSpan) != value { splice.replace(e.valueSpan, with: value) }
                } else {
                    splice.insert(at: m.insertionPoint, m.insertion(key: Self.expectationKey(key), value: value))
                }
            }
        } else if outline.root.entry("expectations") == nil, !outline.root.flow {
            var section = outline.text.hasSuffix("\n") || outline.text.isEmpty ? "" : "\n"
            section += "expectations:\n" + wanted.map { "  \(Self.expectationKey($0.key)): \($0.value)\n" }.joined()
            splice.insert(at: outline.text.utf8.count, section)
        }
    }
}
