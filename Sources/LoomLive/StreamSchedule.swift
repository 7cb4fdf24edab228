import LoomGen
import LoomProtocol

/// Which rows a stream commits when: root rows arrive on their clocks, each expands into its
/// descendants, and a row is due at its own time (never before its parent's). Pure: the rows
/// due by a time depend only on that time, so a stream stopped anywhere is rebuilt by replaying
/// up to its committed watermark.
///
/// Memory stays bounded by the horizon: an expansion keeps only the rows due within `horizon`
/// of now; a root with rows due later is kept as a revisit (its position and the time of its
/// next row) and expanded again when that time comes within the horizon.
public struct StreamSchedule {
    /// A streamed root table: its expander and the clock of its rows.
    public struct Root {
        public let expander: LiveExpander
        public let clock: ArrivalClock

        public init(expander: LiveExpander, clock: ArrivalClock) {
            self.expander = expander
            self.clock = clock
        }
    }

    /// A root row with rows not generated yet: expanded again when `next` comes near.
    struct Revisit: Sendable {
        var next: Int64
        var root: Int
        var position: LiveExpander.Position
        var arrival: Int64
        /// Rows due at or before this were taken by earlier expansions.
        var taken: Int64
    }

    private let roots: [Root]
    private var pending = PendingRows()
    private var revisits = MinHeap<Revisit> { $0.next < $1.next }
    /// Rows due after this virtual time are never streamed (the stream's end).
    public let end: Int64?
    /// How far ahead of now rows are generated and held (virtual microseconds).
    public let horizon: Int64

    public init(roots: [Root], end: Int64?, horizon: Int64 = 3_600_000_000) {
        self.roots = roots
        self.end = end
        self.horizon = max(horizon, 0)
    }

    /// Rows generated and waiting for their time.
    public var pendingCount: Int { pending.count }
    /// Root rows with rows due beyond the horizon.
    public var revisitCount: Int { revisits.count }

    /// Every row due at or before virtual time `time` (and the stream's end), in commit order:
    /// time, then parents before children, then row.
    public mutating func rows(dueBy time: Int64) -> [LiveRow] {
        let limit = end.map { min($0, time) } ?? time
        let (sum, overflow) = limit.addingReportingOverflow(horizon)
        let keep = min(overflow ? .max : sum, end ?? .max)
        for (i, root) in roots.enumerated() {
            while case let arrival = root.clock.arrival(root.expander.nextRootRow), arrival <= limit {
                let position = root.expander.position
                let later = root.expander.expandNext(arrival: arrival, window: .init(after: .min, through: keep)) { pending.push($0) }
                if let later { push(Revisit(next: later, root: i, position: position, arrival: arrival, taken: keep)) }
            }
        }
        while let first = revisits.first, first.next <= keep, let r = revisits.pop() {
            let window = LiveExpander.Window(after: r.taken, through: keep)
            if let later = roots[r.root].expander.expand(r.position, arrival: r.arrival, window: window, { pending.push($0) }) {
                push(Revisit(next: later, root: r.root, position: r.position, arrival: r.arrival, taken: keep))
            }
        }
        var out: [LiveRow] = []
        while let row = pending.pop(dueBy: limit) { out.append(row) }
        return out
    }

    /// The earliest virtual time at which a row becomes due, for sleeping until then.
    public func nextDue() -> Int64? {
        var next = pending.earliest
        if let r = revisits.first { next = next.map { min($0, r.next) } ?? r.next }
        for root in roots {
            let t = root.clock.arrival(root.expander.nextRootRow)
            next = next.map { min($0, t) } ?? t
        }
        if let end, let n = next, n > end { return nil }
        return next
    }

    /// Whether no row is left before the end.
    public var isFinished: Bool { nextDue() == nil && end != nil }

    private mutating func push(_ r: Revisit) {
        if let end, r.next > end { return }
        revisits.push(r)
    }
}
