import LoomGen
import LoomSpec

/// The order in which shards may load into tables whose foreign keys are in place: a table's
/// shards only after every table it refers to has committed, and the shards of a table that
/// refers to itself (a hierarchy, whose rows refer to earlier rows) one after another.
public struct LoadPhases: Sendable {
    /// The shards, phase by phase.
    public let shards: [ShardPlan.Shard]
    /// Where each phase ends in `shards` (the last equals `shards.count`).
    public let ends: [Int]

    /// All shards in one phase: tables without their foreign keys load in any order.
    public init(unordered shards: [ShardPlan.Shard]) {
        self.shards = shards
        ends = [shards.count]
    }

    /// Phases by foreign-key level, a self-referencing table's shards each in a phase of its own.
    public init(ordered shards: [ShardPlan.Shard], spec: Spec) {
        let levels = Self.levels(spec)
        let selfReferencing = Set(spec.tables.filter(Self.refersToItself).map(\.name))
        func key(_ s: ShardPlan.Shard) -> (Int, Int) { (levels[s.table] ?? 0, selfReferencing.contains(s.table) ? s.index : -1) }
        let sorted = shards.enumerated().sorted { a, b in
            let ka = key(a.element), kb = key(b.element)
            return ka != kb ? ka < kb : a.offset < b.offset
        }.map(\.element)
        var ends: [Int] = []
        for i in sorted.indices.dropFirst() where key(sorted[i]) != key(sorted[i - 1]) { ends.append(i) }
        ends.append(sorted.count)
        self.shards = sorted
        self.ends = ends
    }

    /// 0 for tables that refer to no other table, else one more than the highest table they refer to.
    static func levels(_ spec: Spec) -> [String: Int] {
        var level: [String: Int] = [:]
        for t in spec.loadOrder {
            level[t.name] = spec.dependencies(of: t).map { (level[$0] ?? 0) + 1 }.max() ?? 0
        }
        return level
    }

    static func refersToItself(_ t: TableSpec) -> Bool {
        t.columns.contains { c in
            if case .reference(let rt, _, _) = c.source { return rt == t.name }
            return false
        }
    }
}
