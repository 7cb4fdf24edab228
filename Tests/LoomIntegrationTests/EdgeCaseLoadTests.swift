import LoomLoad
import LoomPostgres
import LoomSpec
import Testing

/// Edge values go through binary COPY into PostgreSQL and past the table's CHECK constraints.
@Suite struct EdgeCaseLoadTests {
    @Test func edgeValuesLoadAndKeepEveryConstraint() throws {
        let db = try TestCluster.database()
        let c = try PostgresConnection(db)
        try c.execute(
            """
            CREATE TABLE people (
                id integer PRIMARY KEY,
                name varchar(12) NOT NULL,
                bio text,
                age smallint NOT NULL CHECK (age BETWEEN 18 AND 90),
                score double precision,
                balance numeric(8,2) CHECK (balance >= 0),
                born date CHECK (born >= '1950-01-01'),
                seen timestamptz NOT NULL,
                big bigint);
            """)
        let spec = try SpecLoader.load(
            text: """
                dataset: edges
                tables:
                  people:
                    rows: 3000
                    edge_cases: { rate: 0.3 }
                    columns:
                      id: { type: integer, gen: sequence, primary_key: true }
                      name: { type: varchar(12), gen: { words: 2 } }
                      bio: { type: text, gen: { sentence: [3, 8] } }
                      age: { type: smallint, gen: { uniform: { min: 18, max: 90 } } }
                      score: { type: double precision, gen: { normal: { mean: 0, sd: 1 } } }
                      balance: { type: "numeric(8,2)", gen: { uniform: { min: 0, max: 1000 } } }
                      born: { type: date, gen: { date: { from: 1950-01-01, to: 2005-12-31 } } }
                      seen: { type: timestamptz, gen: { timestamp: { from: 2023-06-01, to: 2024-06-30 } } }
                      big: { type: bigint, gen: { normal: { mean: 0, sd: 1 } } }
                """, file: "edges.yaml")
        var options = LoadOptions(connections: 2, shardRows: 700)
        options.intoExisting = true
        _ = try LoadJob(spec: spec, options: options, conninfo: db).run()
        func count(_ condition: String) throws -> Int {
            Int(try c.execute("SELECT count(*) FROM people WHERE \(condition)").value(0, 0) ?? "") ?? -1
        }
        #expect(try count("true") == 3000)
        for condition in [
            "score = 'NaN'", "score = 'Infinity'", "score = '-Infinity'", "name = ''", "char_length(name) = 12",
            "bio ~ '[\u{05D0}-\u{05EA}]'", "bio LIKE '%👩‍💻%'", "born = '1952-02-29'", "balance = 1000.00",
            "big = 9223372036854775807", "big = -9223372036854775808", "seen = '2024-02-29 12:00:00+00'",
            "seen = '2024-06-30 23:59:59+00'", "seen = '2023-06-01 23:59:59+00'",
        ] {
            #expect(try count(condition) > 0, "\(condition)")
        }
    }
}
