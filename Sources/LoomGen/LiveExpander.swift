import LoomSpec

/// One generated row of a live stream, encoded, waiting for its time to come.
public struct LiveRow: Sendable {
    /// When the row happens: its time column, never before its parent row (microseconds since the epoch).
    public var due: Int64
    /// The table's position in the spec's load order (parents first).
    public var table: Int
    public var row: UInt64
    /// The row in the expander's format (one line, newline included).
    public var bytes: [UInt8]

    public init(due: Int64, table: Int, row: UInt64, bytes: [UInt8]) {
        self.due = due
        self.table = table
        self.row = row
        self.bytes = bytes
    }
}

/// Generates the rows that come after a bulk load, a root row at a time with all its
/// descendants in the streamed tables, numbered exactly as a bigger bulk load would number them.
///
/// Root rows must come in increasing order: each table's rows then come in row order, so a
/// child table's next row is a running count that starts where the loaded rows end.
public final class LiveExpander {
    final class Node {
        let plan: TablePlan
        let program: FillProgram
        let frame: RowFrame
        let encoder: RowEncoder?
        let timeSlot: Int?
        let tableIndex: Int
        var children: [Node] = []
        var nextRow: UInt64 = 0

        init(plan: TablePlan, program: FillProgram, encoder: RowEncoder?, timeSlot: Int?, tableIndex: Int) {
            self.plan = plan
            self.program = program
            frame = RowFrame(columns: plan.spec.columns.count)
            self.encoder = encoder
            self.timeSlot = timeSlot
            self.tableIndex = tableIndex
        }
    }

    let root: Node
    /// Kept alive: evaluators refer back to their plan without owning it.
    let plan: DatasetPlan
    private let sink = ByteSink(chunkSize: 1 << 16) { _ in }

    /// - Parameters:
    ///   - root: a root table (no parent).
    ///   - firstRow: the root's first streamed row (the rows already loaded).
    ///   - streamed: the tables whose rows are emitted; descendants outside it are skipped.
    ///   - timeColumns: per table, the column that says when a row happens (tables without one
    ///     happen with their parent row).
    public init(
        plan: DatasetPlan, root: String, firstRow: UInt64, streamed: Set<String>, timeColumns: [String: String],
        format: OutputFormat
    ) throws(GenerationError) {
        self.plan = plan
        let order = plan.spec.loadOrder.map(\.name)
        func node(_ name: String) throws(GenerationError) -> Node {
            guard let t = plan.tables[name], let index = order.firstIndex(of: name) else {
                throw GenerationError(table: name, "no such table")
            }
            let time = timeColumns[name].flatMap { t.slots[$0] }
            let n = Node(
                plan: t, program: t.program(t.order), encoder: streamed.contains(name) ? format.encoder(for: t.spec) : nil,
                timeSlot: time, tableIndex: index)
            for child in plan.spec.tables where child.parent == name && Self.reaches(child.name, streamed, plan.spec) {
                n.children.append(try node(child.name))
            }
            return n
        }
        self.root = try node(root)
        guard self.root.plan.spec.parent == nil else { throw GenerationError(table: root, "is not a root table") }
        self.root.nextRow = firstRow
        func start(_ n: Node, parentFirst: UInt64) {
            for c in n.children {
                c.nextRow = plan.childRowsBefore(c.plan.spec.name, parentRow: parentFirst)
                start(c, parentFirst: c.nextRow)
            }
        }
        start(self.root, parentFirst: firstRow)
    }

    /// Whether `table` or one of its descendants is streamed.
    static func reaches(_ table: String, _ streamed: Set<String>, _ spec: Spec) -> Bool {
        if streamed.contains(table) { return true }
        return spec.tables.contains { $0.parent == table && reaches($0.name, streamed, spec) }
    }

    /// The next root row to expand.
    public var nextRootRow: UInt64 { root.nextRow }

    /// Which root rows this expander emits: those whose row modulo `count` is `index` (several
    /// streamers share a stream by root rows; each still numbers every row, so they agree).
    public var shard: (index: UInt64, count: UInt64) = (0, 1)

    /// Generates the next root row, arriving at `arrival`, and its descendants, calling `emit`
    /// for every streamed row (of this shard's roots).
    public func expandNext(arrival: Int64, _ emit: (LiveRow) -> Void) {
        let row = root.nextRow
        root.nextRow += 1
        expand(root, row: row, step: 0, parent: nil, parentDue: arrival, emitting: row % shard.count == shard.index, emit)
    }

    /// Fills the row (when it is emitted or its children's counts need it) and walks its
    /// children; rows of other shards only advance the counters.
    private func expand(
        _ n: Node, row: UInt64, step: UInt64, parent: RowFrame?, parentDue: Int64, emitting: Bool, _ emit: (LiveRow) -> Void
    ) {
        let frame = n.frame
        frame.arena.reset()
        frame.parent = parent
        frame.step = step
        n.program.fill(frame, row: row)
        var due = parentDue
        if let slot = n.timeSlot {
            switch frame[slot] {
            case .timestamp(let t): due = max(due, t)
            case .date(let d): due = max(due, d &* 86_400_000_000)
            default: break
            }
        }
        if emitting, let encoder = n.encoder {
            sink.count = 0
            encoder.encode(frame, sink)
            emit(LiveRow(due: due, table: n.tableIndex, row: row, bytes: Array(UnsafeBufferPointer(start: sink.base, count: sink.count))))
        }
        for c in n.children {
            let count = c.plan.childCount(row, parentFrame: frame)
            var k: UInt64 = 0
            guard emitting || !c.children.isEmpty else {
                c.nextRow += count
                continue
            }
            while k < count {
                let childRow = c.nextRow
                c.nextRow += 1
                expand(c, row: childRow, step: k, parent: frame, parentDue: due, emitting: emitting, emit)
                k += 1
            }
        }
    }
}
