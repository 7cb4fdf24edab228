/// Rows per parent of a `sequence` table: the length of the parent's walk.
final class WalkLengthEvaluator: ColumnEvaluator {
    let machine: SequenceMachine
    init(_ machine: SequenceMachine) { self.machine = machine }
    /// `frame` holds the parent row's columns when the walk depends on one (`by`).
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value { .int(Int64(machine.length(row, case: machine.caseIndex(frame)))) }
}

/// The row's index among its parent's rows (0, 1, 2, …): a sequence's step, or the position
/// in a `per_parent` table (readings of a device, in order).
final class StepEvaluator: ColumnEvaluator {
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value { .int(Int64(frame.step)) }
}

/// What a `sequence` table's column reads from the walk of the row's parent.
final class WalkEvaluator: ColumnEvaluator {
    enum Field { case state, step, elapsed }
    let machine: SequenceMachine
    let field: Field
    init(_ machine: SequenceMachine, _ field: Field) {
        self.machine = machine
        self.field = field
    }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let step = Int(frame.step)
        if field == .step { return .int(Int64(step)) }
        let parent = frame.parent?.row ?? 0
        let walk: SequenceWalk
        if let w = frame.walk { walk = w } else { walk = SequenceWalk(); frame.walk = walk }
        if walk.parent != parent { machine.walk(parent, case: machine.caseIndex(frame.parent), into: walk) }
        guard step < walk.states.count else { return .null }
        switch field {
        case .state: return .text(machine.names[walk.states[step]])
        case .elapsed: return .float(walk.elapsed[step])
        case .step: return .int(Int64(step))
        }
    }
}

/// Rows per parent of a table counted by `visits`: the parent's visits of the state.
final class VisitCountEvaluator: ColumnEvaluator {
    let machine: SequenceMachine, state: Int
    init(_ machine: SequenceMachine, state: Int) {
        self.machine = machine
        self.state = state
    }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        .int(Int64(machine.visits(row, state: state, case: machine.caseIndex(frame)).count))
    }
}

/// In a table counted by `visits`: seconds from the walk's start to the visit of this row.
final class VisitElapsedEvaluator: ColumnEvaluator {
    let machine: SequenceMachine, state: Int
    init(_ machine: SequenceMachine, state: Int) {
        self.machine = machine
        self.state = state
    }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        .float(machine.visits(frame.parent?.row ?? 0, state: state, nth: Int(frame.step), case: machine.caseIndex(frame.parent)).elapsed)
    }
}
