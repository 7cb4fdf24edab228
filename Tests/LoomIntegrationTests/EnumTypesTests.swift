import LoomPostgres
import LoomSpec
import Testing

/// Spec-declared enums: created before the tables, loaded through binary and text COPY.
@Suite struct EnumTypesTests {
    static let spec = """
        dataset: moods
        seed: 13
        enums:
          mood: [sad, ok, happy]
          "two words": ["it's", "a b"]
        tables:
          t:
            rows: 300
            columns:
              id:    { type: bigint, gen: sequence }
              mood:  { type: mood, gen: { choice: { sad: 1, ok: 2, happy: 3 } } }
              often: { type: mood, gen: { constant: ok }, null_rate: 0.5 }
              odd:   { type: two words, gen: { choice: ["it's", "a b"] } }
        """

    @Test func enumColumnsRoundTrip() throws {
        let db = try TestCluster.database()
        let rows = try TypeRoundTrip.check(Self.spec, table: "t", database: db)
        #expect(Set(rows.map { $0[1]! }) == ["sad", "ok", "happy"])
        #expect(Set(rows.map { $0[3]! }) == ["it's", "a b"])
        let c = try PostgresConnection(db)
        let labels = try c.execute("SELECT enum_range(NULL::bin.mood)::text").value(0, 0)
        #expect(labels == "{sad,ok,happy}")
        // Enum order is declaration order.
        let first = try c.execute("SELECT min(mood)::text FROM bin.t").value(0, 0)
        #expect(first == "sad")
    }

    @Test func ddlCreatesTypesFirst() throws {
        let spec = try SpecLoader.load(text: Self.spec, file: "moods.yaml")
        let types = SchemaDDL.createTypes(spec, schema: "s")
        #expect(types.count == 2)
        #expect(types[1].contains(#"CREATE TYPE "s"."two words" AS ENUM ('it''s', 'a b')"#))
        #expect(SchemaDDL.createTables(spec, schema: "s")[0].contains(#""mood" "s"."mood""#))
    }
}
