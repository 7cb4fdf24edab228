import Foundation
import LoomSpec

/// A generator chosen per row by the value of another column (`by: segment`, `by: parent.segment`,
/// `locale: from(country)`): the first case whose value equals the column's runs; otherwise the
/// default (or NULL). Every case draws from the column's own stream, so the value stays a pure
/// function of (seed, table, column, row) and of the `by` value.
final class ConditionalEvaluator: ColumnEvaluator {
    let slot: Int
    let readsParent: Bool
    private let keys: [Value]
    /// For cases written as ranges (`"10..20"`), the range of each case (nil: an exact value);
    /// empty when no case is a range.
    private let ranges: [ConditionRange?]
    /// The case written for NULL (`null:`), else `keys.count` (the default).
    private let nullCase: Int
    private let cases: [Unmanaged<ColumnEvaluator>]
    private let fallback: Unmanaged<ColumnEvaluator>?
    /// Keeps the case evaluators alive.
    private let owned: [ColumnEvaluator]

    init(
        slot: Int, readsParent: Bool, keys: [Value], ranges: [ConditionRange?] = [], cases: [ColumnEvaluator], fallback: ColumnEvaluator?
    ) {
        self.slot = slot
        self.readsParent = readsParent
        self.keys = keys
        self.ranges = ranges
        nullCase = keys.indices.first { keys[$0].isNull && (ranges.isEmpty || ranges[$0] == nil) } ?? keys.count
        self.cases = cases.map { Unmanaged.passUnretained($0) }
        self.fallback = fallback.map { Unmanaged.passUnretained($0) }
        owned = cases + (fallback.map { [$0] } ?? [])
    }

    /// Index of the matching case, `keys.count` for the default.
    @inline(__always)
    func caseIndex(_ frame: RowFrame) -> Int {
        let v: Value
        if readsParent { v = frame.parent?[slot] ?? .null } else { v = frame[slot] }
        if case .text(let t) = v {
            for i in keys.indices {
                guard case .text(let k) = keys[i], k.count == t.count else { continue }
                if k.count == 0 || memcmp(k.baseAddress!, t.baseAddress!, k.count) == 0 { return i }
            }
            return keys.count
        }
        if v.isNull { return nullCase }
        if !ranges.isEmpty, let x = Self.number(v) {
            for i in ranges.indices { if let r = ranges[i], r.contains(x) { return i } }
        }
        for i in keys.indices where !keys[i].isNull && ExpressionCompiler.compare(v, keys[i]) == 0 { return i }
        return keys.count
    }

    /// A value as ranges compare it: numbers, days of dates, microseconds of timestamps.
    @inline(__always)
    static func number(_ v: Value) -> Double? {
        switch v {
        case .date(let d): Double(d)
        case .timestamp(let t): Double(t)
        default: v.asDouble
        }
    }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let i = caseIndex(frame)
        if i < cases.count { return cases[i]._withUnsafeGuaranteedRef { $0.evaluate(row, frame) } }
        guard let fallback else { return .null }
        return fallback._withUnsafeGuaranteedRef { $0.evaluate(row, frame) }
    }
}
