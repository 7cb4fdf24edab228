import Foundation
import LoomGen
import LoomMonitor
import LoomProtocol
import LoomSpec
import LoomStats
import LoomValidate
import Testing

/// The monitor's drift state fed with real sketches, without sockets: shards merged per table,
/// one shard made by a different generator named, snapshots from a coordinator adopted.
@Suite struct MonitorStateTests {
    static let spec = """
        dataset: targets
        seed: 3
        tables:
          t:
            rows: 80000
            columns:
              id:     { type: bigint, gen: sequence, primary_key: true }
              age:    { type: integer, gen: { normal: { mean: 38, sd: 12 } }, clamp: [18, 90] }
              visits: { type: integer, gen: { poisson: 3 } }
              plan:   { type: text, gen: { choice: { free: 0.7, pro: 0.25, team: 0.05 } } }
        """

    func json<T: Encodable>(_ v: T) -> String { String(decoding: (try? JSONEncoder().encode(v)) ?? Data(), as: UTF8.self) }

    /// Sketches of `specText`'s table `t` in `shards` shards, made with the targets of
    /// `targetsOf` (the job's spec: a worker sketches with the job's targets whatever its
    /// generator does).
    func sketches(_ specText: String, shards: Int, targetsOf: String? = nil) throws -> (DriftPlan, [TableSketch]) {
        let spec = try SpecLoader.load(text: specText, file: "targets.yaml")
        let plan = try DatasetPlan(spec: spec)
        let targets = DriftTargets.make(try DatasetPlan(spec: try SpecLoader.load(text: targetsOf ?? specText, file: "targets.yaml")))
        let t = try #require(targets.first { $0.table == "t" })
        let shardPlan = try ShardPlan(plan, shardRows: try plan.rows("t") / UInt64(shards) + 1, tables: ["t"])
        var out: [TableSketch] = []
        for s in shardPlan.shards {
            var sketcher = TableSketcher(t)
            try plan.generate("t", units: s.units) { sketcher.observe($0) }
            sketcher.finishShard()
            out.append(sketcher.sketch)
        }
        return (DriftPlan(thresholds: DriftTargets.thresholds(spec), tables: targets), out)
    }

    @Test func theMonitorFlagsAShardMadeByADifferentGenerator() throws {
        let (plan, parts) = try sketches(Self.spec, shards: 8)
        let other = Self.spec.replacingOccurrences(of: "free: 0.7, pro: 0.25, team: 0.05", with: "free: 0.4, pro: 0.5, team: 0.1")
            .replacingOccurrences(of: "mean: 38, sd: 12", with: "mean: 44, sd: 12")
        let (_, rogue) = try sketches(other, shards: 8, targetsOf: Self.spec)
        let state = MonitorState()
        state.apply(.drift(job: "j", plan: json(plan), sketches: "[]"))
        for (i, p) in parts.enumerated() {
            let sketch = i == 5 ? rogue[i] : p
            state.apply(
                .shard(
                    job: "j", table: "t", index: i, rows: sketch.rows, bytes: 0, worker: i == 5 ? "old-build" : "w", sketch: json(sketch),
                    seconds: 1))
        }
        let drift = state.snapshot().drift
        let age = try #require(drift.first { $0.column == "age" }), planColumn = try #require(drift.first { $0.column == "plan" })
        #expect(
            age.worstShard == "shard 5 on old-build" && age.severity == .alert,
            "\(age.severity) \(age.reasons) \(String(describing: age.shardDistance))")
        #expect(planColumn.worstShard == "shard 5 on old-build" && planColumn.severity == .alert, "\(planColumn)")
        #expect(drift.first { $0.column == "visits" }?.severity == .ok)
        #expect(drift.first { $0.column == "id" }?.shardDistance == nil, "sequences differ per shard by design")
    }

    @Test func aRestartedMonitorAdoptsTheCoordinatorsSnapshot() throws {
        let (plan, parts) = try sketches(Self.spec, shards: 4)
        var merged = TableSketch(table: "t")
        parts.forEach { merged.merge($0) }
        let state = MonitorState()
        state.apply(.shard(job: "j", table: "t", index: 0, rows: parts[0].rows, bytes: 0, worker: "w", sketch: json(parts[0]), seconds: 1))
        state.apply(.drift(job: "j", plan: json(plan), sketches: json([merged])))
        state.apply(.drift(job: "j", plan: json(plan), sketches: json([parts[1]])))
        #expect(
            state.snapshot().drift.first { $0.column == "age" }?.sampled == 80_000, "the larger snapshot wins, a smaller one is ignored")
    }
}
