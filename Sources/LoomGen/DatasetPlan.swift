import LoomSpec

/// A whole spec compiled for generation with its final row counts.
///
/// Holds per-row scratch state, so use one plan per thread; building one is cheap.
public final class DatasetPlan {
    public let spec: Spec
    public let tables: [String: TablePlan]
    /// Rows of tables with a fixed count, after scale and overrides.
    private var fixedRows: [String: UInt64] = [:]
    private var totalRows: [String: UInt64] = [:]
    private let anchors: [TimeAnchor]
    /// Columns of each table that its child tables read from the parent frame.
    private(set) var parentNeeds: [String: [Int]] = [:]

    /// - Parameters:
    ///   - rowOverrides: row counts replacing the spec's (after scale) for fixed-size tables.
    ///   - scale: replaces the spec's scale when given.
    ///   - anchors: time columns read from a clock instead of their generators (live streams).
    public init(spec: Spec, scale: Double? = nil, rowOverrides: [String: Int64] = [:], anchors: [TimeAnchor] = []) throws(GenerationError) {
        self.spec = spec
        self.anchors = anchors
        var plans: [String: TablePlan] = [:]
        let index = SpecIndex(spec)
        for t in spec.tables {
            var extra: [String: [String]] = [:]
            for c in t.columns {
                let reads = index.aggregateParentReads(t, c)
                if !reads.isEmpty { extra[c.name] = reads }
            }
            plans[t.name] = TablePlan(spec: t, extraDependencies: extra)
        }
        tables = plans
        let factor = scale ?? spec.scale
        for t in spec.tables {
            if case .fixed(let n) = t.rows {
                if let o = rowOverrides[t.name] {
                    guard o >= 0 else { throw GenerationError(table: t.name, "row count must not be negative") }
                    fixedRows[t.name] = UInt64(o)
                } else {
                    let scaled = (Double(n) * factor).rounded()
                    guard scaled < 4e18 else {
                        throw GenerationError(table: t.name, "\(n) rows × scale \(factor) is more rows than Loom can number (at most 4e18)")
                    }
                    fixedRows[t.name] = UInt64(max(0, scaled))
                }
            } else if rowOverrides[t.name] != nil {
                throw GenerationError(
                    table: t.name, "rows of a per_parent table follow from its parent; change the parent's rows or the scale")
            }
        }
        for t in spec.tables {
            guard let p = t.parent, let pp = plans[p] else { continue }
            var needed = Set<Int>()
            for c in t.columns {
                if case .expression(let e) = c.source { for n in e.parentColumns { if let s = pp.slots[n] { needed.insert(s) } } }
                if case .reference(let rt, let rc, _) = c.source, rt == p, let s = pp.slots[rc] { needed.insert(s) }
                if case .generator(let g) = c.source { for n in g.parentDependencies { if let s = pp.slots[n] { needed.insert(s) } } }
            }
            if let by = Self.sequenceBy(of: t, in: plans), let s = pp.slots[by] { needed.insert(s) }
            parentNeeds[p] = pp.dependencyOrder(of: Array(Set(parentNeeds[p] ?? []).union(needed)).sorted())
        }
        for t in spec.loadOrder { try compileCount(plans[t.name]!) }
        for t in spec.loadOrder { try compile(plans[t.name]!) }
    }

