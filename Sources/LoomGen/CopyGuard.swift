import LoomSpec

/// Draws a row again while it equals a source row (`avoid_copies:`): the fingerprint of the
/// compared columns is looked up in the table's bitmap, and on a hit one compared column (and
/// the columns that read it) is computed again from a stream salted with the attempt, the
/// next column on the next attempt, starting at a column picked by the row. Changing one
/// column at a time keeps each column's share of values close to its law: a whole-row redraw
/// would instead move all columns towards the rows the source lacks. The result stays a pure
/// function of (seed, row).
final class CopyGuard {
    /// Redraws before the row is given up as unavoidable (`RowFrame.unavoidableCopies`).
    static let maxAttempts: UInt64 = 100

    private let slots: [Int]
    private let filter: [UInt8]
    private let shift: UInt64
    /// Per compared column: the program that redraws it and its readers.
    private let redraws: [FillProgram]

    init(slots: [Int], avoid: AvoidCopies, redraws: [FillProgram]) {
        self.slots = slots
        filter = avoid.filter
        shift = UInt64(64 - avoid.bits)
        self.redraws = redraws
    }

    @inline(__always)
    func hits(_ frame: RowFrame) -> Bool {
        var h = RowFingerprint.start
        for s in slots { h = RowFingerprint.value(h, frame.values[s]) }
        let i = Int(h >> shift)
        return filter[i >> 3] & (1 << UInt8(i & 7)) != 0
    }

    /// Redraws `row` in `frame` if it hits the bitmap. Kept out of line so that tables without
    /// `avoid_copies:` pay only a nil check in the fill loop.
    @inline(never)
    func check(_ frame: RowFrame, row: UInt64) {
        if hits(frame) { resolve(frame, row: row) }
    }

    /// Redraws `row` in `frame` until it misses the bitmap (or the attempts run out).
    func resolve(_ frame: RowFrame, row: UInt64) {
        var attempt: UInt64 = 1
        let first = Int(CounterRNG.below(UInt64(redraws.count), CounterRNG.mix(row ^ 0x636F_7079)))
        while attempt <= Self.maxAttempts {
            redraws[(first + Int(attempt) - 1) % redraws.count].refill(frame, row: row, salted: row ^ (attempt << 48))
            frame.redraws += 1
            if !hits(frame) { return }
            attempt += 1
        }
        frame.unavoidableCopies += 1
    }
}
