import LoomSpec

/// PostgreSQL `COPY ... WITH (FORMAT binary)`: a signature header, per row a field count and
/// length-prefixed big-endian fields, and a -1 trailer.
public struct CopyBinaryEncoder: RowEncoder {
    enum Wire {
        case int2, int4, int8, float4, float8, numeric, text, bool, date, timestamp, uuid, interval, time, timetz, inet, macaddr, money,
            bytea, bits, array, jsonb, tsvector
    }

    let wires: [Wire]

    /// Days between 1970-01-01 and PostgreSQL's epoch 2000-01-01.
    static let epochDays: Int64 = 10_957
    static let epochMicros: Int64 = 946_684_800_000_000

    public init(table: TableSpec) {
        wires = table.columns.map { Self.wire(for: $0.type) }
    }

    /// How a value of `type` is written.
    static func wire(for type: SQLType) -> Wire {
        switch type {
        case .smallint: .int2
        case .integer: .int4
        case .bigint: .int8
        case .real: .float4
        case .double: .float8
        case .numeric: .numeric
        case .text, .varchar, .char, .enumeration: .text
        case .boolean: .bool
        case .date: .date
        case .timestamp, .timestamptz: .timestamp
        case .uuid: .uuid
        case .interval: .interval
        case .time: .time
        case .timetz: .timetz
        case .inet, .cidr: .inet
        case .macaddr: .macaddr
        case .money: .money
        case .bytea: .bytea
        case .bit, .varbit: .bits
        case .array, .range: .array
        case .json: .text
        case .jsonb: .jsonb
        case .tsvector: .tsvector
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

    @inline(__always) static func be16(_ v: Int16, _ p: UnsafeMutablePointer<UInt8>) {
        p[0] = UInt8(truncatingIfNeeded: v >> 8); p[1] = UInt8(truncatingIfNeeded: v)
    }

    @inline(__always) static func be32(_ v: Int32, _ p: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(p).storeBytes(of: UInt32(bitPattern: v).bigEndian, as: UInt32.self)
    }

    @inline(__always) static func be64(_ v: Int64, _ p: UnsafeMutablePointer<UInt8>) {
        UnsafeMutableRawPointer(p).storeBytes(of: UInt64(bitPattern: v).bigEndian, as: UInt64.self)
    }

    /// Upper bound of a numeric field: length, header and up to 6 base-10000 digits.
    static let numericMax = 4 + 8 + 2 * 8

    public func encode(_ frame: RowFrame, _ sink: ByteSink) {
        let values = frame.values
        var bound = 2
        for i in 0..<wires.count {
            switch values[i] {
            // A tsvector's binary form is at most a few bytes longer than its text.
            case .text(let t), .bytes(let t), .bits(let t), .array(let t): bound += 12 + t.count
            default: bound += 4 + Self.numericMax
            }
        }
        let p = sink.reserve(bound)
        Self.be16(Int16(wires.count), p)
        var n = 2
        for i in 0..<wires.count { n += Self.writeField(wires[i], values[i], p + n) }
        sink.count += n
    }

    /// Writes one field (length included) at `p`; returns its size. A value the wire cannot
    /// carry is written as NULL.
    @inline(__always)
    static func writeField(_ wire: Wire, _ value: Value, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        switch (wire, value) {
        case (.int2, .int(let x)): Self.be32(2, p + n); Self.be16(Int16(truncatingIfNeeded: x), p + n + 4); n += 6
        case (.int4, .int(let x)): Self.be32(4, p + n); Self.be32(Int32(truncatingIfNeeded: x), p + n + 4); n += 8
        case (.int8, .int(let x)): Self.be32(8, p + n); Self.be64(x, p + n + 4); n += 12
        case (.float4, .float(let d)): Self.be32(4, p + n); Self.be32(Int32(bitPattern: Float(d).bitPattern), p + n + 4); n += 8
        case (.float8, .float(let d)): Self.be32(8, p + n); Self.be64(Int64(bitPattern: d.bitPattern), p + n + 4); n += 12
        case (.numeric, .decimal(let u, let s)): n += Self.writeNumeric(u, scale: s, p + n)
        case (.text, .text(let t)), (.bytea, .bytes(let t)):
            Self.be32(Int32(t.count), p + n)
            if let base = t.baseAddress { (p + n + 4).update(from: base, count: t.count) }
            n += 4 + t.count
        case (.bool, .bool(let b)): Self.be32(1, p + n); p[n + 4] = b ? 1 : 0; n += 5
        case (.date, .date(let d)): Self.be32(4, p + n); Self.be32(Int32(truncatingIfNeeded: d - Self.epochDays), p + n + 4); n += 8
        case (.timestamp, .timestamp(let t)): Self.be32(8, p + n); Self.be64(t - Self.epochMicros, p + n + 4); n += 12
        case (.uuid, .uuid(let hi, let lo)):
            Self.be32(16, p + n); Self.be64(Int64(bitPattern: hi), p + n + 4); Self.be64(Int64(bitPattern: lo), p + n + 12); n += 20
        case (.interval, .interval(let us)):
            let (days, time) = TextFormat.intervalParts(us)
            Self.be32(16, p + n); Self.be64(time, p + n + 4)
            Self.be32(Int32(truncatingIfNeeded: days), p + n + 12); Self.be32(0, p + n + 16); n += 20
        case (.time, .time(let us)): Self.be32(8, p + n); Self.be64(us, p + n + 4); n += 12
        case (.timetz, .time(let us)): Self.be32(12, p + n); Self.be64(us, p + n + 4); Self.be32(0, p + n + 12); n += 16
        case (.inet, .inet(let hi, let lo, let meta)): n += Self.writeInet(hi, lo, meta, p + n)
        case (.bits, .bits(let t)): n += Self.writeBits(t, p + n)
        case (.tsvector, .text(let t)): n += Self.writeTsvector(t, p + n)
        case (.jsonb, .text(let t)):
            // jsonb's binary form: a version byte, then the JSON text.
            Self.be32(Int32(t.count + 1), p + n)
            p[n + 4] = 1
            if let base = t.baseAddress { (p + n + 5).update(from: base, count: t.count) }
            n += 5 + t.count
        case (.array, .array(let a)):
            let body = ArrayValue.binary(a)
            Self.be32(Int32(body.count), p + n)
            (p + n + 4).update(from: body.baseAddress!, count: body.count)
            n += 4 + body.count
        case (.money, .decimal(let u, _)): Self.be32(8, p + n); Self.be64(u, p + n + 4); n += 12
        case (.macaddr, .macaddr(let m)):
            Self.be32(6, p + n)
            for k in 0..<6 { p[n + 4 + k] = UInt8(truncatingIfNeeded: m >> UInt64(40 - 8 * k)) }
            n += 10
        default: Self.be32(-1, p + n); n += 4
        }
        return n
    }

    /// Writes an inet/cidr field (length included): family (2 = IPv4, 3 = IPv6), prefix
    /// length, whether it is a cidr, the address size and the address bytes; returns its size.
    @inline(__always)
    static func writeInet(_ hi: UInt64, _ lo: UInt64, _ meta: UInt16, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        let v6 = meta & InetMeta.v6 != 0
        be32(v6 ? 20 : 8, p)
        p[4] = v6 ? 3 : 2; p[5] = UInt8(meta & 0xFF); p[6] = meta & InetMeta.cidr != 0 ? 1 : 0; p[7] = v6 ? 16 : 4
        if v6 {
            be64(Int64(bitPattern: hi), p + 8); be64(Int64(bitPattern: lo), p + 16)
            return 24
        }
        be32(Int32(truncatingIfNeeded: lo), p + 8)
        return 12
    }

    /// Writes a bit string field (length included): the bit count, then the bits packed eight to
    /// a byte, most significant first, zero-padded; returns its size.
    @inline(__always)
    static func writeBits(_ t: UnsafeBufferPointer<UInt8>, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        let bytes = (t.count + 7) / 8
        be32(Int32(4 + bytes), p); be32(Int32(t.count), p + 4)
        for k in 0..<bytes {
            var b: UInt8 = 0
            for j in 0..<8 { b = b << 1 | (8 * k + j < t.count ? t[8 * k + j] & 1 : 0) }
            p[8 + k] = b
        }
        return 8 + bytes
    }

    /// Writes a numeric field (length included) at `p`; returns its size.
    ///
    /// PostgreSQL's binary numeric is base-10000 digits aligned at the decimal point, most
    /// significant first, with the weight of the first digit, a sign and the display scale.
    @inline(__always)
    static func writeNumeric(_ unscaled: Int64, scale: Int, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        let pad = (4 - scale % 4) % 4
        var x = UInt128(unscaled.magnitude) * UInt128(Decimal10.pow10[pad])
        let fracGroups = (scale + pad) / 4
        var groups: (UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16, UInt16) = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &groups) { raw in
            let g = raw.baseAddress!.assumingMemoryBound(to: UInt16.self)
            while x > 0 {
                g[count] = UInt16(x % 10000)
                x /= 10000
                count += 1
            }
            var skip = 0
            while skip < count, g[skip] == 0 { skip += 1 }
            let digits = count - skip
            let weight = digits == 0 ? 0 : count - fracGroups - 1
            be32(Int32(8 + 2 * digits), p)
            be16(Int16(digits), p + 4)
            be16(Int16(weight), p + 6)
            be16(unscaled < 0 && digits > 0 ? 0x4000 : 0, p + 8)
            be16(Int16(scale), p + 10)
            var n = 12
            var i = count - 1
            while i >= skip {
                be16(Int16(g[i]), p + n)
                n += 2
                i -= 1
            }
            count = n
        }
        return count
    }

    /// Appends a numeric field to `sink`.
    func putNumeric(_ unscaled: Int64, scale: Int, _ sink: ByteSink) {
        let p = sink.reserve(Self.numericMax)
        sink.count += Self.writeNumeric(unscaled, scale: scale, p)
    }
}
