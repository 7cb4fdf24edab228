import Foundation
import LoomPostgres

/// How a synthetic schema compares with a real one as a whole: the rows of each table, and for
/// each foreign key of the real schema the number of children per parent on both sides.
///
/// Relationships come from the real schema's catalog only (single-column foreign keys whose
/// parent is in the same schema, self-references included) and are applied to the same-named
/// tables and columns of the synthetic schema, which needs no constraints of its own. Parents are
/// the distinct non-NULL keys of the parent column; a parent without children counts with 0, and
/// a child row whose value matches no parent is not counted. A table, or a column of it, missing
/// in the synthetic schema gives 0 rows and an empty synthetic distribution, not an error.
public struct SchemaReport: Codable, Sendable {
    /// Row counts of one table of the real schema and of its synthetic namesake (0 when missing).
    public struct TableRows: Codable, Sendable {
        public var table: String
        public var real: Int
        public var synthetic: Int
    }

    /// One relationship: children per parent in the real and the synthetic schema.
    public struct FanOut: Codable, Sendable {
        /// The child table and its referencing column.
        public var child: String
        public var column: String
        /// The parent table and its referenced column.
        public var parent: String
        public var parentColumn: String
        /// How many parents have each number of children, sorted by children; the synthetic side is
        /// empty when a table or column of the relationship is missing there.
        public var real: [CountBin]
        public var synthetic: [CountBin]
        /// Mean children per parent (0 without parents).
        public var realMean: Double
        public var syntheticMean: Double
        /// KS distance between the two distributions of children per parent.
        public var ks: Double
        /// Share of the child rows that belong to the top 10% of parents by number of children.
        public var realTopShare: Double
        public var syntheticTopShare: Double
    }

    /// The number of parents with a given number of children.
    public struct CountBin: Codable, Sendable, Equatable {
        public var children: Int
        public var parents: Int

        public init(children: Int, parents: Int) {
            self.children = children
            self.parents = parents
        }
    }

    /// The real and the synthetic schema's names.
    public var real: String
    public var synthetic: String
    /// Every table of the real schema, by name.
    public var tables: [TableRows]
    /// Every single-column foreign key within the real schema, by child table and column.
    public var relationships: [FanOut]
}

extension SchemaReport {
    /// Compares schema `synthetic` with schema `real`; fails with a `ProfileError` when either
    /// schema does not exist.
    public static func measure(connection: PostgresConnection, real: String, synthetic: String) throws -> SchemaReport {
        for schema in [real, synthetic] {
            guard try connection.execute("SELECT 1 FROM pg_namespace WHERE nspname = $1", [schema]).rowCount == 1 else {
                throw ProfileError("schema \(schema) does not exist")
            }
        }
        let catalog = CatalogReader(connection)
        let realTables = try catalog.tables(schema: real)
        let syntheticColumns = try columns(connection, schema: synthetic)
        var report = SchemaReport(real: real, synthetic: synthetic, tables: [], relationships: [])
        for table in realTables {
            let realRows = try rows(connection, table, schema: real)
            let syntheticRows = syntheticColumns[table] == nil ? 0 : try rows(connection, table, schema: synthetic)
            report.tables.append(TableRows(table: table, real: realRows, synthetic: syntheticRows))
            for key in try catalog.table(table, schema: real).foreignKeys.sorted(by: { $0.column < $1.column })
            where key.parentSchema == real {
                let relationship = ReportedForeignKey(
                    child: table, column: key.column, parent: key.parentTable, parentColumn: key.parentColumn)
                let realBins = try relationship.fanOut(connection, schema: real)
                let present = relationship.isPresent(in: syntheticColumns)
                let syntheticBins = present ? try relationship.fanOut(connection, schema: synthetic) : []
                report.relationships.append(compare(relationship, real: realBins, synthetic: syntheticBins))
            }
        }
        return report
    }

    /// A relationship's figures from its two distributions (pure).
    static func compare(_ r: ReportedForeignKey, real: [CountBin], synthetic: [CountBin]) -> FanOut {
        FanOut(
            child: r.child, column: r.column, parent: r.parent, parentColumn: r.parentColumn,
            real: normalized(real), synthetic: normalized(synthetic),
            realMean: mean(real), syntheticMean: mean(synthetic), ks: ks(real, synthetic),
            realTopShare: topShare(real), syntheticTopShare: topShare(synthetic))
    }

    /// The columns of each table of `schema`.
    static func columns(_ connection: PostgresConnection, schema: String) throws -> [String: Set<String>] {
        let result = try connection.execute(
            """
            SELECT c.relname, a.attname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
            """, [schema])
        var out: [String: Set<String>] = [:]
        for row in result.rows { out[row[0]!, default: []].insert(row[1]!) }
        return out
    }

