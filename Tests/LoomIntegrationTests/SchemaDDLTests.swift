import LoomPostgres
import LoomSpec
import Testing

@Suite struct SchemaDDLTests {
    @Test func identifiersAreAlwaysQuoted() throws {
        let spec = try SpecLoader.load(text: """
        dataset: q
        tables:
          "user; drop table x":
            rows: 1
            columns:
              'Weird "col"': { type: integer, gen: sequence, primary_key: true }
        """, file: "q.yaml")
        let ddl = SchemaDDL.createTables(spec)
        #expect(ddl == ["CREATE TABLE \"user; drop table x\" (\n    \"Weird \"\"col\"\"\" integer NOT NULL\n);"])
        #expect(SchemaDDL.constraints(spec).first?.contains("PRIMARY KEY (\"Weird \"\"col\"\"\")") == true)
    }
}