    private func compile(_ plan: TablePlan) throws(GenerationError) {
        let t = plan.spec
        let parentPlan = t.parent.flatMap { tables[$0] }
        var gen = GeneratorCompiler(table: t, slots: plan.slots, seed: spec.seed)
        if let parentPlan {
            gen.parentSlots = parentPlan.slots
            gen.parentTypes = Dictionary(parentPlan.spec.columns.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
            try linkCount(plan, parent: parentPlan)
        }
        let needsRows = t.columns.contains { c in
            guard c.unique || c.primaryKey, case .generator(let g) = c.source else { return false }
            if case .sequence = g { return false }
            if case .uuid = g { return false }
            return true
        }
        let rows = needsRows ? try self.rows(t.name) : 0
        for c in t.columns {
            let evaluator: ColumnEvaluator
            switch c.source {
            case .generator(.walkVisitElapsed(let table, let state)):
                let machine = try sequenceMachine(table)
                evaluator = VisitElapsedEvaluator(machine, state: machine.index(of: state))
            case .generator(.walkStep):
                evaluator = StepEvaluator()
            case .generator(let g) where g.needsSequence:
                guard let machine = plan.machine else {
                    throw GenerationError(table: t.name, column: c.name, "gen: \(g.name) needs a sequence table", at: c.sourceLocation)
                }
                evaluator = WalkEvaluator(machine, g == .walkState ? .state : g == .walkStep ? .step : .elapsed)
            case .generator(let g):
                evaluator = try gen.compile(g, column: c, rows: rows)
            case .expression(let e):
                var compiler = ExpressionCompiler(slots: plan.slots, parentSlots: parentPlan?.slots ?? [:], key: gen.key(c.name))
                if !e.childColumns.isEmpty {
                    compiler.aggregate = { [unowned self] function, cc in
                        guard let child = self.tables[cc.table], let slot = child.slots[cc.column] else { return { _ in .null } }
                        let aggregator = ChildAggregator(dataset: self, child: child, slot: slot)
                        let count = function == "count"
                        return { f in aggregator.evaluate(f, count: count) }
                    }
                }
                evaluator = ExpressionEvaluator(compiler.compile(e.root))
            case .reference(let rt, let rc, let pick):
                guard let target = tables[rt], let slot = target.slots[rc] else {
                    throw GenerationError(table: t.name, column: c.name, "refers to missing \(rt).\(rc)", at: c.sourceLocation)
                }
                if rt == t.parent {
                    evaluator = ParentKeyEvaluator(slot: slot)
                } else {
                    let order = target.dependencyOrder(of: [slot])
                    for i in order {
                        if case .expression(let e) = target.spec.columns[i].source, !e.parentColumns.isEmpty {
                            throw GenerationError(
                                table: t.name, column: c.name,
                                "refers to '\(rt).\(rc)', which depends on its parent row; refer to a key that doesn't",
                                at: c.sourceLocation)
                        }
                    }
                    if case .with = pick {
                        plan.evaluators.append(FollowingReferenceEvaluator(target: target, targetSlot: slot, order: order))
                        plan.converters.append(ValueConverter(column: c))
                        plan.nullKeys.append(CounterRNG.streamKey(seed: spec.seed, t.name, c.name, "null"))
                        plan.nullThresholds.append(0)
                        continue
                    }
                    let targetRows = try self.rows(rt)
                    if targetRows == 0, !rootHasNoRows(t.name) {
                        throw GenerationError(
                            table: t.name, column: c.name,
                            "refers to '\(rt).\(rc)', but table '\(rt)' has no rows (after scale and --rows), so there is no row to refer to; give it rows or remove the reference",
                            at: c.sourceLocation)
                    }
                    var picker: HistogramPicker? = nil
                    if case .histogram(let h) = pick {
                        picker = HistogramPicker(h, parents: targetRows, rows: try self.rows(t.name), key: gen.key(c.name))
                    } else if case .distinctHistogram(let h) = pick {
                        picker = HistogramPicker(h, parents: targetRows, rows: try self.rows(t.name), key: gen.key(c.name), distinct: true)
                    }
                    let picked = PickedReferenceEvaluator(
                        target: target, targetSlot: slot, order: order,
                        rows: targetRows, key: gen.key(c.name), pick: pick, histogram: picker)
                    if case .distinctHistogram = pick {
                        let scratch = RowFrame(columns: 0)
                        picked.childrenOf = { [unowned plan] p in plan.childCount(p, scratch) }
                    }
                    evaluator = picked
                }
            }
            if let anchor = anchors.first(where: { $0.table == t.name && $0.column == c.name }) {
                plan.evaluators.append(try Self.anchored(anchor, c))
                plan.nullThresholds.append(0)
            } else {
                plan.evaluators.append(withEdgeCases(evaluator, c, table: t.name))
                plan.nullThresholds.append(c.nullRate <= 0 ? 0 : UInt64((c.nullRate * 18_446_744_073_709_551_616.0).rounded(.down)))
            }
            plan.converters.append(ValueConverter(column: c))
            plan.nullKeys.append(CounterRNG.streamKey(seed: spec.seed, t.name, c.name, "null"))
        }
        for (i, c) in t.columns.enumerated() {
            guard case .reference(_, _, .with(let other)) = c.source, let follower = plan.evaluators[i] as? FollowingReferenceEvaluator
            else { continue }
            follower.leader = plan.slots[other].flatMap { plan.evaluators[$0] as? PickedReferenceEvaluator }
        }
        try compileCorrelations(plan, gen: gen)
    }

    /// Replaces the evaluators of a table's `correlate:` columns by Gaussian-copula evaluators.
    private func compileCorrelations(_ plan: TablePlan, gen: GeneratorCompiler) throws(GenerationError) {
        let t = plan.spec
        guard !t.correlations.isEmpty else { return }
        guard let (names, l) = t.correlationFactor else {
            throw GenerationError(table: t.name, "the correlations are not positive definite")
        }
        let n = names.count
        let keys = names.map { gen.key($0) }
        let redraw = t.avoidCopies == nil ? nil : CopulaRedraw(keys: keys, factor: l)
        for (i, name) in names.enumerated() {
            guard let slot = plan.slots[name], case .generator(let g) = t.columns[slot].source else {
                throw GenerationError(table: t.name, column: name, "cannot be correlated")
            }
            var marginals: [Marginal?] = []
            var selector: ConditionalEvaluator? = nil
            if case .conditional(let c) = g {
                selector = plan.evaluators[slot] as? ConditionalEvaluator
                marginals = c.cases.map { Marginal.of($0.generator) } + [c.fallback.flatMap(Marginal.of)]
            } else {
                marginals = [Marginal.of(g)]
            }
            guard marginals.contains(where: { $0 != nil }), g.dependencies.allSatisfy({ plan.slots[$0] != nil }) else {
                throw GenerationError(table: t.name, column: name, "cannot be correlated")
            }
            let copula = CopulaEvaluator(
                keys: Array(keys[0...i]), weights: Array(l[(i * n)...(i * n + i)]),
                marginals: marginals, selector: selector, redraw: redraw)
            plan.evaluators[slot] = withEdgeCases(copula, t.columns[slot], table: t.name)
        }
    }

    /// `evaluator`, mixing in the column's edge values when it asks for them.
    private func withEdgeCases(_ evaluator: ColumnEvaluator, _ c: ColumnSpec, table: String) -> ColumnEvaluator {
        guard let edges = c.edgeCases, let cases = EdgeValues.cases(for: c) else { return evaluator }
        return EdgeCaseEvaluator(
            inner: evaluator, cases: cases, rate: edges.rate, key: CounterRNG.streamKey(seed: spec.seed, table, c.name, "edge"))
    }

    /// Whether table `name` descends from (or is) a fixed-size table of 0 rows, so it has none.
    private func rootHasNoRows(_ name: String) -> Bool {
        var seen = Set<String>()
        var cur = name
        while seen.insert(cur).inserted, let plan = tables[cur] {
            guard let p = plan.spec.parent else { return fixedRows[cur] == 0 }
            cur = p
        }
        return false
    }

    /// For a count conditioned on the parent row (`per_parent: { users: { poisson: { by: segment, ... } } }`),
    /// the program that fills the parent's columns the count reads.
    private func linkCount(_ plan: TablePlan, parent: TablePlan) throws(GenerationError) {
        let by: String
        let location: SourceLocation?
        if case .perParent(_, .conditional(let c)) = plan.spec.rows {
            (by, location) = (c.by, c.location)
        } else if let b = Self.sequenceBy(of: plan.spec, in: tables) {
            (by, location) = (b, plan.spec.parentLocation)
        } else {
            return
        }
        guard plan.countProgram == nil else { return }
        guard let slot = parent.slots[by] else {
            throw GenerationError(table: plan.spec.name, "per_parent count: no column '\(by)' in '\(parent.spec.name)'")
        }
        let order = parent.dependencyOrder(of: [slot])
        var readsOtherRows = false
        for i in order {
            let col = parent.spec.columns[i]
            switch col.source {
            case .expression(let e):
                if !e.childColumns.isEmpty {
                    throw GenerationError(
                        table: plan.spec.name,
                        "per_parent count conditions on '\(parent.spec.name).\(by)', which aggregates child rows ('\(col.name)'); condition on a column that doesn't",
                        at: location)
                }
                if !e.parentColumns.isEmpty { readsOtherRows = true }
            case .generator(let g): if !g.parentDependencies.isEmpty { readsOtherRows = true }
            case .reference(let rt, _, _): if rt == parent.spec.parent { readsOtherRows = true }
            }
        }
        if readsOtherRows {
            // The column reads the parent's own parent row: keep an ancestor cursor over the parent table.
            plan.countCursor = try? AncestorCursor(plan: parent, dataset: self, columns: order)
            return
        }
        plan.countProgram = parent.program(order)
        plan.countFrame = RowFrame(columns: parent.spec.columns.count)
    }

    /// The parent column a table's walk depends on: its own sequence's `by`, or that of the
    /// sequence whose visits it counts or times.
    static func sequenceBy(of t: TableSpec, in plans: [String: TablePlan]) -> String? {
        if let by = t.sequence?.by { return by }
        var names: [String] = []
        if case .perParent(_, .walkVisits(let table, _)) = t.rows { names.append(table) }
        for c in t.columns { if case .generator(.walkVisitElapsed(let table, _)) = c.source { names.append(table) } }
        return names.lazy.compactMap { plans[$0]?.spec.sequence?.by }.first
    }

    /// The compiled state machine of `sequence` table `name` (compiled once, on first use).
    func sequenceMachine(_ name: String) throws(GenerationError) -> SequenceMachine {
        guard let plan = tables[name], case .sequence(_, let seq) = plan.spec.rows else {
            throw GenerationError(table: name, "is not a sequence table")
        }
        if let m = plan.machine { return m }
        let m = try SequenceMachine(seq, table: plan.spec, seed: spec.seed, parentSlots: tables[plan.spec.parent ?? ""]?.slots ?? [:])
        plan.machine = m
        return m
    }

    private func compileCount(_ plan: TablePlan) throws(GenerationError) {
        let t = plan.spec
        if case .sequence = t.rows { plan.countEvaluator = WalkLengthEvaluator(try sequenceMachine(t.name)) }
        if case .perParent(_, .walkVisits(let table, let state)) = t.rows {
            let machine = try sequenceMachine(table)
            plan.countEvaluator = VisitCountEvaluator(machine, state: machine.index(of: state))
            return
        }
        if case .perParent(_, let count) = t.rows {
            let countColumn = ColumnSpec(
                name: "per_parent count", type: .bigint, source: .generator(count), location: t.location, sourceLocation: t.location)
            let parentSpec = tables[t.parent ?? ""]?.spec
            var countGen = GeneratorCompiler(
                table: TableSpec(name: t.name + "\u{0}rows", rows: .fixed(0), columns: [], location: t.location),
                slots: tables[t.parent ?? ""]?.slots ?? [:], seed: spec.seed)
            countGen.countContext = true
            countGen.parentTypes = Dictionary((parentSpec?.columns ?? []).map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
            var parents: UInt64 = 0
            if Self.isHistogram(count), let p = t.parent { parents = try rows(p) }
            plan.countEvaluator = try countGen.compile(count, column: countColumn, rows: parents)
        }
    }

    /// Whether a `per_parent` count is a histogram, or a histogram per case of the parent row:
    /// its strata are laid over the parent rows, so it needs their number.
    static func isHistogram(_ count: GeneratorSpec) -> Bool {
        switch count {
        case .histogram: true
        case .conditional(let c): c.cases.contains { isHistogram($0.generator) } || c.fallback.map(isHistogram) == true
        default: false
        }
    }

    /// Total rows of `table`: fixed tables after scale, child tables summed over their parents.
    public func rows(_ table: String) throws(GenerationError) -> UInt64 {
        if let n = fixedRows[table] { return n }
        if let n = totalRows[table] { return n }
        guard let plan = tables[table], let parent = plan.spec.parent else {
            throw GenerationError(table: table, "no such table")
        }
        let parentRows = try rows(parent)
        let scratch = RowFrame(columns: 0)
        var total: UInt64 = 0
        var p: UInt64 = 0
        var checkpoints: [UInt64] = []
        checkpoints.reserveCapacity(Int(parentRows >> Self.checkpointShift) + 1)
        while p < parentRows {
            if p & Self.checkpointMask == 0 { checkpoints.append(total) }
            total &+= plan.childCount(p, scratch)
            p += 1
        }
        childCheckpoints[table] = checkpoints
        totalRows[table] = total
        return total
    }

    private static let checkpointShift: UInt64 = 10
    private static let checkpointMask: UInt64 = (1 << 10) - 1
    /// Child rows before every 1024th parent row, per child table (built with its row count).
    private var childCheckpoints: [String: [UInt64]] = [:]

    /// Rows of child table `table` that come before the children of parent row `parentRow`:
    /// from the nearest checkpoint, at most 1023 counts away.
    func childRowStart(_ table: TablePlan, parentRow: UInt64) -> UInt64 {
        let name = table.spec.name
        if childCheckpoints[name] == nil { _ = try? rows(name) }
        guard var checkpoints = childCheckpoints[name], !checkpoints.isEmpty else { return 0 }
        if Int(parentRow >> Self.checkpointShift) >= checkpoints.count {
            // Past the planned parent rows (a live stream): more checkpoints, each computed once.
            let scratch = RowFrame(columns: 0)
            while checkpoints.count <= Int(parentRow >> Self.checkpointShift) {
                var total = checkpoints[checkpoints.count - 1]
                var p = UInt64(checkpoints.count - 1) << Self.checkpointShift
                let end = UInt64(checkpoints.count) << Self.checkpointShift
                while p < end { total &+= table.childCount(p, scratch); p += 1 }
                checkpoints.append(total)
            }
            childCheckpoints[name] = checkpoints
        }
        let k = min(Int(parentRow >> Self.checkpointShift), checkpoints.count - 1)
        let scratch = RowFrame(columns: 0)
        var total = checkpoints[k]
        var p = UInt64(k) << Self.checkpointShift
        while p < parentRow { total &+= table.childCount(p, scratch); p += 1 }
        return total
    }

    /// Mean children per parent row of a per_parent table, from up to 10,000 parents.
    public func estimatedChildrenPerParent(_ table: String) -> Double {
        guard let plan = tables[table], let parent = plan.spec.parent, let parentRows = try? rows(parent), parentRows > 0 else { return 1 }
        let sample = min(parentRows, 10_000)
        let scratch = RowFrame(columns: 0)
        var total: UInt64 = 0
        for p in 0..<sample { total += plan.childCount(p * (parentRows / sample), scratch) }
        return Double(total) / Double(sample)
    }

    /// Rows of `table` that come before the children of parent row `parentRow`.
    func childRowsBefore(_ table: TablePlan, parentRow: UInt64) -> UInt64 {
        childRowStart(table, parentRow: parentRow)
    }

    /// The unit a table is split into shards by: rows for fixed tables, parent rows for children.
    public func shardUnits(_ table: String) throws(GenerationError) -> UInt64 {
        guard let plan = tables[table] else { throw GenerationError(table: table, "no such table") }
        if let p = plan.spec.parent { return try rows(p) }
        return try rows(table)
    }

    /// The `k`-th (0-based) of `n` equal ranges of `units`.
    public static func shardRange(units: UInt64, index k: UInt64, of n: UInt64) -> Range<UInt64> {
        func bound(_ i: UInt64) -> UInt64 {
            let (hi, lo) = units.multipliedFullWidth(by: i)
            return n.dividingFullWidth((hi, lo)).quotient
        }
        return bound(k)..<bound(k + 1)
    }

    /// Generates the rows of `table` in the given unit range (rows, or parent rows for child
    /// tables), calling `body` with each filled frame in order.
    public func generate(_ table: String, units: Range<UInt64>, _ body: (RowFrame) throws -> Void) throws {
        guard let plan = tables[table] else { throw GenerationError(table: table, "no such table") }
        let frame = RowFrame(columns: plan.spec.columns.count)
        let program = plan.program(plan.order)
        let guarded = plan.spec.avoidCopies != nil
        guard let parentName = plan.spec.parent, let parentPlan = tables[parentName] else {
            for row in units {
                frame.arena.reset()
                program.fill(frame, row: row)
                if guarded, frame.unavoidableCopies > 0 { throw unavoidableCopy(plan, row: row) }
                try body(frame)
            }
            return
        }
        let cursor = try AncestorCursor(plan: parentPlan, dataset: self)
        frame.parent = cursor.frame
        var childRow = childRowsBefore(plan, parentRow: units.lowerBound)
        let scratch = RowFrame(columns: 0)
        try cursor.seek(units.lowerBound)
        for p in units {
            let count = plan.childCount(p, scratch)
            guard count > 0 else { continue }
            try cursor.move(to: p)
            for k in 0..<count {
                frame.arena.reset()
                frame.step = k
                program.fill(frame, row: childRow)
                if guarded, frame.unavoidableCopies > 0 { throw unavoidableCopy(plan, row: childRow) }
                try body(frame)
                childRow += 1
            }
        }
    }
}

extension DatasetPlan {
    func unavoidableCopy(_ plan: TablePlan, row: UInt64) -> GenerationError {
        GenerationError(
            table: plan.spec.name,
            "row \(row) equals a source row after \(CopyGuard.maxAttempts) redraws: the columns of avoid_copies take too few values to avoid the source; remove avoid_copies or profile without it",
            at: plan.spec.avoidCopies?.location)
    }
}

/// Keeps the frame of a parent table (and its own ancestors) filled at a given row, moving
/// forward incrementally; used while generating a child table.
final class AncestorCursor {
    let plan: TablePlan
    let frame: RowFrame
    let program: FillProgram
    let parent: AncestorCursor?
    unowned let dataset: DatasetPlan
    private let scratch = RowFrame(columns: 0)
    private var row: UInt64 = .max
    /// For child tables: the current parent row and the first own row of the next parent.
    private var parentRow: UInt64 = 0
    private var parentStart: UInt64 = 0
    private var nextParentStart: UInt64 = 0

    /// - Parameter columns: the columns to fill (default: those the table's children read).
    init(plan: TablePlan, dataset: DatasetPlan, columns: [Int]? = nil) throws {
        self.plan = plan
        self.dataset = dataset
        frame = RowFrame(columns: plan.spec.columns.count)
        program = plan.program(columns ?? dataset.parentNeeds[plan.spec.name] ?? [])
        if let p = plan.spec.parent, let pp = dataset.tables[p] {
            parent = try AncestorCursor(plan: pp, dataset: dataset)
            frame.parent = parent!.frame
        } else {
            parent = nil
        }
    }

    /// Positions the cursor just before `target` (work proportional to the rows before it).
    func seek(_ target: UInt64) throws {
        guard let parent else { return }
        let parentRows = try dataset.rows(parent.plan.spec.name)
        var start: UInt64 = 0
        var p: UInt64 = 0
        var c = plan.childCount(0, scratch)
        while start + c <= target, p + 1 < parentRows {
            start += c
            p += 1
            c = plan.childCount(p, scratch)
        }
        parentRow = p
        parentStart = start
        nextParentStart = start + c
        row = .max
        try parent.seek(p)
        try parent.move(to: p)
    }

    /// Fills the frame for `target` (at or after the current row).
    func move(to target: UInt64) throws {
        guard target != row else { return }
        if let parent {
            while target >= nextParentStart {
                parentRow += 1
                parentStart = nextParentStart
                nextParentStart += plan.childCount(parentRow, scratch)
            }
            try parent.move(to: parentRow)
            frame.step = target - parentStart
        }
        row = target
        frame.arena.reset()
        program.fill(frame, row: target)
    }
}
