/// Random bytes, as many as the `length` evaluator draws for the row (clamped to 0…1 MiB),
/// written straight into the row's arena eight at a time.
final class BytesEvaluator: ColumnEvaluator {
    let length: ColumnEvaluator, key: UInt64
    static let maxLength = 1 << 20

    init(length: ColumnEvaluator, key: UInt64) { self.length = length; self.key = key }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let drawn = length.evaluate(row, frame).asDouble ?? 0
        let n = drawn.isNaN ? 0 : Int(min(max(drawn.rounded(), 0), Double(Self.maxLength)))
        let p = frame.arena.reserve(n + 8)
        var i = 0
        while i < n {
            UnsafeMutableRawPointer(p + i).storeBytes(of: CounterRNG.bits(key, row, UInt64(i >> 3)), as: UInt64.self)
            i += 8
        }
        return .bytes(frame.arena.commit(p, n))
    }
}
