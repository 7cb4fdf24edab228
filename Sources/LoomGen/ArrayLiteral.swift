/// Writes an array's elements as PostgreSQL's array literal and as a JSON array.
enum ArrayLiteral {
    /// `{a,"b c",NULL}`: elements quoted when empty, `NULL`, or holding a delimiter, brace, quote,
    /// backslash or space; `"` and `\` escaped inside quotes.
    static func writeText(_ items: UnsafeMutableBufferPointer<Value>, _ n: Int, zone: StaticString?, _ p: UnsafeMutablePointer<UInt8>)
        -> Int
    {
        var m = 0
        p[m] = UInt8(ascii: "{"); m += 1
        for k in 0..<n {
            if k > 0 { p[m] = UInt8(ascii: ","); m += 1 }
            switch items[k] {
            case .null:
                for b in "NULL".utf8 { p[m] = b; m += 1 }
            case .bool(let b):
                p[m] = b ? UInt8(ascii: "t") : UInt8(ascii: "f"); m += 1
            case .text(let t), .bits(let t):
                m += quoted(t, p + m)
            case .bytes(let b):
                // Hex with its backslash, which quoting escapes.
                let tmp = p + m + 2 * b.count + 8
                let count = TextFormat.writeByteaHex(b, tmp)
                m += quoted(UnsafeBufferPointer(start: tmp, count: count), p + m)
            case let v:
                let tmp = p + m + TextFormat.maxScalarWidth + 4
                let count = TextFormat.writeScalar(v, timestampZone: zone, tmp)
                m += quoted(UnsafeBufferPointer(start: tmp, count: count), p + m)
            }
        }
        p[m] = UInt8(ascii: "}")
        return m + 1
    }

    /// Copies `t` to `p`, quoted and escaped when PostgreSQL's array input needs it. `t` may
    /// lie after `p` in the same buffer (at least twice its length plus two further on).
    private static func quoted(_ t: UnsafeBufferPointer<UInt8>, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        var quote =
            t.isEmpty || (t.count == 4 && (t[0] | 0x20) == 110 && (t[1] | 0x20) == 117 && (t[2] | 0x20) == 108 && (t[3] | 0x20) == 108)
        for b in t {
            switch b {
            case 34, 44, 92, 123, 125, 32, 9, 10, 11, 12, 13: quote = true
            default: continue
            }
            break
        }
        guard quote else {
            if let base = t.baseAddress { p.update(from: base, count: t.count) }
            return t.count
        }
        // Copy first: the source may sit inside the destination's range.
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: max(t.count, 1)) { src in
            if let base = t.baseAddress { src.baseAddress!.update(from: base, count: t.count) }
            var m = 0
            p[m] = 34; m += 1
            for i in 0..<t.count {
                let b = src[i]
                if b == 34 || b == 92 { p[m] = 92; m += 1 }
                p[m] = b; m += 1
            }
            p[m] = 34
            return m + 1
        }
    }

    /// `[1,2.5,"a",true,null]`: numbers and booleans bare, everything else a JSON string.
    static func writeJSON(_ items: UnsafeMutableBufferPointer<Value>, _ n: Int, zone: StaticString?, _ p: UnsafeMutablePointer<UInt8>)
        -> Int
    {
        var m = 0
        p[m] = UInt8(ascii: "["); m += 1
        for k in 0..<n {
            if k > 0 { p[m] = UInt8(ascii: ","); m += 1 }
            m += writeJSONValue(items[k], zone: zone, p + m)
        }
        p[m] = UInt8(ascii: "]")
        return m + 1
    }

    /// One JSON value: numbers and booleans bare, NaN and infinities null, the rest strings.
    static func writeJSONValue(_ v: Value, zone: StaticString?, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        var m = 0
        switch v {
        case .null: for b in "null".utf8 { p[m] = b; m += 1 }
        case .float(let d) where !d.isFinite: for b in "null".utf8 { p[m] = b; m += 1 }
        case .int, .float, .decimal, .bool: m += TextFormat.writeScalar(v, timestampZone: nil, p + m)
        case .text(let t), .bits(let t): m += string(t, p + m)
        case .bytes(let b):
            p[m] = 34; p[m + 1] = 92; m += 2
            m += TextFormat.writeByteaHex(b, p + m)
            p[m] = 34; m += 1
        case let v:
            p[m] = 34; m += 1
            m += TextFormat.writeScalar(v, timestampZone: zone, p + m)
            p[m] = 34; m += 1
        }
        return m
    }

    private static func string(_ t: UnsafeBufferPointer<UInt8>, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        var m = 0
        p[m] = 34; m += 1
        for b in t {
            if b >= 32 && b != 34 && b != 92 { p[m] = b; m += 1 } else { for e in JSONLinesEncoder.escape(b) { p[m] = e; m += 1 } }
        }
        p[m] = 34
        return m + 1
    }
}
