import LoomSpec

/// Uniform intervals or times of day on a grid of `unit` microseconds from `lo`, both ends included.
final class ClockRangeEvaluator: ColumnEvaluator {
    let lo: Int64, span: UInt64, unit: Int64, isTime: Bool, key: UInt64, perm: Permutation?

    init(lo: Int64, hi: Int64, isTime: Bool, key: UInt64, perm: Permutation?) {
        unit = GeneratorSpec.clockUnit(lo, hi)
        self.lo = lo; span = UInt64((hi - lo) / unit) + 1; self.isTime = isTime; self.key = key; self.perm = perm
    }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let offset = perm?.permute(row) ?? CounterRNG.below(span, CounterRNG.bits(key, row))
        let v = lo + Int64(offset) * unit
        return isTime ? .time(v) : .interval(v)
    }
}
