import LoomGen
import LoomLoad
import LoomSpec
import Testing

/// The order of shards into tables whose foreign keys are in place.
@Suite struct LoadPhasesTests {
    static let yaml = """
        dataset: org
        tables:
          employee:
            per_parent: { company: { constant: 10 } }
            columns:
              id: { type: integer, gen: sequence, primary_key: true }
              company: { ref: company.id }
              boss: { ref: employee.id, pick: { tree: 3 } }
          company:
            rows: 4
            columns:
              id: { type: integer, gen: sequence, primary_key: true }
          country:
            rows: 4
            columns:
              id: { type: integer, gen: sequence, primary_key: true }
        """

    @Test func parentsLoadBeforeChildrenAndAHierarchyLoadsShardByShard() throws {
        let spec = try SpecLoader.load(text: Self.yaml, file: "org.yaml")
        let plan = try ShardPlan(try DatasetPlan(spec: spec), shardRows: 1, tables: ["employee", "company", "country"])
        let phases = LoadPhases(ordered: plan.shards, spec: spec)
        #expect(phases.shards.count == plan.shards.count)
        var phaseOf: [String: Int] = [:]
        var start = 0
        for (p, end) in phases.ends.enumerated() {
            for s in phases.shards[start..<end] { phaseOf["\(s.table)#\(s.index)"] = p }
            start = end
        }
        let employees = phases.shards.filter { $0.table == "employee" }
        #expect(employees.count == 4)
        #expect(phaseOf["company#0"] == 0 && phaseOf["country#3"] == 0, "tables that refer to nothing load together first")
        #expect(employees.map { phaseOf["employee#\($0.index)"]! } == [1, 2, 3, 4], "one employee shard per phase, in order")
        #expect(phases.ends.last == plan.shards.count)
    }

    @Test func withoutForeignKeysEveryShardIsOnePhase() throws {
        let spec = try SpecLoader.load(text: Self.yaml, file: "org.yaml")
        let plan = try ShardPlan(try DatasetPlan(spec: spec), shardRows: 1, tables: ["employee", "company", "country"])
        #expect(LoadPhases(unordered: plan.shards).ends == [plan.shards.count])
    }
}
