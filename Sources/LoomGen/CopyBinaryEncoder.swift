import LoomSpec

/// PostgreSQL `COPY ... WITH (FORMAT binary)`: a signature header, per row a field count and
/// length-prefixed big-endian fields, and a -1 trailer.
public struct CopyBinaryEncoder: RowEncoder {
    enum Wire { case int2, int4, int8, float4, float8, numeric, text, bool, date, timestamp, uuid }

    let wires: [Wire]

    /// Days between 1970-01-01 and PostgreSQL's epoch 2000-01-01.
    static let epochDays: Int64 = 10_957
    static let epochMicros: Int64 = 946_684_800_000_000

    public init(table: TableSpec) {
        wires = table.columns.map { c in
            switch c.type {
            case .smallint: .int2
            case .integer: .int4
            case .bigint: .int8
            case .real: .float4
            case .double: .float8
            case .numeric: .numeric
            case .text, .varchar, .char: .text
            case .boolean: .bool
            case .date: .date
            case .timestamp, .timestamptz: .timestamp
            case .uuid: .uuid
            }
        }
    }

    public func header(_ sink: ByteSink) {
        for b: UInt8 in [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00] { sink.append(b) }
        putInt32(0, sink)
        putInt32(0, sink)
    }

    public func trailer(_ sink: ByteSink) {
        putInt16(-1, sink)
    }

    @inline(__always) func putInt16(_ v: Int16, _ sink: ByteSink) {
        let p = sink.reserve(2)
        p[0] = UInt8(truncatingIfNeeded: v >> 8); p[1] = UInt8(truncatingIfNeeded: v)
        sink.count += 2
    }

    @inline(__always) func putInt32(_ v: Int32, _ sink: ByteSink) {
        let p = sink.reserve(4)
        let u = UInt32(bitPattern: v).bigEndian
        withUnsafeBytes(of: u) { p.update(from: $0.baseAddress!.assumingMemoryBound(to: UInt8.self), count: 4) }
        sink.count += 4
    }

    @inline(__always) func putInt64(_ v: Int64, _ sink: ByteSink) {
        let p = sink.reserve(8)
        let u = UInt64(bitPattern: v).bigEndian
        withUnsafeBytes(of: u) { p.update(from: $0.baseAddress!.assumingMemoryBound(to: UInt8.self), count: 8) }
        sink.count += 8
    }

    public func encode(_ frame: RowFrame, _ sink: ByteSink) {
        putInt16(Int16(wires.count), sink)
        for i in 0..<wires.count {
            let v = frame[i]
            if case .null = v { putInt32(-1, sink); continue }
            switch (wires[i], v) {
            case (.int2, .int(let x)): putInt32(2, sink); putInt16(Int16(truncatingIfNeeded: x), sink)
            case (.int4, .int(let x)): putInt32(4, sink); putInt32(Int32(truncatingIfNeeded: x), sink)
            case (.int8, .int(let x)): putInt32(8, sink); putInt64(x, sink)
            case (.float4, .float(let d)): putInt32(4, sink); putInt32(Int32(bitPattern: Float(d).bitPattern), sink)
            case (.float8, .float(let d)): putInt32(8, sink); putInt64(Int64(bitPattern: d.bitPattern), sink)
            case (.numeric, .decimal(let u, let s)): putNumeric(u, scale: s, sink)
            case (.text, .text(let t)): putInt32(Int32(t.count), sink); sink.append(t)
            case (.bool, .bool(let b)): putInt32(1, sink); sink.append(b ? 1 : 0)
            case (.date, .date(let d)): putInt32(4, sink); putInt32(Int32(truncatingIfNeeded: d - Self.epochDays), sink)
            case (.timestamp, .timestamp(let t)): putInt32(8, sink); putInt64(t - Self.epochMicros, sink)
            case (.uuid, .uuid(let hi, let lo)): putInt32(16, sink); putInt64(Int64(bitPattern: hi), sink); putInt64(Int64(bitPattern: lo), sink)
            default: putInt32(-1, sink)
            }
        }
    }

    /// PostgreSQL's binary numeric: base-10000 digits with a weight, sign and display scale.
    func putNumeric(_ unscaled: Int64, scale: Int, _ sink: ByteSink) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { digits in
            withUnsafeTemporaryAllocation(of: Int16.self, capacity: 32) { groups in
                var nd = 0
                var mag = unscaled.magnitude
                while mag > 0 { digits[nd] = UInt8(mag % 10); mag /= 10; nd += 1 }
                // digits[k] has decimal exponent k - scale.
                let fracGroups = (scale + 3) / 4
                let intGroups = (max(nd - scale, 0) + 3) / 4
                var count = 0
                var e = 4 * (intGroups - 1)
                while e >= -4 * fracGroups {
                    var g = 0
                    for k in stride(from: e + 3, through: e, by: -1) {
                        let idx = k + scale
                        g = g * 10 + (idx >= 0 && idx < nd ? Int(digits[idx]) : 0)
                    }
                    groups[count] = Int16(g)
                    count += 1
                    e -= 4
                }
                var weight = intGroups - 1
                var start = 0
                while start < count, groups[start] == 0 { start += 1; weight -= 1 }
                var end = count
                while end > start, groups[end - 1] == 0 { end -= 1 }
                let n = end - start
                if n == 0 { weight = 0 }
                putInt32(Int32(8 + 2 * n), sink)
                putInt16(Int16(n), sink)
                putInt16(Int16(weight), sink)
                putInt16(unscaled < 0 && n > 0 ? 0x4000 : 0, sink)
                putInt16(Int16(scale), sink)
                for i in start..<end { putInt16(groups[i], sink) }
            }
        }
    }
}
