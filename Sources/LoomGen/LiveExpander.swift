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
        /// Index of the node's row counter in `counters` (depth-first order, the root first).
        var id = 0

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
    /// Per table of the subtree (depth-first, the root first): its next row.
    private var counters: [UInt64] = []
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
        var next: [UInt64] = []
        func start(_ n: Node, first: UInt64) {
            n.id = next.count
            next.append(first)
            for c in n.children { start(c, first: plan.childRowsBefore(c.plan.spec.name, parentRow: first)) }
        }
        start(self.root, first: firstRow)
        counters = next
    }

    /// Whether `table` or one of its descendants is streamed.
    static func reaches(_ table: String, _ streamed: Set<String>, _ spec: Spec) -> Bool {
        if streamed.contains(table) { return true }
        return spec.tables.contains { $0.parent == table && reaches($0.name, streamed, spec) }
    }

    /// The next root row to expand.
    public var nextRootRow: UInt64 { counters[0] }

    /// Which root rows this expander emits: those whose row modulo `count` is `index` (several
    /// streamers share a stream by root rows; each still numbers every row, so they agree).
    public var shard: (index: UInt64, count: UInt64) = (0, 1)

    /// Where every table's numbering stands before a root row: enough to expand it again.
    public struct Position: Sendable {
        public let counters: [UInt64]
        public var rootRow: UInt64 { counters[0] }
    }

    /// The position of the next root row.
    public var position: Position { Position(counters: counters) }

    /// Which rows of an expansion are emitted: those due after `after` and at most `through`.
    public struct Window: Sendable {
        public var after: Int64
        public var through: Int64
        public static let all = Window(after: .min, through: .max)

        public init(after: Int64, through: Int64) {
            self.after = after
            self.through = through
        }
    }

    /// Generates the next root row, arriving at `arrival`, and its descendants, calling `emit`
    /// for every streamed row (of this shard's roots) due in `window`; returns the earliest due
    /// time after the window, if a row is due then.
    @discardableResult
    public func expandNext(arrival: Int64, window: Window = .all, _ emit: (LiveRow) -> Void) -> Int64? {
        let row = counters[0]
        var later: Int64? = nil
        expand(
            root, row: row, step: 0, parent: nil, parentDue: arrival, emitting: row % shard.count == shard.index, window, &counters, &later,
            emit)
        counters[0] += 1
        return later
    }

    /// Expands the root row at `position` again (the live numbering is left alone), emitting its
    /// rows due in `window`; returns the earliest due time after the window.
    public func expand(_ position: Position, arrival: Int64, window: Window, _ emit: (LiveRow) -> Void) -> Int64? {
        var local = position.counters
        var later: Int64? = nil
        let row = local[0]
        expand(
            root, row: row, step: 0, parent: nil, parentDue: arrival, emitting: row % shard.count == shard.index, window, &local, &later,
            emit)
        return later
    }

    /// Fills the row (when it is emitted or its children's counts need it) and walks its
    /// children; rows of other shards only advance the counters.
    private func expand(
        _ n: Node, row: UInt64, step: UInt64, parent: RowFrame?, parentDue: Int64, emitting: Bool, _ window: Window,
        _ counters: inout [UInt64], _ later: inout Int64?, _ emit: (LiveRow) -> Void
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
        if emitting, let encoder = n.encoder, due > window.after {
            if due <= window.through {
                sink.count = 0
                encoder.encode(frame, sink)
                emit(
                    LiveRow(due: due, table: n.tableIndex, row: row, bytes: Array(UnsafeBufferPointer(start: sink.base, count: sink.count)))
                )
            } else {
                later = min(later ?? due, due)
            }
        }
        emitChildren(n, row: row, frame: frame, due: due, emitting: emitting, window, &counters, &later, emit)
    }

    private func emitChildren(
        _ n: Node, row: UInt64, frame: RowFrame, due: Int64, emitting: Bool, _ window: Window, _ counters: inout [UInt64],
        _ later: inout Int64?, _ emit: (LiveRow) -> Void
    ) {
        for c in n.children {
            let count = c.plan.childCount(row, parentFrame: frame)
            guard emitting || !c.children.isEmpty else {
                counters[c.id] += count
                continue
            }
            var k: UInt64 = 0
            while k < count {
                let childRow = counters[c.id]
                counters[c.id] += 1
                expand(c, row: childRow, step: k, parent: frame, parentDue: due, emitting: emitting, window, &counters, &later, emit)
                k += 1
            }
        }
    }
}
