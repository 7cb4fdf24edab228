import LoomSpec

/// A compiled `sequence` state machine. A walk is a pure function of (seed, table, parent row):
/// the transition at step k draws from the counter stream at (parent row, k), the dwell time of
/// step k from the state's generator at row `parent × 1024 + k`, so any shard recomputes the
/// same walks without state.
final class SequenceMachine {
    /// State names as text values (owned here).
    let names: [UnsafeBufferPointer<UInt8>]
    let start: Int
    let maxSteps: Int
    /// Per state and case (0: `next`, i: the i-th `next_by` value): cumulative transition
    /// probabilities and their targets (-1 ends the walk); empty for a terminal state.
    let cumulative: [[[Double]]]
    let targets: [[[Int]]]
    /// The parent values with `next_by` transitions (case i + 1), as UTF-8.
    let cases: [[UInt8]]
    /// The parent's `by` column, if the walk depends on it.
    let bySlot: Int?
    let dwell: [ColumnEvaluator?]
    let transitionKey: UInt64
    private let scratch = RowFrame(columns: 0)

    /// Dwell times below this many seconds are raised to it, so times strictly increase.
    static let minimumDwell = 0.001

    init(_ spec: SequenceSpec, table: TableSpec, seed: UInt64, parentSlots: [String: Int]) throws(GenerationError) {
        let index = Dictionary(uniqueKeysWithValues: spec.states.enumerated().map { ($1.name, $0) })
        names = spec.states.map { s in
            let bytes = Array(s.name.utf8)
            let buffer = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
            _ = buffer.initialize(from: bytes)
            return UnsafeBufferPointer(start: buffer.baseAddress, count: bytes.count)
        }
        start = index[spec.start] ?? 0
        stateIndex = index
        maxSteps = spec.maxSteps
        let values = spec.byValues
        cases = values.map { Array($0.utf8) }
        bySlot = spec.by.flatMap { parentSlots[$0] }
        func edges(_ s: SequenceSpec.State, _ c: Int) -> [SequenceSpec.Transition] { c == 0 ? s.next : (s.nextBy[values[c - 1]] ?? s.next) }
        cumulative = spec.states.map { s in
            (0...values.count).map { c in
                let next = edges(s, c)
                let total = next.reduce(0) { $0 + $1.weight }
                var acc = 0.0
                return next.map { acc += $0.weight / total; return acc }
            }
        }
        targets = spec.states.map { s in (0...values.count).map { c in edges(s, c).map { index[$0.target] ?? -1 } } }
        let compiler = GeneratorCompiler(table: table, slots: [:], seed: seed)
        var dwell: [ColumnEvaluator?] = []
        for s in spec.states {
            guard let g = s.dwell else { dwell.append(nil); continue }
            let column = ColumnSpec(name: "\u{0}dwell:" + s.name, type: .double, source: .generator(g), location: s.location, sourceLocation: s.location)
            dwell.append(try compiler.compile(g, column: column, rows: 0))
        }
        self.dwell = dwell
        transitionKey = CounterRNG.streamKey(seed: seed, table.name, "\u{0}transition")
    }

    private let stateIndex: [String: Int]

    /// The index of state `name` (validated by the spec loader).
    func index(of name: String) -> Int { stateIndex[name] ?? -1 }

    /// How often `parent`'s walk visits `state`, and (with `nth`) the elapsed seconds at the
    /// nth visit; no allocation.
    func visits(_ parent: UInt64, state: Int, nth: Int = -1, case k: Int = 0) -> (count: Int, elapsed: Double) {
        var seen = 0, at = 0.0
        forEachStep(parent, case: k, timed: nth >= 0) { _, s, t in
            guard s == state else { return }
            if seen == nth { at = t }
            seen += 1
        }
        return (seen, at)
    }

    /// Calls `body(step, state, elapsed)` for every row of `parent`'s walk; with `timed` false
    /// the dwell generators are not evaluated (elapsed stays 0).
    @inline(__always)
    func forEachStep(_ parent: UInt64, case k: Int, timed: Bool, _ body: (Int, Int, Double) -> Void) {
        var s = start, t = 0.0, n = 0
        while n < maxSteps {
            body(n, s, t)
            let next = next(s, parent: parent, step: n, case: k)
            if next < 0 { break }
            if timed { t += dwellSeconds(s, parent: parent, step: n) }
            s = next
            n += 1
        }
    }

    deinit { for n in names { UnsafeMutableBufferPointer(mutating: n).deallocate() } }

    /// The state after `state` at step `step` of `parent`'s walk, or -1 when the walk ends.
    @inline(__always)
    func next(_ state: Int, parent: UInt64, step: Int, case k: Int = 0) -> Int {
        let c = cumulative[state][k]
        guard !c.isEmpty else { return -1 }
        let u = CounterRNG.unit(CounterRNG.bits(transitionKey, parent, UInt64(step)))
        for i in c.indices where u < c[i] { return targets[state][k][i] }
        return targets[state][k][c.count - 1]
    }

    /// Which transitions apply for a parent row: the case of its `by` value (0: the default).
    func caseIndex(_ parentFrame: RowFrame?) -> Int {
        guard let slot = bySlot, let frame = parentFrame, slot < frame.count else { return 0 }
        switch frame[slot] {
        case .text(let t):
            for (i, c) in cases.enumerated() where c.count == t.count && c.elementsEqual(t) { return i + 1 }
        case .bool(let b):
            let key = Array((b ? "true" : "false").utf8)
            for (i, c) in cases.enumerated() where c == key { return i + 1 }
        default: break
        }
        return 0
    }

    /// Rows of `parent`'s walk (without allocating).
    func length(_ parent: UInt64, case k: Int = 0) -> Int {
        var n = 0
        forEachStep(parent, case: k, timed: false) { _, _, _ in n += 1 }
        return n
    }

    /// Seconds spent in `state` at `step` of `parent`'s walk.
    func dwellSeconds(_ state: Int, parent: UInt64, step: Int) -> Double {
        guard let d = dwell[state] else { return 1 }
        let v = d.evaluate(parent &* 1024 &+ UInt64(step), scratch).asDouble ?? 1
        return v.isFinite ? max(v, Self.minimumDwell) : 1
    }

    /// Fills `walk` with `parent`'s states and elapsed times.
    func walk(_ parent: UInt64, case c: Int = 0, into walk: SequenceWalk) {
        walk.parent = parent
        walk.states.removeAll(keepingCapacity: true)
        walk.elapsed.removeAll(keepingCapacity: true)
        forEachStep(parent, case: c, timed: true) { _, s, t in
            walk.states.append(s)
            walk.elapsed.append(t)
        }
    }
}

/// One parent's walk, cached in the generating frame while its rows are made.
final class SequenceWalk {
    var parent: UInt64 = .max
    var states: [Int] = []
    var elapsed: [Double] = []
}
