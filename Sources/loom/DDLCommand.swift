import ArgumentParser
import LoomPostgres
import LoomSpec

/// `loom ddl SPEC`: the schema for a spec, constraints separately after the load.
struct DDLCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ddl", abstract: "Print CREATE TABLE statements, then the keys and foreign keys to create after loading.")

    @OptionGroup var options: SpecOptions

    @Option(help: "Create the tables in this schema.")
    var schema: String?

    @Flag(help: "Create UNLOGGED tables (fast load; set LOGGED afterwards).")
    var unlogged = false

    func run() throws {
        try reporting {
            let s = try options.load()
            var spec = s
            if let t = options.table { spec.tables = s.tables.filter { $0.name == t } }
            print("-- Loom schema for dataset '\(s.dataset)'")
            for stmt in SchemaDDL.createTypes(spec, schema: schema) + SchemaDDL.createTables(spec, schema: schema, unlogged: unlogged) {
                print(stmt + "\n")
            }
            let after = SchemaDDL.constraints(spec, schema: schema)
            if !after.isEmpty {
                print("-- After loading: keys, unique indexes, foreign keys")
                for stmt in after { print(stmt) }
            }
        }
    }
}
