/// The values of one row while it is generated, plus the parent row's frame for child tables.
///
/// A frame is reused for every row of a shard; it is not thread-safe (one per generating thread).
public final class RowFrame {
    public let values: UnsafeMutablePointer<Value>
    public let count: Int
    public let arena = TextArena()
    /// The frame of the parent row (tables with `per_parent`), or nil.
    public var parent: RowFrame?
    /// Global row index of the row in the frame.
    public var row: UInt64 = 0
    /// The row being filled, also while a redraw computes columns at a salted row.
    public var unsalted: UInt64 = 0
    /// For child tables: the row's index among its parent's children (a `sequence` table's step).
    public var step: UInt64 = 0
    /// Rows drawn again because they equalled a source row (`avoid_copies:`).
    public var redraws: UInt64 = 0
    /// Rows that still equalled a source row after every redraw; generation fails on one.
    public var unavoidableCopies: UInt64 = 0
    /// The walk of the parent row being generated (`sequence` tables), reused across its rows.
    var walk: SequenceWalk?

    public init(columns: Int) {
        count = columns
        values = .allocate(capacity: max(columns, 1))
        values.initialize(repeating: .null, count: max(columns, 1))
    }

    deinit { values.deallocate() }

    @inline(__always)
    public subscript(_ i: Int) -> Value {
        get { values[i] }
        set { values[i] = newValue }
    }
}

/// Computes one column's value for a row. Subclasses are the compiled generators.
public class ColumnEvaluator {
    @inline(__always)
    public func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value { .null }
}
