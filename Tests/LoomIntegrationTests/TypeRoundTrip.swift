import LoomGen
import LoomLoad
import LoomPostgres
import LoomSpec
import Testing

/// Loads a spec's table into a real PostgreSQL twice, once by binary COPY (`LoadJob`) and once
/// by text COPY of `CopyTextEncoder`'s output, and checks that the text PostgreSQL prints for both tables equals
/// the text Loom wrote, row by row.
enum TypeRoundTrip {
    /// Runs the round trip for `table` (ordered by its first column) and returns the text rows.
    @discardableResult
    /// `read` gives the SQL that reads a column where its output depends on settings (money and
    /// the locale's currency: `"m": "m::numeric"`).
    static func check(_ yaml: String, table: String, database: String, read: [String: String] = [:]) throws -> [[String?]] {
        let spec = try SpecLoader.load(text: yaml, file: "types.yaml")
        let t = try #require(spec.table(table))
        let plan = try DatasetPlan(spec: spec)
        var text: [UInt8] = []
        let sink = ByteSink(chunkSize: 1 << 16) { text.append(contentsOf: $0) }
        try TableExport.write(plan, table: table, format: .copy, to: sink)
        let expected: [[String?]] = String(decoding: text, as: UTF8.self).split(separator: "\n").map { line in
            line.split(separator: "\t", omittingEmptySubsequences: false).map { $0 == "\\N" ? nil : unescape($0) }
        }

        _ = try LoadJob(spec: spec, options: LoadOptions(connections: 1, schema: "bin"), conninfo: database).run()
        let c = try PostgresConnection(database)
        try c.execute("CREATE SCHEMA txt")
        for statement in SchemaDDL.createTypes(spec, schema: "txt") + SchemaDDL.createTables(spec, schema: "txt") {
            try c.execute(statement)
        }
        try c.beginCopy("COPY \(SchemaDDL.qualified(table, schema: "txt")) FROM STDIN")
        try text.withUnsafeBytes { try c.putCopyData($0) }
        #expect(try c.endCopy() == Int64(expected.count))

        // Plain columns: a text result is the type's output function, what COPY TO writes (`inet::text`
        // differs from it: it always shows the netmask).
        let list = t.columns.map { read[$0.name] ?? SchemaDDL.quote($0.name) }.joined(separator: ", ")
        let order = "src." + SchemaDDL.quote(t.columns[0].name)
        for schema in ["bin", "txt"] {
            let rows = try c.execute("SELECT \(list) FROM \(SchemaDDL.qualified(table, schema: schema)) AS src ORDER BY \(order)").rows
            #expect(rows.count == expected.count, "\(schema)")
            for (got, want) in zip(rows, expected) where got != want {
                Issue.record("\(schema).\(table): PostgreSQL has \(got), Loom wrote \(want)")
                break
            }
        }
        return expected
    }

    /// A COPY text field as the value it stands for (`\\` → `\`, `\t`, `\n`, `\r`).
    static func unescape(_ field: Substring) -> String {
        guard field.contains("\\") else { return String(field) }
        var out = "", escaped = false
        for ch in field {
            if escaped {
                out.append(ch == "t" ? "\t" : ch == "n" ? "\n" : ch == "r" ? "\r" : ch)
                escaped = false
            } else if ch == "\\" {
                escaped = true
            } else {
                out.append(ch)
            }
        }
        return out
    }
}
