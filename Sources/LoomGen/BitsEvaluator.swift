/// Bit strings as long as the `length` evaluator draws for the row (clamped to 0…1 Mi bits),
/// each bit 1 with probability `ones`, written as ASCII `0`/`1` into the row's arena.
final class BitsEvaluator: ColumnEvaluator {
    let length: ColumnEvaluator, threshold: UInt64, key: UInt64
    static let maxLength = 1 << 20

    init(length: ColumnEvaluator, ones: Double, key: UInt64) {
        self.length = length; self.key = key
        threshold = ones * 0x1p64 >= 0x1p64 ? UInt64.max : UInt64(ones * 0x1p64)
    }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let drawn = length.evaluate(row, frame).asDouble ?? 0
        let n = drawn.isNaN ? 0 : Int(min(max(drawn.rounded(), 0), Double(Self.maxLength)))
        let p = frame.arena.reserve(n)
        if threshold == UInt64(0x8000_0000_0000_0000) {
            // Fair bits: 64 from each draw.
            var word: UInt64 = 0
            for i in 0..<n {
                if i & 63 == 0 { word = CounterRNG.bits(key, row, UInt64(i >> 6)) }
                p[i] = 48 | UInt8(truncatingIfNeeded: word >> UInt64(i & 63)) & 1
            }
        } else {
            for i in 0..<n { p[i] = CounterRNG.bits(key, row, UInt64(i)) < threshold ? 49 : 48 }
        }
        return .bits(frame.arena.commit(p, n))
    }
}
