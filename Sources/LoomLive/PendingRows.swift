import LoomGen

/// Rows generated but not yet due: a binary min-heap ordered by time, then table (parents
/// first), then row.
struct PendingRows {
    private var heap: [LiveRow] = []

    var count: Int { heap.count }
    var earliest: Int64? { heap.first?.due }

    private static func before(_ a: LiveRow, _ b: LiveRow) -> Bool {
        if a.due != b.due { return a.due < b.due }
        if a.table != b.table { return a.table < b.table }
        return a.row < b.row
    }

    mutating func push(_ row: LiveRow) {
        heap.append(row)
        var i = heap.count - 1
        while i > 0 {
            let p = (i - 1) / 2
            guard Self.before(heap[i], heap[p]) else { break }
            heap.swapAt(i, p)
            i = p
        }
    }

    /// Removes and returns the earliest row if it is due at or before `time`.
    mutating func pop(dueBy time: Int64) -> LiveRow? {
        guard let first = heap.first, first.due <= time else { return nil }
        let last = heap.removeLast()
        guard !heap.isEmpty else { return first }
        heap[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < heap.count, Self.before(heap[l], heap[m]) { m = l }
            if r < heap.count, Self.before(heap[r], heap[m]) { m = r }
            guard m != i else { break }
            heap.swapAt(i, m)
            i = m
        }
        return first
    }
}
