import Foundation
import LoomSpec

/// PostgreSQL DDL for a spec: tables first (no constraints, the bulk-load fast path), then
/// primary keys, unique indexes and foreign keys to create after the load.
public enum SchemaDDL {
    /// `name` as a quoted identifier: safe for any table or column name.
    public static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `value` as a SQL string literal.
    public static func literal(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
    }

    /// `schema.name`, both quoted; no schema gives just the quoted name.
    public static func qualified(_ name: String, schema: String?) -> String {
        schema.map { quote($0) + "." + quote(name) } ?? quote(name)
    }

    /// The spec's enum types, each created unless a type of that name exists (so a reload or a
    /// second job into the same schema keeps it): run before `createTables`.
    public static func createTypes(_ spec: Spec, schema: String? = nil) -> [String] {
        spec.enums.map { e in
            let labels = e.labels.map(literal).joined(separator: ", ")
            return "DO $loom$ BEGIN CREATE TYPE \(qualified(e.name, schema: schema)) AS ENUM (\(labels)); "
                + "EXCEPTION WHEN duplicate_object THEN NULL; END $loom$;"
        }
    }

    /// A column type as DDL spells it; enum types are quoted and live in the tables' schema.
    public static func typeName(_ type: SQLType, schema: String?) -> String {
        if case .enumeration(let name) = type { return qualified(name, schema: schema) }
        return type.description
    }

    /// `CREATE TABLE` statements in load order.
    public static func createTables(_ spec: Spec, schema: String? = nil, unlogged: Bool = false) -> [String] {
        spec.loadOrder.map { t in
            let cols = t.columns.map { c in
                "    \(quote(c.name)) \(typeName(c.type, schema: schema))\(c.nullable ? "" : " NOT NULL")"
            }.joined(separator: ",\n")
            return "CREATE \(unlogged ? "UNLOGGED " : "")TABLE \(qualified(t.name, schema: schema)) (\n\(cols)\n);"
        }
    }

    /// A key, unique index or foreign key to create after the load.
    public struct Constraint: Sendable {
        public enum Kind: Sendable { case primaryKey, unique, foreignKey }
        public var kind: Kind
        public var table: String
        public var column: String
        public var name: String
        public var sql: String
    }

    /// Primary keys and unique indexes first, then foreign keys (which need the keys).
    public static func constraintList(_ spec: Spec, schema: String? = nil, tables only: [String]? = nil) -> [Constraint] {
        var keys: [Constraint] = [], fks: [Constraint] = []
        for t in spec.loadOrder where only?.contains(t.name) ?? true {
            let table = qualified(t.name, schema: schema)
            for c in t.columns {
                if c.primaryKey {
                    let name = constraintName(t.name, c.name, "pkey")
                    keys.append(
                        Constraint(
                            kind: .primaryKey, table: t.name, column: c.name, name: name,
                            sql: "ALTER TABLE \(table) ADD CONSTRAINT \(quote(name)) PRIMARY KEY (\(quote(c.name)));"))
                } else if c.unique {
                    let name = constraintName(t.name, c.name, "key")
                    keys.append(
                        Constraint(
                            kind: .unique, table: t.name, column: c.name, name: name,
                            sql: "CREATE UNIQUE INDEX \(quote(name)) ON \(table) (\(quote(c.name)));"))
                }
                if case .reference(let rt, let rc, _) = c.source, only?.contains(rt) ?? true {
                    let name = constraintName(t.name, c.name, "fkey")
                    fks.append(
                        Constraint(
                            kind: .foreignKey, table: t.name, column: c.name, name: name,
                            sql:
                                "ALTER TABLE \(table) ADD CONSTRAINT \(quote(name)) FOREIGN KEY (\(quote(c.name))) REFERENCES \(qualified(rt, schema: schema)) (\(quote(rc)));"
                        ))
                }
            }
        }
        return keys + fks
    }

    /// The statements of `constraintList`.
    public static func constraints(_ spec: Spec, schema: String? = nil) -> [String] {
        constraintList(spec, schema: schema).map(\.sql)
    }

    /// PostgreSQL-style constraint names, cut to the 63-byte identifier limit.
    static func constraintName(_ table: String, _ column: String, _ suffix: String) -> String {
        let name = "\(table)_\(column)_\(suffix)"
        guard name.utf8.count > 63 else { return name }
        var out = ""
        for ch in name where out.utf8.count + String(ch).utf8.count <= 63 - suffix.count - 1 { out.append(ch) }
        return out + "_" + suffix
    }
}
