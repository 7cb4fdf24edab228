import LoomPostgres

/// Reads a `SchemaCatalog` from `pg_catalog` in three queries for the whole schema (columns,
/// constraints, unique indexes), so a schema of hundreds of tables reads in well under a second.
public struct SchemaCatalogReader {
    let connection: PostgresConnection

    public init(_ connection: PostgresConnection) { self.connection = connection }

    /// Separates list items inside one text field (labels, column names).
    static let separator = "\u{1f}"

    /// Every ordinary and partitioned table of `schema` (not partitions), by name.
    public func read(schema: String) throws -> SchemaCatalog {
        let exists = try connection.execute("SELECT count(*) FROM pg_namespace WHERE nspname = $1", [schema]).value(0, 0)
        guard exists == "1" else { throw ProfileError("schema \(schema) does not exist") }
        var tables: [SchemaCatalog.Table] = []
        for row in try connection.execute(Self.columnsQuery, [schema]).rows {
            let column = Self.column(row)
            if tables.last?.name == row[0]! {
                tables[tables.count - 1].columns.append(column)
            } else {
                tables.append(SchemaCatalog.Table(name: row[0]!, columns: [column]))
            }
        }
        var index: [String: Int] = [:]
        for (i, t) in tables.enumerated() { index[t.name] = i }
        for row in try connection.execute(Self.constraintsQuery, [schema]).rows {
            guard let i = index[row[0]!] else { continue }
            Self.add(constraint: row, to: &tables[i])
        }
        for row in try connection.execute(Self.uniqueIndexesQuery, [schema]).rows {
            guard let i = index[row[0]!] else { continue }
            let columns = Self.list(row[1])
            if !columns.isEmpty, !tables[i].unique.contains(columns) { tables[i].unique.append(columns) }
        }
        return SchemaCatalog(schema: schema, tables: tables)
    }

    static func list(_ field: String?) -> [String] {
        guard let field, !field.isEmpty else { return [] }
        return field.components(separatedBy: separator)
    }

    static func column(_ r: [String?]) -> SchemaCatalog.Column {
        let kind: SchemaCatalog.TypeKind
        switch r[3] ?? "b" {
        case "b":
            if let element = r[12], element != "b" {
                kind = .arrayOfOther(element: r[13] ?? "?")
            } else {
                kind = .base
            }
        case "e": kind = .enumeration(name: r[9]!, labels: list(r[14]))
        case "d":
            kind = r[15] == "b" || r[15] == "r" ? .domain(name: r[9]!, base: r[10]!, checks: list(r[11])) : .other(typtype: "d")
        case "r": kind = .range
        case let t: kind = .other(typtype: t)
        }
        return SchemaCatalog.Column(
            name: r[1]!, type: r[2]!, kind: kind, notNull: r[4] == "t", identity: r[5].flatMap { $0.isEmpty ? nil : $0 },
            generated: !(r[6] ?? "").isEmpty, defaultExpression: r[7], ownsSequence: r[8] == "t")
    }

    static func add(constraint r: [String?], to table: inout SchemaCatalog.Table) {
        let columns = list(r[2])
        switch r[1] {
        case "p": table.primaryKey = columns
        case "u": if !table.unique.contains(columns) { table.unique.append(columns) }
        case "f":
            table.foreignKeys.append(
                SchemaCatalog.ForeignKey(columns: columns, targetSchema: r[3] ?? "", targetTable: r[4] ?? "", targetColumns: list(r[5])))
        case "c": table.checks.append(r[6] ?? "")
        default: break
        }
    }

    static let columnsQuery = """
        SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), t.typtype, a.attnotnull OR (t.typtype = 'd' AND t.typnotnull),
               a.attidentity::text, a.attgenerated::text, pg_get_expr(d.adbin, d.adrelid),
               EXISTS (SELECT 1 FROM pg_depend dep JOIN pg_class s ON s.oid = dep.objid AND s.relkind = 'S'
                       WHERE dep.classid = 'pg_class'::regclass AND dep.refclassid = 'pg_class'::regclass
                         AND dep.refobjid = c.oid AND dep.refobjsubid = a.attnum AND dep.deptype IN ('a', 'i')),
               t.typname,
               CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) END,
               CASE WHEN t.typtype = 'd' THEN array_to_string(ARRAY(
                   SELECT pg_get_constraintdef(k.oid) FROM pg_constraint k
                   WHERE k.contypid = t.oid AND k.contype = 'c' ORDER BY k.conname), E'\\x1f') END,
               et.typtype, et.typname,
               CASE WHEN t.typtype = 'e' THEN array_to_string(ARRAY(
                   SELECT e.enumlabel FROM pg_enum e WHERE e.enumtypid = t.oid ORDER BY e.enumsortorder), E'\\x1f') END,
               bt.typtype
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        JOIN pg_type t ON t.oid = a.atttypid
        LEFT JOIN pg_type et ON et.oid = t.typelem AND t.typcategory = 'A'
        LEFT JOIN pg_type bt ON bt.oid = t.typbasetype AND t.typtype = 'd'
        LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
        WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
        ORDER BY c.relname, a.attnum
        """

    static let constraintsQuery = """
        SELECT cl.relname, k.contype::text,
               array_to_string(ARRAY(SELECT a.attname FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
                   JOIN pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o), E'\\x1f'),
               nf.nspname, cf.relname,
               array_to_string(ARRAY(SELECT a.attname FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
                   JOIN pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o), E'\\x1f'),
               pg_get_constraintdef(k.oid)
        FROM pg_constraint k
        JOIN pg_class cl ON cl.oid = k.conrelid
        JOIN pg_namespace n ON n.oid = cl.relnamespace
        LEFT JOIN pg_class cf ON cf.oid = k.confrelid
        LEFT JOIN pg_namespace nf ON nf.oid = cf.relnamespace
        WHERE n.nspname = $1 AND k.contype IN ('p', 'u', 'f', 'c')
        ORDER BY cl.relname, k.conname
        """

    static let uniqueIndexesQuery = """
        SELECT cl.relname,
               array_to_string(ARRAY(SELECT a.attname FROM unnest(i.indkey::int2[]) WITH ORDINALITY u(n, o)
                   JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = u.n
                   WHERE u.o <= i.indnkeyatts ORDER BY u.o), E'\\x1f')
        FROM pg_index i
        JOIN pg_class cl ON cl.oid = i.indrelid
        JOIN pg_namespace n ON n.oid = cl.relnamespace
        WHERE n.nspname = $1 AND i.indisunique AND NOT i.indisprimary AND i.indexprs IS NULL AND i.indpred IS NULL
          AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid AND k.contype IN ('p', 'u'))
        ORDER BY 1, 2
        """
}
