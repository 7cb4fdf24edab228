import LoomGen
import LoomProtocol

/// Rows generated but not yet due, ordered by time, then table (parents first), then row.
struct PendingRows {
    private var heap = MinHeap<LiveRow> { a, b in
        if a.due != b.due { return a.due < b.due }
        if a.table != b.table { return a.table < b.table }
        return a.row < b.row
    }

    var count: Int { heap.count }
    var earliest: Int64? { heap.first?.due }

    mutating func push(_ row: LiveRow) { heap.push(row) }

    /// Removes and returns the earliest row if it is due at or before `time`.
    mutating func pop(dueBy time: Int64) -> LiveRow? {
        guard let first = heap.first, first.due <= time else { return nil }
        return heap.pop()
    }
}
