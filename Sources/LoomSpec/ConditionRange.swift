/// A `by:` case that matches a range of a numeric, date or timestamp column: `"10..20"` is
/// 10 ≤ value < 20, `"..10"` below 10, `"20.."` 20 and above; dates and timestamps are written as
/// such (`2024-01-01..2024-07-01`). Bounds are compared as numbers: days for dates, microseconds
/// for timestamps.
public struct ConditionRange: Sendable, Hashable {
    public var lower: Double?
    public var upper: Double?

    public init(lower: Double? = nil, upper: Double? = nil) {
        self.lower = lower
        self.upper = upper
    }

    /// The range `raw` writes for a column of `type`, nil when it is not a range of that type.
    public static func parse(_ raw: String, for type: SQLType) -> ConditionRange? {
        switch type.kind {
        case .int, .float, .decimal, .date, .timestamp: break
        default: return nil
        }
        let chars = Array(raw)
        guard let dot = chars.indices.dropLast().first(where: { chars[$0] == "." && chars[$0 + 1] == "." }) else { return nil }
        let lo = String(chars[..<dot]).trimming(" "), hi = String(chars[(dot + 2)...]).trimming(" ")
        guard !(lo.isEmpty && hi.isEmpty) else { return nil }
        var r = ConditionRange()
        if !lo.isEmpty {
            guard let l = Literal.parse(lo, for: type).flatMap(number) else { return nil }
            r.lower = l
        }
        if !hi.isEmpty {
            guard let h = Literal.parse(hi, for: type).flatMap(number) else { return nil }
            r.upper = h
        }
        if let l = r.lower, let h = r.upper, l >= h { return nil }
        return r
    }

    /// Whether `x` (in the column's numeric units) falls in the range.
    @inline(__always)
    public func contains(_ x: Double) -> Bool {
        if let lower, x < lower { return false }
        if let upper, x >= upper { return false }
        return true
    }

    /// A literal as the number ranges compare.
    public static func number(_ l: Literal) -> Double? {
        switch l {
        case .int(let i): Double(i)
        case .float(let d): d
        case .decimal(let u, let s): Double(u) / EdgeValues.pow10(s)
        case .date(let d): Double(d)
        case .timestamp(let t): Double(t)
        default: nil
        }
    }
}
