import LoomSpec

extension InitPlanner {
    /// The table's rows: `--rows` for a root, else its parent's rows times the fan-out (one
    /// for a one-to-one key, at most three for a link table, one to five otherwise).
    func size(_ works: inout [String: Work], _ name: String) {
        var w = works[name]!
        defer { works[name] = w }
        guard let p = w.shape.parent else {
            (w.rowsMin, w.rowsMax) = (options.rows, options.rows)
            return
        }
        let fk = w.table.foreignKeys[p]
        let parent = works[fk.targetTable]!
        var (lo, hi) = (1, 5)
        if Set(fk.columns) == Set(w.table.primaryKey) || w.table.unique.contains(where: { Set($0) == Set(fk.columns) }) {
            (lo, hi) = (1, 1)
            w.count = "{ constant: 1 }"
        } else if let d = w.shape.roles.firstIndex(of: .distinct) {
            hi = max(1, min(3, works[w.table.foreignKeys[d].targetTable]?.rowsMin ?? 1))
            w.count = "{ uniform: { min: 1, max: \(hi) } }"
        } else {
            w.count = "{ uniform: { min: 1, max: 5 } }"
        }
        w.rowsMin = min(parent.rowsMin * lo, 1 << 50)
        w.rowsMax = min(parent.rowsMax * hi, 1 << 50)
    }

    func sizeOf(_ w: Work) -> InitPlan.Size {
        guard let p = w.shape.parent, let count = w.count else { return .rows(options.rows) }
        return .perParent(parent: w.table.foreignKeys[p].targetTable, count: count)
    }

    /// The primary key and unique columns the spec marks, and how each composite key holds:
    /// by a `distinct` reference, a column unique on its own, a number within the parent
    /// (`gen: step`) or one of its columns made unique.
    func keys(_ w: inout Work, plan: inout InitPlan) {
        let refs = w.referenceColumns
        let kept = Set(w.columns.map(\.column.name))
        if w.table.primaryKey.count == 1, let k = w.table.primaryKey.first, kept.contains(k), !refs.contains(k) { w.primaryKey = k }
        for u in w.table.unique where u.count == 1 && kept.contains(u[0]) && !refs.contains(u[0]) && u[0] != w.primaryKey {
            w.unique.insert(u[0])
        }
        let composites = (w.table.primaryKey.count > 1 ? [w.table.primaryKey] : []) + w.table.unique.filter { $0.count > 1 }
        for key in composites where !compositeHolds(key, &w) {
            plan.warnings.append(
                "\(w.table.name): unique (\(key.joined(separator: ", "))) cannot be guaranteed; rows may repeat a combination")
        }
    }

    /// Whether the composite `key` holds, making it hold where a column can carry it.
    func compositeHolds(_ key: [String], _ w: inout Work) -> Bool {
        let fks = w.table.foreignKeys
        let parentColumns = w.shape.parent.map { fks[$0].columns } ?? []
        let distinct = w.shape.roles.indices.filter { w.shape.roles[$0] == .distinct }.flatMap { fks[$0].columns }
        let withParent = !parentColumns.isEmpty && parentColumns.allSatisfy(key.contains)
        if withParent, key.contains(where: distinct.contains) { return true }
        if key.contains(where: { $0 == w.primaryKey || w.unique.contains($0) || w.stepColumns.contains($0) && withParent }) {
            return true
        }
        let free = key.filter { c in !w.referenceColumns.contains(c) && w.columns.contains { $0.column.name == c } }
        // A number within the parent (0, 1, …), unless a CHECK constrains the column.
        if withParent, let n = free.first(where: { w.type($0)?.sql.kind == .int && !checked($0, w) }) {
            w.stepColumns.insert(n)
            return true
        }
        let uniqueKinds: [ValueKind] = [.int, .decimal, .uuid, .date, .timestamp, .text]
        if let c = free.first(where: { w.type($0).map { uniqueKinds.contains($0.sql.kind) && $0.enumeration == nil } ?? false }) {
            w.unique.insert(c)
            return true
        }
        return false
    }

    /// Whether a CHECK of the table or of the column's domain names `column`.
    func checked(_ column: String, _ w: Work) -> Bool {
        if w.type(column)?.domainChecks.isEmpty == false { return true }
        return w.table.checks.contains { mentioned($0, in: w.table).contains(column) }
    }
}
