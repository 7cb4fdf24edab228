import LoomGen

/// Which rows a stream commits when: root rows arrive on their clocks, each expands into its
/// descendants, and a row is due at its own time (never before its parent's). Pure: the rows
/// due by a time depend only on that time, so a stream stopped anywhere is rebuilt by replaying
/// up to its committed watermark.
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

    private let roots: [Root]
    private var pending = PendingRows()
    /// Rows due after this virtual time are never streamed (the stream's end).
    public let end: Int64?

    public init(roots: [Root], end: Int64?) {
        self.roots = roots
        self.end = end
    }

    /// Rows generated and waiting for their time.
    public var pendingCount: Int { pending.count }

    /// Every row due at or before virtual time `time` (and the stream's end), in commit order:
    /// time, then parents before children, then row.
    public mutating func rows(dueBy time: Int64) -> [LiveRow] {
        let limit = end.map { min($0, time) } ?? time
        for root in roots {
            while case let arrival = root.clock.arrival(root.expander.nextRootRow), arrival <= limit {
                root.expander.expandNext(arrival: arrival) { row in
                    if let end, row.due > end { return }
                    pending.push(row)
                }
            }
        }
        var out: [LiveRow] = []
        while let row = pending.pop(dueBy: limit) { out.append(row) }
        return out
    }

    /// The earliest virtual time at which a row becomes due, for sleeping until then.
    public func nextDue() -> Int64? {
        var next = pending.earliest
        for root in roots {
            let t = root.clock.arrival(root.expander.nextRootRow)
            next = next.map { min($0, t) } ?? t
        }
        if let end, let n = next, n > end { return nil }
        return next
    }

    /// Whether no row is left before the end.
    public var isFinished: Bool { nextDue() == nil && end != nil }
}
