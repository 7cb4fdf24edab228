import LoomSpec

/// One table compiled for generation: an evaluator, a converter and a null draw per column,
/// and the order that computes every column after the columns it reads.
public final class TablePlan {
    public let spec: TableSpec
    /// Column name → slot.
    public let slots: [String: Int]
    var evaluators: [ColumnEvaluator] = []
    var converters: [ValueConverter] = []
    var nullKeys: [UInt64] = []
    var nullThresholds: [UInt64] = []
    /// Every column in dependency order.
    public private(set) var order: [Int] = []
    /// Number of rows for each parent row (tables with `per_parent`).
    var countEvaluator: ColumnEvaluator?
    /// The state machine of a `sequence` table.
    var machine: SequenceMachine?

    /// Extra same-row dependencies: the columns that child rows aggregated by a column read
    /// from this row (see `Spec.aggregateParentReads`).
    let extraDependencies: [String: [String]]
    /// For counts that depend on the parent row (`by:`): fills the parent's columns the count reads.
    var countProgram: FillProgram?
    var countFrame: RowFrame?
    /// For counts conditioned on a parent column that reads the parent's own parent row.
    var countCursor: AncestorCursor?
    private var countCursorRow: UInt64 = .max

    init(spec: TableSpec, extraDependencies: [String: [String]] = [:]) {
        self.spec = spec
        self.extraDependencies = extraDependencies
        var s: [String: Int] = [:]
        for (i, c) in spec.columns.enumerated() { s[c.name] = i }
        slots = s
        order = Self.dependencyOrder(spec, slots: s, extra: extraDependencies, of: Array(spec.columns.indices))
    }

    /// `columns` and everything they read, in dependency order.
    func dependencyOrder(of columns: [Int]) -> [Int] { Self.dependencyOrder(spec, slots: slots, extra: extraDependencies, of: columns) }

    /// Same-row columns column `i` reads.
    private static func dependencies(_ spec: TableSpec, slots: [String: Int], extra: [String: [String]], of i: Int) -> [Int] {
        let c = spec.columns[i]
        let deps: [String]
        switch c.source {
        case .generator(let g): deps = g.dependencies
        case .expression(let e): deps = e.columns
        case .reference(_, _, .with(let other)): deps = [other]
        case .reference: deps = []
        }
        return (deps + (extra[c.name] ?? [])).compactMap { slots[$0] }
    }

    /// A depth-first search with its own stack, so a long chain of columns reading each other
    /// cannot overflow the thread's.
    private static func dependencyOrder(_ spec: TableSpec, slots: [String: Int], extra: [String: [String]], of columns: [Int]) -> [Int] {
        var done = Set<Int>(), out: [Int] = []
        var frames: [(column: Int, dependencies: [Int], next: Int)] = []
        for root in columns where done.insert(root).inserted {
            frames.append((root, dependencies(spec, slots: slots, extra: extra, of: root), 0))
            while let top = frames.indices.last {
                guard frames[top].next < frames[top].dependencies.count else {
                    out.append(frames.removeLast().column)
                    continue
                }
                let d = frames[top].dependencies[frames[top].next]
                frames[top].next += 1
                if done.insert(d).inserted { frames.append((d, dependencies(spec, slots: slots, extra: extra, of: d), 0)) }
            }
        }
        return out
    }

    /// Compiles `order` into a fill program (see `FillProgram`). In a table with
    /// `avoid_copies:`, a program that computes a compared column (or one reading it) computes
    /// all of them and redraws rows that equal a source row, so every reader of the table sees
    /// the same rows.
    func program(_ order: [Int]) -> FillProgram {
        guard let avoid = spec.avoidCopies else { return plainProgram(order) }
        let compared = avoid.columns.compactMap { slots[$0] }
        let readers = compared.map(columnsReading)
        guard order.contains(where: { i in readers.contains { $0.contains(i) } }) else { return plainProgram(order) }
        let full = dependencyOrder(of: order + compared)
        let redraws = readers.map { affected -> FillProgram in
            let redrawn = full.filter(affected.contains)
            return plainProgram(redrawn, keepsRow: redrawn.map(keepsRow))
        }
        return plainProgram(full, copyGuard: CopyGuard(slots: compared, avoid: avoid, redraws: redraws))
    }

    /// Column `j` and every column that reads it, directly or not.
    private func columnsReading(_ j: Int) -> Set<Int> {
        var affected: Set<Int> = [j]
        for i in order where !affected.contains(i) {
            if Self.dependencies(spec, slots: slots, extra: extraDependencies, of: i).contains(where: affected.contains) {
                affected.insert(i)
            }
        }
        return affected
    }

    /// Whether a redraw computes column `i` at its own row: keys, unique values, sequences,
    /// references and expressions (only random draws move to the salted row).
    private func keepsRow(_ i: Int) -> Bool {
        let c = spec.columns[i]
        switch c.source {
        case .generator(let g): return c.unique || c.primaryKey || g.followsRow
        case .expression, .reference: return true
        }
    }

    private func plainProgram(_ order: [Int], copyGuard: CopyGuard? = nil, keepsRow: [Bool] = []) -> FillProgram {
        FillProgram(
            steps: order.map { i in
                FillProgram.Step(
                    slot: i, evaluator: Unmanaged.passUnretained(evaluators[i]), converter: converters[i],
                    nullKey: nullKeys[i], nullThreshold: nullThresholds[i])
            }, owner: self, copyGuard: copyGuard, keepsRow: keepsRow)
    }

    /// Number of child rows for parent row `parentRow`.
    @inline(__always)
    func childCount(_ parentRow: UInt64, _ scratch: RowFrame) -> UInt64 {
        guard let countEvaluator else { return 0 }
        var frame = scratch
        if let countProgram, let countFrame {
            countFrame.arena.reset()
            countProgram.fill(countFrame, row: parentRow)
            frame = countFrame
        } else if let countCursor {
            if countCursorRow == .max || parentRow < countCursorRow { try? countCursor.seek(parentRow) }
            try? countCursor.move(to: parentRow)
            countCursorRow = parentRow
            frame = countCursor.frame
        }
        return Self.count(countEvaluator.evaluate(parentRow, frame))
    }

    /// Number of child rows for parent row `parentRow` whose every column is already in
    /// `parentFrame` (with its own ancestors): no cursor, so parent rows can come in any order.
    func childCount(_ parentRow: UInt64, parentFrame: RowFrame) -> UInt64 {
        guard let countEvaluator else { return 0 }
        return Self.count(countEvaluator.evaluate(parentRow, parentFrame))
    }

    @inline(__always)
    private static func count(_ value: Value) -> UInt64 {
        switch value {
        case .int(let n): return n <= 0 ? 0 : UInt64(min(n, 1_000_000_000))
        case .float(let d): return d <= 0 ? 0 : UInt64(min(d.rounded(), 1e9))
        default: return 0
        }
    }
}
