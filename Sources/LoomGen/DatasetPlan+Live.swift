import LoomSpec

/// A time column's value taken from a clock instead of its generator: the arrival time of each
/// row of a live stream.
final class ArrivalEvaluator: ColumnEvaluator {
    let arrival: (UInt64) -> Int64
    let isDate: Bool

    init(arrival: @escaping (UInt64) -> Int64, isDate: Bool) {
        self.arrival = arrival
        self.isDate = isDate
    }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let micros = arrival(row)
        guard isDate else { return .timestamp(micros) }
        let day = CivilTime.microsPerSecond * 86_400
        return .date(micros >= 0 ? micros / day : (micros - day + 1) / day)
    }
}

/// A root table's time column read from a clock: the arrival time of each streamed row, for
/// every reader of the plan (the table's other columns and its child tables).
public struct TimeAnchor {
    public var table: String
    public var column: String
    /// Microseconds since the epoch for a row.
    public var arrival: (UInt64) -> Int64

    public init(table: String, column: String, arrival: @escaping (UInt64) -> Int64) {
        self.table = table
        self.column = column
        self.arrival = arrival
    }
}

extension DatasetPlan {
    /// The evaluator of an anchored column.
    static func anchored(_ anchor: TimeAnchor, _ c: ColumnSpec) throws(GenerationError) -> ColumnEvaluator {
        guard c.type.kind == .timestamp || c.type.kind == .date else {
            throw GenerationError(table: anchor.table, column: c.name, "is \(c.type), not a timestamp or date column")
        }
        return ArrivalEvaluator(arrival: anchor.arrival, isDate: c.type.kind == .date)
    }

    /// Rows of child table `table` that come before the children of parent row `parentRow`,
    /// for any parent row (also past the parent's planned rows): what a child row numbered
    /// after a bulk load of the parent starts at.
    public func childRowsBefore(_ table: String, parentRow: UInt64) -> UInt64 {
        guard let plan = tables[table] else { return 0 }
        return childRowStart(plan, parentRow: parentRow)
    }
}
