extension DatasetPlan {
    /// Generation stopped once the requested rows were made.
    private struct Enough: Error {}

    /// Generates rows `range` of `table` (row indexes, also for child tables), in order: the
    /// work is proportional to the rows asked for (plus, for a child table, finding the parent
    /// row whose children hold the first one).
    public func generate(_ table: String, rows range: Range<UInt64>, _ body: (RowFrame) throws -> Void) throws {
        guard let plan = tables[table] else { throw GenerationError(table: table, "no such table") }
        let total = try rows(table)
        let wanted = range.clamped(to: 0..<total)
        guard !wanted.isEmpty else { return }
        guard let parent = plan.spec.parent else {
            try generate(table, units: wanted, body)
            return
        }
        let parents = try rows(parent)
        var lo: UInt64 = 0, hi = parents
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2
            if childRowStart(plan, parentRow: mid) <= wanted.lowerBound { lo = mid } else { hi = mid }
        }
        var row = childRowStart(plan, parentRow: lo)
        do {
            try generate(table, units: lo..<parents) { frame in
                if row >= wanted.upperBound { throw Enough() }
                if row >= wanted.lowerBound { try body(frame) }
                row += 1
            }
        } catch is Enough {}
    }
}
