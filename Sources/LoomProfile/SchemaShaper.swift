/// Decides how `loom init` shapes each table from its foreign keys alone: which tables are
/// roots (a fixed number of rows), which are `per_parent` children of which foreign key, and
/// how every other foreign key picks its row: uniformly, `distinct` (link tables, so pairs
/// never repeat), as a `tree` (self references) or not at all (a nullable key of a cycle
/// between tables, left NULL so the tables can load one after the other).
public struct SchemaShaper {
    /// How one foreign key gets its values.
    public enum Role: String, Sendable, Equatable {
        /// The key of the row's own parent (`per_parent`).
        case parent
        /// A parent's k-th child takes the k-th row of a permutation of the target: pairs with
        /// the parent never repeat.
        case distinct
        /// Row 0 is a root (NULL), row i refers to row (i - 1) / fanout: an acyclic hierarchy.
        case tree
        /// A target row picked uniformly.
        case uniform
        /// Left NULL: the key closes a cycle between tables.
        case brokenCycle
        /// The target is outside the schema (or not a table Loom writes): left NULL.
        case outside
    }

    /// The shape of one table.
    public struct Shape: Sendable, Equatable {
        /// Index in the table's `foreignKeys` of the `per_parent` key, nil for a root.
        public var parent: Int?
        /// Role of each foreign key, by index in `foreignKeys`.
        public var roles: [Role]
        /// A many-to-many link: a composite primary key of the parent key and a `distinct` key.
        public var isLink: Bool
    }

    /// A cycle of NOT NULL foreign keys: no table of it can be loaded first.
    public struct Unbreakable: Error, Sendable, Equatable {
        public var tables: [String]
    }

    let catalog: SchemaCatalog

    public init(_ catalog: SchemaCatalog) { self.catalog = catalog }

    /// The shape of every table, by name; fails on a cycle of NOT NULL foreign keys.
    public func shapes() throws(Unbreakable) -> [String: Shape] {
        var roles: [String: [Role]] = [:]
        for t in catalog.tables { roles[t.name] = t.foreignKeys.map { initialRole($0, in: t) } }
        try breakCycles(&roles)
        var out: [String: Shape] = [:]
        for t in catalog.tables { out[t.name] = shape(t, roles: roles[t.name]!) }
        return out
    }

    /// Self references become trees (when nullable), keys to other schemas are left NULL,
    /// everything else starts uniform.
    func initialRole(_ fk: SchemaCatalog.ForeignKey, in t: SchemaCatalog.Table) -> Role {
        guard fk.targetSchema == catalog.schema, catalog.table(fk.targetTable) != nil else { return .outside }
        if fk.targetTable == t.name { return fk.columns.count == 1 && Self.nullable(fk, in: t) ? .tree : .uniform }
        return .uniform
    }

    /// Whether every column of `fk` may be NULL.
    static func nullable(_ fk: SchemaCatalog.ForeignKey, in t: SchemaCatalog.Table) -> Bool {
        fk.columns.allSatisfy { t.column($0)?.notNull == false }
    }

    /// Breaks each cycle between tables at a nullable key, until none is left.
    func breakCycles(_ roles: inout [String: [Role]]) throws(Unbreakable) {
        while let cycle = findCycle(roles) {
            guard let edge = cycle.first(where: { Self.nullable(edgeKey($0), in: catalog.table($0.table)!) }) else {
                throw Unbreakable(tables: cycle.map(\.table) + [cycle[0].table])
            }
            roles[edge.table]![edge.index] = .brokenCycle
        }
    }

    struct Edge: Equatable {
        var table: String
        var index: Int
    }

    func edgeKey(_ e: Edge) -> SchemaCatalog.ForeignKey { catalog.table(e.table)!.foreignKeys[e.index] }

    /// A cycle of keys between different tables that are still followed, nil when none.
    func findCycle(_ roles: [String: [Role]]) -> [Edge]? {
        var state: [String: Int] = [:]  // 1: on the path, 2: done
        var path: [Edge] = []
        func visit(_ table: String) -> [Edge]? {
            state[table] = 1
            for (i, role) in roles[table, default: []].enumerated() where role == .uniform {
                let target = catalog.table(table)!.foreignKeys[i].targetTable
                guard target != table else { continue }
                path.append(Edge(table: table, index: i))
                if state[target] == 1 {
                    let start = path.firstIndex { $0.table == target }!
                    return Array(path[start...])
                }
                if state[target] == nil, let c = visit(target) { return c }
                path.removeLast()
            }
            state[table] = 2
            return nil
        }
        for t in catalog.tables where state[t.name] == nil {
            if let c = visit(t.name) { return c }
        }
        return nil
    }

    /// The parent key (one in the primary key first, then a composite key, then the first NOT
    /// NULL key) and the link-table `distinct` key.
    func shape(_ t: SchemaCatalog.Table, roles: [Role]) -> Shape {
        var roles = roles
        let candidates = t.foreignKeys.indices.filter { roles[$0] == .uniform && t.foreignKeys[$0].targetTable != t.name }
            .filter { t.foreignKeys[$0].columns.allSatisfy { t.column($0)?.notNull == true } }
        let inKey = candidates.filter { i in !t.primaryKey.isEmpty && t.foreignKeys[i].columns.allSatisfy(t.primaryKey.contains) }
            .sorted {
                t.primaryKey.firstIndex(of: t.foreignKeys[$0].columns[0])! < t.primaryKey.firstIndex(of: t.foreignKeys[$1].columns[0])!
            }
        let composite = candidates.filter { t.foreignKeys[$0].columns.count > 1 }
        let byPosition = candidates.sorted { position(t.foreignKeys[$0], t) < position(t.foreignKeys[$1], t) }
        guard let parent = inKey.first ?? composite.first ?? byPosition.first else {
            return Shape(parent: nil, roles: roles, isLink: false)
        }
        roles[parent] = .parent
        var isLink = false
        let parentColumns = t.foreignKeys[parent].columns
        for key in [t.primaryKey] + t.unique where key.count > parentColumns.count && parentColumns.allSatisfy(key.contains) {
            let rest = key.filter { !parentColumns.contains($0) }
            if let other = candidates.first(where: { $0 != parent && t.foreignKeys[$0].columns == rest }), roles[other] == .uniform,
                rest.count == 1
            {
                roles[other] = .distinct
                isLink = isLink || key == t.primaryKey
            }
        }
        return Shape(parent: parent, roles: roles, isLink: isLink)
    }

    func position(_ fk: SchemaCatalog.ForeignKey, _ t: SchemaCatalog.Table) -> Int {
        t.columns.firstIndex { $0.name == fk.columns[0] } ?? Int.max
    }
}
