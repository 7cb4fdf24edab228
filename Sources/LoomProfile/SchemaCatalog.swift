/// What PostgreSQL's catalog says about every table of one schema, read in a few queries:
/// columns with their types (enums with their labels, domains with their base type and
/// checks, arrays with their element), keys, foreign keys and CHECK constraints. No rows are
/// read.
public struct SchemaCatalog: Sendable, Equatable {
    /// The kind of a column's type, from `pg_type.typtype` and its element or base type.
    public enum TypeKind: Sendable, Equatable {
        /// A built-in or extension base type (`typtype = 'b'`), arrays included.
        case base
        /// An enum, with its labels in `enumsortorder`.
        case enumeration(name: String, labels: [String])
        /// A domain over `base` (a `format_type` spelling) with its CHECK constraints.
        case domain(name: String, base: String, checks: [String])
        /// A range type (`int4range`, `tstzrange`, …).
        case range
        /// An array whose element is not a base type (an array of enums, domains, composites).
        case arrayOfOther(element: String)
        /// A composite type, a pseudo-type or anything else Loom cannot write.
        case other(typtype: String)
    }

    /// One column as the catalog describes it.
    public struct Column: Sendable, Equatable {
        public var name: String
        /// `format_type` spelling, e.g. `numeric(12,2)`, `character varying(40)`, `jsonb`.
        public var type: String
        public var kind: TypeKind
        public var notNull: Bool
        /// `attidentity`: `a` (ALWAYS), `d` (BY DEFAULT) or nil.
        public var identity: String?
        /// Whether the database computes the column (`GENERATED ALWAYS AS (…) STORED`).
        public var generated: Bool
        /// The DEFAULT expression as PostgreSQL prints it.
        public var defaultExpression: String?
        /// Whether a sequence belongs to the column (serial or identity).
        public var ownsSequence: Bool

        public init(
            name: String, type: String, kind: TypeKind = .base, notNull: Bool = false, identity: String? = nil, generated: Bool = false,
            defaultExpression: String? = nil, ownsSequence: Bool = false
        ) {
            self.name = name; self.type = type; self.kind = kind; self.notNull = notNull; self.identity = identity
            self.generated = generated; self.defaultExpression = defaultExpression; self.ownsSequence = ownsSequence
        }
    }

    /// A foreign key of one or more columns.
    public struct ForeignKey: Sendable, Equatable {
        public var columns: [String]
        public var targetSchema: String
        public var targetTable: String
        public var targetColumns: [String]

        public init(columns: [String], targetSchema: String, targetTable: String, targetColumns: [String]) {
            self.columns = columns; self.targetSchema = targetSchema; self.targetTable = targetTable; self.targetColumns = targetColumns
        }
    }

    /// One table with its columns (in `attnum` order) and constraints.
    public struct Table: Sendable, Equatable {
        public var name: String
        public var columns: [Column]
        public var primaryKey: [String]
        /// Unique constraints and unique indexes without a predicate or expression.
        public var unique: [[String]]
        public var foreignKeys: [ForeignKey]
        /// CHECK constraints as `pg_get_constraintdef` prints them: `CHECK ((qty >= 0))`.
        public var checks: [String]

        public init(
            name: String, columns: [Column], primaryKey: [String] = [], unique: [[String]] = [], foreignKeys: [ForeignKey] = [],
            checks: [String] = []
        ) {
            self.name = name; self.columns = columns; self.primaryKey = primaryKey; self.unique = unique
            self.foreignKeys = foreignKeys; self.checks = checks
        }

        public func column(_ name: String) -> Column? { columns.first { $0.name == name } }
    }

    public var schema: String
    /// Tables by name.
    public var tables: [Table]

    public init(schema: String, tables: [Table]) {
        self.schema = schema; self.tables = tables
    }

    public func table(_ name: String) -> Table? { tables.first { $0.name == name } }
}
