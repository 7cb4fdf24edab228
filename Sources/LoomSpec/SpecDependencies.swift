extension Spec {
    /// Tables with `per_parent` on `table`.
    public func children(of table: String) -> [TableSpec] { tables.filter { $0.parent == table } }

    /// Columns of `t` that the child rows aggregated by column `c` read from their parent row
    /// (`parent.x`, `by: parent.x`, the reference to the parent's key): they are computed before
    /// `c`, because the aggregate re-evaluates the child rows against the row being built.
    public func aggregateParentReads(_ t: TableSpec, _ c: ColumnSpec) -> [String] {
        guard case .expression(let e) = c.source else { return [] }
        var out: [String] = []
        for cc in e.childColumns {
            guard let child = table(cc.table), child.parent == t.name else { continue }
            var seen = Set<String>()
            func visit(_ name: String) {
                guard seen.insert(name).inserted, let col = child.column(name) else { return }
                switch col.source {
                case .generator(let g):
                    g.dependencies.forEach(visit)
                    if case .conditional(let cond) = g, cond.parent, !out.contains(cond.by) { out.append(cond.by) }
                case .expression(let x):
                    x.columns.forEach(visit)
                    for p in x.parentColumns where !out.contains(p) { out.append(p) }
                case .reference(let rt, let rc, _):
                    if rt == t.name, !out.contains(rc) { out.append(rc) }
                }
            }
            visit(cc.column)
        }
        return out
    }
}
