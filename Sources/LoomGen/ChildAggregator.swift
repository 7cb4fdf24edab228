import LoomSpec

/// `sum(child.column)` / `count(child.column)` for a parent row: the children of parent row p are
/// the known row range [start(p), start(p) + count(p)) of the child table, so their values are
/// re-evaluated here (pure functions of seed and row) against the parent row being built — no
/// lookups, and the total always equals what the child table itself generates.
final class ChildAggregator {
    unowned let dataset: DatasetPlan
    let child: TablePlan
    let slot: Int
    let order: [Int]
    private var program: FillProgram?
    private let frame: RowFrame
    private let scratch = RowFrame(columns: 0)
    private var lastParent: UInt64 = .max
    private var lastStart: UInt64 = 0
    private var lastCount: UInt64 = 0

    init(dataset: DatasetPlan, child: TablePlan, slot: Int) {
        self.dataset = dataset
        self.child = child
        self.slot = slot
        order = child.dependencyOrder(of: [slot])
        frame = RowFrame(columns: child.spec.columns.count)
    }

    /// First child row of parent row `p`, and how many it has; walks forward from the last
    /// parent when rows come in order, otherwise starts from the plan's checkpoints.
    private func range(_ p: UInt64) -> (UInt64, UInt64) {
        if p == lastParent { return (lastStart, lastCount) }
        if lastParent != .max, p == lastParent &+ 1 {
            lastStart += lastCount
        } else {
            lastStart = dataset.childRowStart(child, parentRow: p)
        }
        lastParent = p
        lastCount = child.childCount(p, scratch)
        return (lastStart, lastCount)
    }

    /// The aggregate over the children of the row in `outer` (a sum of nothing is 0).
    func evaluate(_ outer: RowFrame, count: Bool) -> Value {
        let (start, n) = range(outer.row)
        if program == nil { program = child.program(order) }
        let program = program!
        frame.parent = outer
        var ints: Int64 = 0, floats = 0.0, unscaled: Int64 = 0, scale = -1, rows: Int64 = 0, sawFloat = false
        var i: UInt64 = 0
        while i < n {
            frame.arena.reset()
            program.fill(frame, row: start + i)
            switch frame[slot] {
            case .null: break
            case .int(let v): ints = Saturating.add(ints, v); rows += 1
            case .float(let d): floats += d; sawFloat = true; rows += 1
            case .decimal(let u, let s):
                if scale == -1 || scale == s {
                    scale = s; unscaled = Saturating.add(unscaled, u)
                } else {
                    floats += Double(u) / Decimal10.pow10Double(s); sawFloat = true
                }
                rows += 1
            default: rows += 1
            }
            i += 1
        }
        frame.parent = nil
        if count { return .int(rows) }
        if scale >= 0 { return .float(Double(unscaled) / Decimal10.pow10Double(scale) + floats + Double(ints)) }
        if sawFloat { return .float(floats + Double(ints)) }
        return .int(ints)
    }
}
