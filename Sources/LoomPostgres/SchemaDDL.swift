import Foundation
import LoomSpec

/// PostgreSQL DDL for a spec: tables first (no constraints, the bulk-load fast path), then
/// primary keys, unique indexes and foreign keys to create after the load.
public enum SchemaDDL {
    /// `name` as a quoted identifier: safe for any table or column name.
    public static func quote(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// `schema.name`, both quoted; no schema gives just the quoted name.
    public static func qualified(_ name: String, schema: String?) -> String {
        schema.map { quote($0) + "." + quote(name) } ?? quote(name)
    }

    /// `CREATE TABLE` statements in load order.
    public static func createTables(_ spec: Spec, schema: String? = nil, unlogged: Bool = false) -> [String] {
        spec.loadOrder.map { t in
            let cols = t.columns.map { c in
                "    \(quote(c.name)) \(c.type)\(c.nullable ? "" : " NOT NULL")"
            }.joined(separator: ",\n")
            return "CREATE \(unlogged ? "UNLOGGED " : "")TABLE \(qualified(t.name, schema: schema)) (\n\(cols)\n);"
        }
    }

    /// Primary keys, unique indexes, then foreign keys.
    public static func constraints(_ spec: Spec, schema: String? = nil) -> [String] {
        var keys: [String] = [], fks: [String] = []
        for t in spec.loadOrder {
            let table = qualified(t.name, schema: schema)
            for c in t.columns {
                if c.primaryKey {
                    keys.append("ALTER TABLE \(table) ADD CONSTRAINT \(quote(constraintName(t.name, c.name, "pkey"))) PRIMARY KEY (\(quote(c.name)));")
                } else if c.unique {
                    keys.append("CREATE UNIQUE INDEX \(quote(constraintName(t.name, c.name, "key"))) ON \(table) (\(quote(c.name)));")
                }
                if case .reference(let rt, let rc, _) = c.source {
                    fks.append("ALTER TABLE \(table) ADD CONSTRAINT \(quote(constraintName(t.name, c.name, "fkey"))) FOREIGN KEY (\(quote(c.name))) REFERENCES \(qualified(rt, schema: schema)) (\(quote(rc)));")
                }
            }
        }
        return keys + fks
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
