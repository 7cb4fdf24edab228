import Foundation
import LoomGen
import LoomSpec

/// Helpers shared by the generation tests.
enum TestSupport {
    static func spec(_ yaml: String, file: String = "test.yaml") throws -> Spec {
        do {
            return try SpecLoader.load(text: yaml, file: file)
        } catch {
            throw error
        }
    }

    /// The repository root (for Configs/).
    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    /// Everything `TableExport` writes for a shard, as bytes.
    static func output(_ plan: DatasetPlan, _ table: String, format: OutputFormat,
                       shard: TableExport.ShardSelector = .whole) throws -> [UInt8] {
        var out: [UInt8] = []
        let sink = ByteSink(chunkSize: 1 << 16) { out.append(contentsOf: $0) }
        try TableExport.write(plan, table: table, shard: shard, format: format, to: sink)
        return out
    }

    /// FNV-1a 64 of bytes: the pinned checksum of generated output.
    static func fnv(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    /// Rows of COPY text output split into fields.
    static func rows(_ bytes: [UInt8]) -> [[String]] {
        String(decoding: bytes, as: UTF8.self).split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
    }

    /// A spec with every generator, nulls, uniques, references and two levels of child tables.
    static let allGenerators = """
    dataset: everything
    seed: 7
    tables:
      users:
        rows: 1500
        columns:
          id:        { type: bigint, gen: sequence, primary_key: true }
          code:      { type: text, gen: { pattern: "[A-Z]{3}-[0-9]{4}" }, unique: true }
          token:     { type: uuid, gen: uuid }
          first:     { type: text, gen: { dict: first_names } }
          last:      { type: text, gen: { dict: last_names }, null_rate: 0.1 }
          email:     { type: text, gen: { email: [first, last] }, unique: true }
          login:     { type: text, gen: { username: [first, last] }, unique: true }
          city:      { type: text, gen: { dict: cities } }
          country:   { type: text, gen: { dict: { name: cities, field: country, like: city } } }
          street:    { type: text, gen: street_address }
          company:   { type: text, gen: { dict: companies } }
          bio:       { type: text, gen: { sentence: [3, 9] } }
          tags:      { type: varchar(12), gen: { words: [1, 4] } }
          n_const:   { type: integer, gen: { constant: 7 } }
          u_int:     { type: integer, gen: { uniform: { min: -5, max: 5 } } }
          u_float:   { type: double precision, gen: { uniform: { min: 0, max: 1 } } }
          u_dec:     { type: "numeric(8,2)", gen: { uniform: { min: 1.00, max: 99.99 } } }
          normal:    { type: real, gen: { normal: { mean: 10, sd: 3 } }, round: 2 }
          lognormal: { type: "numeric(12,2)", gen: { lognormal: { mu: 3, sigma: 0.5 } } }
          expo:      { type: double precision, gen: { exponential: { mean: 4 } } }
          pois:      { type: integer, gen: { poisson: 4 } }
          pois_big:  { type: integer, gen: { poisson: 250 } }
          geo:       { type: smallint, gen: { geometric: 0.3 } }
          zipf:      { type: integer, gen: { zipf: { n: 1000, s: 1.2 } } }
          flag:      { type: boolean, gen: { bernoulli: 0.3 }, null_rate: 0.05 }
          tier:      { type: text, gen: { choice: { gold: 1, silver: 3, bronze: 6 } } }
          born:      { type: date, gen: { date: { from: 1950-01-01, to: 2005-12-31 } } }
          seen_at:   { type: timestamptz, gen: { timestamp: { from: 2024-01-01, to: 2024-12-31 } } }
          local_at:  { type: timestamp, gen: { timestamp: { from: 2024-01-01, to: 2024-01-02 } } }
          slot:      { type: integer, gen: { uniform: { min: 1, max: 100000 } }, unique: true }
          age_days:  { type: integer, expr: "date(seen_at) - born" }
          label:     { type: text, expr: "lower(first) || '-' || if(pois > 4, 'hi', 'lo')" }
      orders:
        rows: 2500
        columns:
          id:       { type: bigint, gen: { sequence: { start: 1000, step: 3 } }, primary_key: true }
          user_id:  { ref: users.id }
          hot_user: { ref: users.id, pick: { zipf: 1.1 } }
          qty:      { type: integer, gen: { uniform: { min: 1, max: 5 } } }
          price:    { type: "numeric(10,2)", gen: { uniform: { min: 1, max: 250 } } }
          total:    { type: "numeric(12,2)", expr: "round(qty * price, 2)" }
      sessions:
        per_parent: { users: { poisson: 3 } }
        columns:
          id:         { type: bigint, gen: sequence, primary_key: true }
          user_id:    { ref: users.id }
          started_at: { type: timestamptz, expr: "parent.seen_at + days(uniform(0, 30)) + minutes(uniform(0, 1440))" }
      events:
        per_parent: { sessions: { uniform: { min: 0, max: 6 } } }
        columns:
          id:         { type: uuid, gen: uuid, primary_key: true }
          session_id: { ref: sessions.id }
          kind:       { type: text, gen: { choice: [view, cart, buy] } }
          at:         { type: timestamptz, expr: "parent.started_at + seconds(uniform(1, 600))" }
    """
}
