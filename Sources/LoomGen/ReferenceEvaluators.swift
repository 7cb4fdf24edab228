import LoomSpec

/// A child's key to its own parent row: read from the parent frame the cursor keeps filled.
final class ParentKeyEvaluator: ColumnEvaluator {
    let slot: Int
    init(slot: Int) { self.slot = slot }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value { frame.parent?[slot] ?? .null }
}

/// A foreign key to any row of another table: picks the parent row (uniform, zipf over a fixed
/// scramble of the rows, a histogram's share of the rows, a permutation per parent row for
/// distinct picks, or an earlier row of its own table for a tree), then re-evaluates the parent's key column there (DESIGN.md invariant 2).
final class PickedReferenceEvaluator: ColumnEvaluator {
    let target: TablePlan
    let targetSlot: Int
    private var program: FillProgram?
    private let order: [Int]
    let frame: RowFrame
    let rows: UInt64
    let key: UInt64
    let zipf: ZipfSampler?
    let scramble: Permutation
    let histogram: HistogramPicker?
    let pick: ParentPick
    /// Distinct histogram picks: the number of children of a parent row of the referencing table.
    var childrenOf: ((UInt64) -> UInt64)?

    init(
        target: TablePlan, targetSlot: Int, order: [Int], rows: UInt64, key: UInt64, pick: ParentPick, histogram: HistogramPicker? = nil
    ) {
        self.histogram = histogram
        self.pick = pick
        self.target = target
        self.targetSlot = targetSlot
        self.order = order
        self.rows = rows
        self.key = key
        frame = RowFrame(columns: target.spec.columns.count)
        if case .zipf(let s) = pick, rows > 0 { zipf = ZipfSampler(n: Int64(rows), s: s) } else { zipf = nil }
        scramble = Permutation(count: max(rows, 1), key: key ^ 0x5A5A_5A5A)
    }

    override func evaluate(_ row: UInt64, _ outer: RowFrame) -> Value {
        guard rows > 0 else { return .null }
        let parentRow: UInt64
        if case .distinct = pick {
            let owner = outer.parent?.row ?? 0
            parentRow = Permutation(count: rows, key: key ^ CounterRNG.mix(owner &+ 1)).permute(outer.step % rows)
        } else if case .tree(let fanout, let roots) = pick {
            guard row >= UInt64(roots) else { return .null }
            parentRow = (row - UInt64(roots)) / UInt64(fanout)
        } else if case .distinctHistogram = pick, let histogram, let owner = outer.parent?.row,
            childrenOf.map({ $0(owner) > histogram.safeChildren }) ?? true
        {
            parentRow = Permutation(count: rows, key: key ^ CounterRNG.mix(owner &+ 1)).permute(outer.step % rows)
        } else if let histogram {
            parentRow = histogram.parent(of: row)
        } else if let zipf {
            parentRow = scramble.permute(UInt64(zipf.sample(key, row) - 1))
        } else {
            parentRow = CounterRNG.below(rows, CounterRNG.bits(key, row))
        }
        lastPicked = parentRow
        frame.arena.reset()
        if program == nil { program = target.program(order) }
        program!.fill(frame, row: parentRow)
        return frame[targetSlot]
    }

    /// The target row of the last evaluation (what `pick: { with: … }` columns read).
    private(set) var lastPicked: UInt64 = 0
}

/// `pick: { with: COLUMN }`: another column of the target row that COLUMN's reference picked
/// for this row (computed before it), so a composite foreign key's tuple is a row that exists.
final class FollowingReferenceEvaluator: ColumnEvaluator {
    let target: TablePlan
    let targetSlot: Int
    private let order: [Int]
    private var program: FillProgram?
    private let frame: RowFrame
    /// The leading column's evaluator (set once every column is compiled).
    var leader: PickedReferenceEvaluator?

    init(target: TablePlan, targetSlot: Int, order: [Int]) {
        self.target = target
        self.targetSlot = targetSlot
        self.order = order
        frame = RowFrame(columns: target.spec.columns.count)
    }

    override func evaluate(_ row: UInt64, _ outer: RowFrame) -> Value {
        guard let leader, leader.rows > 0 else { return .null }
        frame.arena.reset()
        if program == nil { program = target.program(order) }
        program!.fill(frame, row: leader.lastPicked)
        return frame[targetSlot]
    }
}
