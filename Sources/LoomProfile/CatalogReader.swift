import LoomPostgres

/// What PostgreSQL's catalog says about a table: columns with types and NOT NULL, primary key,
/// unique constraints and foreign keys.
public struct TableInfo: Sendable {
    /// One column as the catalog describes it.
    public struct Column: Sendable {
        public var name: String
        /// `format_type` spelling, e.g. `numeric(12,2)`, `character varying(40)`, `jsonb`.
        public var type: String
        public var notNull: Bool
        /// An enum's labels in sort order; nil for other types.
        public var enumLabels: [String]? = nil
    }

    /// A single-column foreign key.
    public struct ForeignKey: Sendable {
        public var column: String
        public var parentTable: String
        public var parentColumn: String
        public var parentSchema: String
    }

    public var schema: String
    public var name: String
    public var columns: [Column]
    /// Primary key columns (more than one: a composite key).
    public var primaryKey: [String]
    /// Single-column unique constraints.
    public var unique: Set<String>
    public var foreignKeys: [ForeignKey]
    /// Composite foreign keys and unique constraints, which the profile cannot express.
    public var compositeConstraints: [String]
}

/// Reads `TableInfo` from the catalog.
public struct CatalogReader {
    let connection: PostgresConnection

    public init(_ connection: PostgresConnection) { self.connection = connection }

    /// Ordinary and partitioned tables of `schema`, by name.
    public func tables(schema: String) throws -> [String] {
        try connection.execute(
            """
            SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition ORDER BY 1
            """, [schema]
        ).rows.map { $0[0]! }
    }

    /// The description of `schema.table`; fails when the table does not exist.
    public func table(_ name: String, schema: String) throws -> TableInfo {
        let q = SchemaDDL.qualified(name, schema: schema)
        guard try connection.execute("SELECT to_regclass($1) IS NOT NULL", [q]).value(0, 0) == "t" else {
            throw ProfileError("table \(schema).\(name) does not exist")
        }
        let columns = try connection.execute(
            """
            SELECT attname, format_type(atttypid, atttypmod), attnotnull,
                   CASE WHEN (SELECT typtype FROM pg_type WHERE oid = atttypid) = 'e' THEN array_to_string(ARRAY(
                       SELECT enumlabel FROM pg_enum WHERE enumtypid = atttypid ORDER BY enumsortorder), E'\\x1f') END
            FROM pg_attribute
            WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum
            """, [q]
        ).rows.map {
            TableInfo.Column(
                name: $0[0]!, type: $0[1]!, notNull: $0[2] == "t", enumLabels: $0[3].map { $0.components(separatedBy: "\u{1f}") })
        }
        let constraints = try connection.execute(
            """
            SELECT c.contype, c.conname,
                   array_to_string(ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
                       JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o), ','),
                   cf.relname, nf.nspname,
                   array_to_string(ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, o)
                       JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o), ','),
                   cardinality(c.conkey)
            FROM pg_constraint c
            LEFT JOIN pg_class cf ON cf.oid = c.confrelid LEFT JOIN pg_namespace nf ON nf.oid = cf.relnamespace
            WHERE c.conrelid = to_regclass($1) AND c.contype IN ('p', 'u', 'f') ORDER BY c.conname
            """, [q]
        ).rows
        var info = TableInfo(
            schema: schema, name: name, columns: columns, primaryKey: [], unique: [], foreignKeys: [], compositeConstraints: [])
        for r in constraints {
            let cols = (r[2] ?? "").split(separator: ",").map(String.init)
            let single = r[6] == "1"
            switch r[0] {
            case "p": info.primaryKey = cols
            case "u":
                if single {
                    info.unique.insert(cols[0])
                } else {
                    info.compositeConstraints.append("unique (\(cols.joined(separator: ", ")))")
                }
            case "f":
                if single, let pt = r[3], let ps = r[4], let pc = r[5] {
                    info.foreignKeys.append(.init(column: cols[0], parentTable: pt, parentColumn: pc, parentSchema: ps))
                } else {
                    info.compositeConstraints.append("foreign key (\(cols.joined(separator: ", "))) → \(r[3] ?? "?")")
                }
            default: break
            }
        }
        // Unique indexes that are not constraints count as unique too.
        let indexes = try connection.execute(
            """
            SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[0]
            WHERE i.indrelid = to_regclass($1) AND i.indisunique AND NOT i.indisprimary AND i.indnatts = 1 AND i.indexprs IS NULL
            """, [q]
        ).rows
        for r in indexes { if let c = r[0] { info.unique.insert(c) } }
        return info
    }
}

/// A profiling or report failure, naming the table (and column) concerned.
public struct ProfileError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ message: String) { description = message }
}
