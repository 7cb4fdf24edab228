extension Spec {
    /// Tables with `per_parent` on `table`.
    public func children(of table: String) -> [TableSpec] { tables.filter { $0.parent == table } }
}

extension SpecIndex {
    /// Columns of `t` that the child rows aggregated by column `c` read from their parent row
    /// (`parent.x`, `by: parent.x`, the reference to the parent's key): they are computed before
    /// `c`, because the aggregate re-evaluates the child rows against the row being built.
    public func aggregateParentReads(_ t: TableSpec, _ c: ColumnSpec) -> [String] {
        guard case .expression(let e) = c.source else { return [] }
        let aggregated = e.childColumns
        guard !aggregated.isEmpty else { return [] }
        var out: [String] = []
        var added = Set<String>()
        func add(_ name: String) { if added.insert(name).inserted { out.append(name) } }
        for cc in aggregated {
            guard let child = table(cc.table), child.parent == t.name else { continue }
            var seen = Set<String>()
            var pending = [cc.column]
            while let name = pending.popLast() {
                guard seen.insert(name).inserted, let col = column(name, of: child.name) else { continue }
                switch col.source {
                case .generator(let g):
                    pending.append(contentsOf: g.dependencies.reversed())
                    if case .conditional(let cond) = g, cond.parent { add(cond.by) }
                case .expression(let x):
                    pending.append(contentsOf: x.columns.reversed())
                    x.parentColumns.forEach(add)
                case .reference(let rt, let rc, _):
                    if rt == t.name { add(rc) }
                }
            }
        }
        return out
    }
}