    static func rows(_ connection: PostgresConnection, _ table: String, schema: String) throws -> Int {
        Int(try connection.execute("SELECT count(*) FROM \(SchemaDDL.qualified(table, schema: schema))").value(0, 0) ?? "") ?? 0
    }
}

// MARK: - Distributions of children per parent (pure)

extension SchemaReport {
    /// Merges bins of equal `children`, drops empty ones and sorts by `children`.
    public static func normalized(_ bins: [CountBin]) -> [CountBin] {
        var parents: [Int: Int] = [:]
        for b in bins where b.parents > 0 { parents[b.children, default: 0] += b.parents }
        return parents.keys.sorted().map { CountBin(children: $0, parents: parents[$0]!) }
    }

    /// Mean children per parent; 0 without parents.
    public static func mean(_ bins: [CountBin]) -> Double {
        let parents = bins.reduce(0) { $0 + max($1.parents, 0) }
        guard parents > 0 else { return 0 }
        let children = bins.reduce(0.0) { $0 + Double($1.children) * Double(max($1.parents, 0)) }
        return children / Double(parents)
    }

    /// KS distance between two distributions of children per parent: the largest difference of
    /// their CDFs over the integer counts. 0 when both are empty, 1 when only one is.
    public static func ks(_ a: [CountBin], _ b: [CountBin]) -> Double {
        let x = normalized(a), y = normalized(b)
        let tx = x.reduce(0) { $0 + $1.parents }, ty = y.reduce(0) { $0 + $1.parents }
        guard tx > 0, ty > 0 else { return tx == ty ? 0 : 1 }
        var i = 0, j = 0, cx = 0, cy = 0, d = 0.0
        while i < x.count || j < y.count {
            let n = min(i < x.count ? x[i].children : Int.max, j < y.count ? y[j].children : Int.max)
            if i < x.count && x[i].children == n {
                cx += x[i].parents
                i += 1
            }
            if j < y.count && y[j].children == n {
                cy += y[j].parents
                j += 1
            }
            d = max(d, abs(Double(cx) / Double(tx) - Double(cy) / Double(ty)))
        }
        return d
    }

    /// Share of all children that belong to the top `fraction` of parents by number of children
    /// (the top ⌈fraction × parents⌉ parents); 0 when there are no children.
    public static func topShare(_ bins: [CountBin], fraction: Double = 0.1) -> Double {
        let sorted = normalized(bins).reversed()
        let parents = sorted.reduce(0) { $0 + $1.parents }
        let children = sorted.reduce(0.0) { $0 + Double($1.children) * Double($1.parents) }
        guard children > 0 else { return 0 }
        var remaining = Int((Double(parents) * fraction * (1 - 1e-12)).rounded(.up))
        var top = 0.0
        for b in sorted where remaining > 0 {
            let taken = min(remaining, b.parents)
            top += Double(taken) * Double(b.children)
            remaining -= taken
        }
        return top / children
    }
}

/// One foreign key of the real schema, by table and column names that also name its counterpart
/// in the synthetic schema.
struct ReportedForeignKey {
    var child: String
    var column: String
    var parent: String
    var parentColumn: String

    /// Whether both tables and both columns exist in a schema with these columns per table.
    func isPresent(in columns: [String: Set<String>]) -> Bool {
        columns[child]?.contains(column) == true && columns[parent]?.contains(parentColumn) == true
    }

    /// Parents per number of children in `schema`, sorted by children; parents are the distinct
    /// non-NULL keys, children are counted per key before the join so duplicate keys do not
    /// multiply them.
    func fanOut(_ connection: PostgresConnection, schema: String) throws -> [SchemaReport.CountBin] {
        let p = SchemaDDL.qualified(parent, schema: schema), c = SchemaDDL.qualified(child, schema: schema)
        let key = SchemaDDL.quote(parentColumn), ref = SchemaDDL.quote(column)
        let result = try connection.execute(
            """
            SELECT coalesce(k.n, 0) AS children, count(*) AS parents
            FROM (SELECT DISTINCT \(key) AS key FROM \(p) WHERE \(key) IS NOT NULL) p
            LEFT JOIN (SELECT \(ref) AS key, count(*) AS n FROM \(c) WHERE \(ref) IS NOT NULL GROUP BY 1) k ON k.key = p.key
            GROUP BY 1 ORDER BY 1
            """)
        return result.rows.map { SchemaReport.CountBin(children: Int($0[0] ?? "") ?? 0, parents: Int($0[1] ?? "") ?? 0) }
    }
}
