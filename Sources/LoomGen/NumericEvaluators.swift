import Foundation
import LoomSpec

/// `start + row * step`.
final class SequenceEvaluator: ColumnEvaluator {
    let start: Int64, step: Int64
    init(start: Int64, step: Int64) { self.start = start; self.step = step }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        .int(Saturating.add(start, Saturating.multiply(Int64(bitPattern: row), step)))
    }
}

final class ConstantEvaluator: ColumnEvaluator {
    let value: Value
    init(_ value: Value) { self.value = value }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value { value }
}

/// Integers in [lo, lo + span); `span == 0` means all 2^64 values. Unique columns use the
/// permuted row as the offset.
final class UniformIntEvaluator: ColumnEvaluator {
    let lo: Int64, span: UInt64, key: UInt64, perm: Permutation?
    let decimalScale: Int?
    init(lo: Int64, span: UInt64, key: UInt64, perm: Permutation?, decimalScale: Int? = nil) {
        self.lo = lo; self.span = span; self.key = key; self.perm = perm; self.decimalScale = decimalScale
    }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let offset: UInt64
        if let perm {
            offset = perm.permute(row)
        } else {
            let bits = CounterRNG.bits(key, row)
            offset = span == 0 ? bits : CounterRNG.below(span, bits)
        }
        let v = lo &+ Int64(bitPattern: offset)
        if let decimalScale { return .decimal(v, scale: decimalScale) }
        return .int(v)
    }
}

final class UniformFloatEvaluator: ColumnEvaluator {
    let lo: Double, width: Double, key: UInt64
    init(lo: Double, hi: Double, key: UInt64) { self.lo = lo; self.width = hi - lo; self.key = key }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        .float(lo + width * CounterRNG.unit(CounterRNG.bits(key, row)))
    }
}

final class NormalEvaluator: ColumnEvaluator {
    let mean: Double, sd: Double, key: UInt64, logNormal: Bool
    init(mean: Double, sd: Double, key: UInt64, logNormal: Bool) {
        self.mean = mean; self.sd = sd; self.key = key; self.logNormal = logNormal
    }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let x = mean + sd * Distributions.standardNormal(key, row)
        return .float(logNormal ? exp(x) : x)
    }
}

final class ExponentialEvaluator: ColumnEvaluator {
    let rate: Double, key: UInt64
    init(rate: Double, key: UInt64) { self.rate = rate; self.key = key }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        .float(Distributions.exponential(key, row, rate: rate))
    }
}

final class PoissonEvaluator: ColumnEvaluator {
    let lambda: Double, key: UInt64
    init(lambda: Double, key: UInt64) { self.lambda = lambda; self.key = key }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        .int(Distributions.poisson(key, row, lambda: lambda))
    }
}

final class GeometricEvaluator: ColumnEvaluator {
    let p: Double, key: UInt64
    init(p: Double, key: UInt64) { self.p = p; self.key = key }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        .int(Distributions.geometric(key, row, p: p))
    }
}

final class ZipfEvaluator: ColumnEvaluator {
    let sampler: ZipfSampler, key: UInt64
    init(n: Int64, s: Double, key: UInt64) { sampler = ZipfSampler(n: n, s: s); self.key = key }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        .int(sampler.sample(key, row))
    }
}

final class BernoulliEvaluator: ColumnEvaluator {
    let threshold: UInt64, always: Bool, key: UInt64
    init(p: Double, key: UInt64) {
        always = p >= 1
        threshold = p >= 1 ? UInt64.max : UInt64((p * 18_446_744_073_709_551_616.0).rounded(.down))
        self.key = key
    }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        .bool(always || CounterRNG.bits(key, row) < threshold)
    }
}

/// A weighted pick among fixed values (alias method); unique columns take value `perm(row)`.
final class ChoiceEvaluator: ColumnEvaluator {
    let values: [Value], table: AliasTable, key: UInt64, perm: Permutation?
    init(values: [Value], weights: [Double], key: UInt64, perm: Permutation?) {
        self.values = values; table = AliasTable(weights: weights); self.key = key; self.perm = perm
    }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        if let perm { return values[Int(perm.permute(row))] }
        return values[table.pick(CounterRNG.bits(key, row))]
    }
}

/// Days in [lo, lo + span) or, for timestamps, whole seconds scaled to microseconds.
final class TimeRangeEvaluator: ColumnEvaluator {
    let lo: Int64, span: UInt64, unit: Int64, isDate: Bool, key: UInt64, perm: Permutation?
    init(lo: Int64, span: UInt64, unit: Int64, isDate: Bool, key: UInt64, perm: Permutation?) {
        self.lo = lo; self.span = span; self.unit = unit; self.isDate = isDate; self.key = key; self.perm = perm
    }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let offset = perm?.permute(row) ?? CounterRNG.below(span, CounterRNG.bits(key, row))
        let v = lo + Int64(offset) * unit
        return isDate ? .date(v) : .timestamp(v)
    }
}

/// Version-4 UUIDs whose 60 free high bits are a bijection of the row, so they never collide.
final class UUIDEvaluator: ColumnEvaluator {
    let key: UInt64, perm: Permutation
    init(key: UInt64) {
        self.key = key
        perm = Permutation(count: UInt64(1) << 60, key: key)
    }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let x = perm.permute(row & ((UInt64(1) << 60) - 1))
        let hi = ((x >> 12) << 16) | 0x4000 | (x & 0x0FFF)
        let lo = (CounterRNG.bits(key, row) & 0x3FFF_FFFF_FFFF_FFFF) | 0x8000_0000_0000_0000
        return .uuid(hi, lo)
    }
}
