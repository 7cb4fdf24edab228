import Foundation
import LoomStats

/// The monitor's drift state: the job's targets, every table's merged sketch, and for each
/// column the shard that differed most from the whole. Pure logic, fed by events.
struct DriftBook {
    private(set) var plan: DriftPlan?
    private(set) var sketches: [String: TableSketch] = [:]
    /// Per "table.column": the largest shard-against-whole distance and its excess over noise.
    private var worstShard: [String: (distance: Double, excess: Double, shard: String)] = [:]

    /// Merges one committed shard's sketch and compares the shard with the whole so far.
    mutating func add(shard sketch: TableSketch, index: Int, worker: String) {
        sketches[sketch.table, default: TableSketch(table: sketch.table)].merge(sketch)
        guard let whole = sketches[sketch.table] else { return }
        let positional = Set(plan?.tables.first { $0.table == sketch.table }?.columns.filter(\.positional).map(\.column) ?? [])
        for (name, column) in sketch.columns where !positional.contains(name) {
            guard let w = whole.columns[name], let d = DriftEvaluator.shardDistance(column, whole: w) else { continue }
            let key = "\(sketch.table).\(name)"
            if d.excess > (worstShard[key]?.excess ?? -.infinity) {
                worstShard[key] = (d.distance, d.excess, "shard \(index) on \(worker)")
            }
        }
    }

    /// Takes the coordinator's cumulative snapshot where it covers more shards than this book
    /// (after a monitor restart, or events lost on the way).
    mutating func adopt(plan: DriftPlan, sketches snapshot: [TableSketch]) {
        self.plan = plan
        for s in snapshot where s.shards > (sketches[s.table]?.shards ?? 0) { sketches[s.table] = s }
    }

    /// Every targeted column's drift, in the job's table order, with the shard that differed
    /// most from the whole.
    func evaluate() -> [ColumnDrift] {
        guard let plan else { return [] }
        return plan.evaluate(sketches) { t, target, d in
            guard !target.positional, let w = worstShard["\(t.table).\(target.column)"] else { return false }
            d.shardDistance = w.distance
            d.worstShard = w.shard
            let level = target.sketch == .categorical ? plan.thresholds.totalVariation : plan.thresholds.ks
            let text = "\(w.shard) differs from the whole: \(target.sketch == .categorical ? "TV" : "KS") \(String(format: "%.3f", w.distance))"
            if d.severity != .collecting {
                if w.excess >= level.alert { d.raise(.alert, text) } else if w.excess >= level.warn { d.raise(.warn, text) }
            }
            return true
        }
    }
}
