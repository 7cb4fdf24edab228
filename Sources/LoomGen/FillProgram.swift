/// The columns of a table to compute for each row, flattened for the hot loop: evaluators are
/// held unretained (their plan keeps them alive) so filling a row costs no reference counting.
public final class FillProgram {
    struct Step {
        var slot: Int
        var evaluator: Unmanaged<ColumnEvaluator>
        var converter: ValueConverter
        var nullKey: UInt64
        var nullThreshold: UInt64
    }

    private let steps: UnsafeMutableBufferPointer<Step>
    /// Keeps the evaluators alive.
    private let owner: TablePlan
    /// Redraws rows that equal a source row (tables with `avoid_copies:`).
    private let copyGuard: CopyGuard?
    /// Per step, for redraw programs: whether a redraw computes the column at its own row
    /// (keys, unique values, sequences, expressions); only random draws move to the salted row.
    private let keepsRow: [Bool]

    init(steps: [Step], owner: TablePlan, copyGuard: CopyGuard? = nil, keepsRow: [Bool] = []) {
        self.steps = .allocate(capacity: steps.count)
        _ = self.steps.initialize(from: steps)
        self.owner = owner
        self.copyGuard = copyGuard
        self.keepsRow = keepsRow
    }

    deinit {
        steps.deinitialize()
        steps.deallocate()
    }

    /// Computes every step's column for `row` into `frame`.
    @inline(__always)
    public func fill(_ frame: RowFrame, row: UInt64) {
        frame.row = row
        frame.unsalted = row
        let values = frame.values
        let arena = frame.arena
        for i in steps.indices { compute(steps[i], row: row, frame, values, arena) }
        if _slowPath(copyGuard != nil) { copyGuard.unsafelyUnwrapped.check(frame, row: row) }
    }

    /// Computes every step again for a redraw of `row`: random draws read `salted` instead.
    func refill(_ frame: RowFrame, row: UInt64, salted: UInt64) {
        frame.unsalted = row
        let values = frame.values
        let arena = frame.arena
        for i in steps.indices {
            let r = keepsRow[i] ? row : salted
            frame.row = r
            compute(steps[i], row: r, frame, values, arena)
        }
        frame.row = row
    }

    /// One step's value for `row`: NULL by the step's null draw, else the converted evaluation.
    @inline(__always)
    private func compute(_ step: Step, row: UInt64, _ frame: RowFrame, _ values: UnsafeMutablePointer<Value>, _ arena: TextArena) {
        if step.nullThreshold != 0, CounterRNG.bits(step.nullKey, row) < step.nullThreshold {
            values[step.slot] = .null
            return
        }
        let v = step.evaluator._withUnsafeGuaranteedRef { $0.evaluate(row, frame) }
        values[step.slot] = v.isNull ? v : step.converter.convert(v, arena)
    }
}
