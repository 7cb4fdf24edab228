import LoomPostgres

/// Child columns drawn given a column of their parent row: for each `per_parent` table, the
/// child rows are read joined to their parent rows, and a child column that the conditional
/// model left unconditioned is written `by: parent.COLUMN` when a parent column explains it
/// (customers' segment → their invoices' totals, a genre → its tracks' lengths). The same
/// bins, strengths, thresholds and privacy safeguards as `ConditionalModel`; numbers given
/// numbers too, since the copula does not cross tables.
struct ParentLinks {
    let connection: PostgresConnection
    let options: ProfileOptions
    let privacy: PrivacyFilter
    /// Children of one parent share its values: a link is learned over at least this many
    /// parent rows, and must be at least `threshold` strong.
    static let minParents = 200
    static let threshold = 0.1

    func apply(_ tables: inout [ProfiledTable], infos: [TableInfo]) throws {
        let infoByName = Dictionary(infos.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let byName = Dictionary(tables.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        for i in tables.indices {
            guard let fan = tables[i].perParent, let p = byName[fan.parent], tables[p].rows >= Int64(Self.minParents),
                let childInfo = infoByName[tables[i].name],
                let parentInfo = infoByName[fan.parent],
                let key = tables[i].columns.first(where: { $0.name == fan.column })?.ref?.split(separator: ".").last
            else { continue }
            let joined = try Joined(self, child: tables[i], parent: tables[p], childInfo, parentInfo, fk: fan.column, key: String(key))
            link(&tables[i], joined)
        }
    }

    /// Child rows read joined to their parent rows: the columns that may take part, and their values.
    struct Joined {
        var child: [(column: ProfiledColumn, kind: ColumnType)]
        var parent: [(column: ProfiledColumn, kind: ColumnType)]
        var result: PostgresResult

        init(
            _ links: ParentLinks, child: ProfiledTable, parent: ProfiledTable, _ ci: TableInfo, _ pi: TableInfo, fk: String, key: String
        ) throws {
            self.child = links.kinds(ci, child, child: true)
            self.parent = links.kinds(pi, parent, child: false)
            let measure: (String, (ProfiledColumn, ColumnType)) -> String = { alias, c in
                c.1.measure(alias + "." + SchemaDDL.quote(c.0.name), maxText: links.options.maxTextLength)
            }
            let select = (self.child.map { measure("c", $0) } + self.parent.map { measure("p", $0) }).joined(separator: ", ")
            result = try links.connection.execute(
                """
                SELECT \(select.isEmpty ? "1" : select) FROM \(SchemaDDL.qualified(ci.name, schema: ci.schema)) c
                JOIN \(SchemaDDL.qualified(pi.name, schema: pi.schema)) p ON c.\(SchemaDDL.quote(fk)) = p.\(SchemaDDL.quote(key))
                LIMIT \(links.options.sampleRows)
                """)
        }

        func values(child j: Int) -> [String?] { (0..<result.rowCount).map { result.value($0, j) } }
        func values(parent j: Int) -> [String?] { (0..<result.rowCount).map { result.value($0, child.count + j) } }
    }

    /// The columns of `table` that may take part, with their kinds: a child's generated columns
    /// (no keys, references or conditions), a parent's generated or computed ones.
    func kinds(_ info: TableInfo, _ table: ProfiledTable, child: Bool) -> [(column: ProfiledColumn, kind: ColumnType)] {
        let types = Dictionary(info.columns.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
        return table.columns.compactMap { c in
            guard !c.primaryKey, !c.unique, c.ref == nil, let t = types[c.name], let kind = ColumnType.map(t)?.kind,
                kind.fingerprinted
            else { return nil }
            if child, c.gen == nil || c.gen!.contains("by:") || c.expr != nil { return nil }
            if !child, c.gen == nil, c.expr == nil { return nil }
            return (c, kind)
        }
    }

    /// Conditions each remaining child column on the parent column that explains it most.
    func link(_ child: inout ProfiledTable, _ joined: Joined) {
        let model = ConditionalModel(privacy: privacy)
        let minRows = max(200, 5 * privacy.minCount)
        func modelled(_ c: ProfiledColumn, _ kind: ColumnType) -> Bool { c.categories != nil || kind.isNumeric || kind == .bool }
        let parents: [DiscreteColumn] = joined.parent.enumerated().compactMap { j, p in
            guard modelled(p.column, p.kind), ArithmeticRelation.canName(p.column.name) else { return nil }
            return model.discretise(
                .init(name: "parent." + p.column.name, kind: p.kind, raw: joined.values(parent: j), categories: p.column.categories))
        }
        for (j, c) in joined.child.enumerated() where modelled(c.column, c.kind) && ArithmeticRelation.canName(c.column.name) {
            guard let k = child.columns.firstIndex(where: { $0.name == c.column.name }), child.columns[k].expr == nil else { continue }
            let input = ConditionalModel.Input(
                name: c.column.name, kind: c.kind, raw: joined.values(child: j), categories: c.column.categories)
            guard let bins = model.discretise(input) else { continue }
            let scored = parents.compactMap { p in ChowLiuTree.strength(bins, p, minRows: minRows).map { (p, $0) } }
            guard let best = scored.max(by: { $0.1 < $1.1 }), best.1 >= Self.threshold,
                let gen = model.conditional(input, given: best.0, current: child.columns[k].gen ?? "")?.gen
            else { continue }
            child.columns[k].gen = gen
            if c.column.categories != nil { child.columns[k].nullRate = 0 }
            let strength = Fmt.num(best.1, digits: 2)
            child.columns[k].summary = "given \(best.0.name) (strength \(strength)); " + child.columns[k].summary
            child.links.append("\(child.name).\(c.column.name) given \(best.0.name) (strength \(strength))")
        }
    }
}
