/// JSON objects from a flat program of keys: leaves draw their value from their own generator,
/// nested objects open and close, and optional keys are absent in a share of rows. Written the
/// way PostgreSQL prints `jsonb` (`{"a": 1, "b": [1, 2]}`), so `json` and `jsonb` columns read back
/// the same text.
final class JSONEvaluator: ColumnEvaluator {
    enum Step {
        case leaf(key: [UInt8], presence: (threshold: UInt64, key: UInt64)?, evaluator: ColumnEvaluator)
        /// A nested object whose steps are the next `length`.
        case open(key: [UInt8], presence: (threshold: UInt64, key: UInt64)?, length: Int)
    }

    let program: [Step]

    init(program: [Step]) { self.program = program }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let count = program.count
        return withUnsafeTemporaryAllocation(of: Value?.self, capacity: max(count, 1)) { values in
            var bound = 2
            var i = 0
            while i < count {
                switch program[i] {
                case .open(let key, let presence, let length):
                    if let presence, CounterRNG.bits(presence.key, row) < presence.threshold {
                        for j in i..<(i + length + 1) { values[j] = nil }
                        i += length + 1
                        continue
                    }
                    values[i] = .null
                    bound += key.count * 6 + 8
                case .leaf(let key, let presence, let evaluator):
                    if let presence, CounterRNG.bits(presence.key, row) < presence.threshold {
                        values[i] = nil
                    } else {
                        let v = evaluator.evaluate(row, frame)
                        values[i] = v
                        switch v {
                        case .text(let t), .bytes(let t), .bits(let t), .array(let t): bound += key.count * 6 + t.count * 6 + 16
                        default: bound += key.count * 6 + TextFormat.maxScalarWidth + 16
                        }
                    }
                }
                i += 1
            }
            let p = frame.arena.reserve(bound)
            let n = writeObject(0..<count, values, p)
            return .text(frame.arena.commit(p, n))
        }
    }

    private func writeObject(_ range: Range<Int>, _ values: UnsafeMutableBufferPointer<Value?>, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        p[n] = UInt8(ascii: "{"); n += 1
        var first = true
        var i = range.lowerBound
        while i < range.upperBound {
            let step = program[i]
            let skip: Int
            let key: [UInt8]
            switch step {
            case .open(let k, _, let length): key = k; skip = length + 1
            case .leaf(let k, _, _): key = k; skip = 1
            }
            guard let v = values[i] else {
                i += skip
                continue
            }
            if !first { p[n] = UInt8(ascii: ","); p[n + 1] = UInt8(ascii: " "); n += 2 }
            first = false
            for b in key { p[n] = b; n += 1 }
            p[n] = UInt8(ascii: ":"); p[n + 1] = UInt8(ascii: " "); n += 2
            if case .open = step {
                n += writeObject((i + 1)..<(i + skip), values, p + n)
            } else if case .array(let a) = v {
                n += Self.spaced(ArrayValue.json(a), p + n)
            } else {
                n += ArrayLiteral.writeJSONValue(v, zone: nil, p + n)
            }
            i += skip
        }
        p[n] = UInt8(ascii: "}")
        return n + 1
    }

    /// A compact JSON array with `, ` between elements, as `jsonb` prints it.
    private static func spaced(_ json: UnsafeBufferPointer<UInt8>, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0, inString = false, escaped = false
        for b in json {
            p[n] = b; n += 1
            if inString {
                if escaped { escaped = false } else if b == 92 { escaped = true } else if b == 34 { inString = false }
            } else if b == 34 {
                inString = true
            } else if b == 44 {
                p[n] = 32; n += 1
            }
        }
        return n
    }
}
