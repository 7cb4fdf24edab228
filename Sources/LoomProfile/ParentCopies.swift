import LoomPostgres

/// Child columns that repeat a column of their parent row on (nearly) every row — an invoice's
/// billing country is its customer's country — found on the child rows joined to their parent
/// rows and written `expr: "parent.COLUMN"`, so the rule holds on every generated row.
struct ParentCopies {
    let connection: PostgresConnection
    let options: ProfileOptions
    let minRows: Int

    /// `(child column, parent column)` pairs among `candidates` (the child's generated columns,
    /// with their spec types) for the foreign key `fk` to `parent.key`.
    func find(child: TableInfo, candidates: [(name: String, type: String)], fk: String, parent: TableInfo, key: String) throws -> [(
        String, String
    )] {
        let parentColumns = parent.columns.compactMap { c -> (name: String, type: String, kind: ColumnType)? in
            guard c.name != key, ArithmeticRelation.canName(c.name), let (spec, kind) = ColumnType.map(c.type), kind.fingerprinted else {
                return nil
            }
            return (c.name, spec, kind)
        }
        let kinds = Dictionary(
            child.columns.compactMap { c in ColumnType.map(c.type).map { (c.name, $0.kind) } }, uniquingKeysWith: { a, _ in a })
        let pairs = candidates.flatMap { c in parentColumns.filter { $0.type == c.type }.map { (c.name, $0) } }
        guard !pairs.isEmpty else { return [] }
        let select = pairs.map { c, p in
            let mine = (kinds[c] ?? p.kind).measure("c." + SchemaDDL.quote(c), maxText: options.maxTextLength)
            let theirs = p.kind.measure("p." + SchemaDDL.quote(p.name), maxText: options.maxTextLength)
            return "count(*) FILTER (WHERE \(mine) IS NOT NULL), count(*) FILTER (WHERE \(mine) = \(theirs))"
        }.joined(separator: ", ")
        let r = try connection.execute(
            """
            SELECT \(select) FROM (SELECT * FROM \(SchemaDDL.qualified(child.name, schema: child.schema)) LIMIT \(options.sampleRows)) c
            JOIN \(SchemaDDL.qualified(parent.name, schema: parent.schema)) p ON c.\(SchemaDDL.quote(fk)) = p.\(SchemaDDL.quote(key))
            """)
        var out: [(String, String)] = []
        var taken = Set<String>()
        for (i, (c, p)) in pairs.enumerated() where !taken.contains(c) {
            let present = Int(r.value(0, 2 * i) ?? "") ?? 0, equal = Int(r.value(0, 2 * i + 1) ?? "") ?? 0
            guard present >= minRows, Double(equal) >= ArithmeticRelation.minShare * Double(present) else { continue }
            out.append((c, p.name))
            taken.insert(c)
        }
        return out
    }
}
