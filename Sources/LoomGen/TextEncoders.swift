import LoomSpec

/// PostgreSQL `COPY ... FROM STDIN` text format: tab-separated, `\N` for NULL, backslash escapes.
public struct CopyTextEncoder: RowEncoder {
    let zones: [StaticString?]
    let columns: Int

    public init(table: TableSpec) {
        columns = table.columns.count
        zones = table.columns.map { $0.type == .timestamptz || $0.type == .timetz ? "+00" : nil }
    }

    public func encode(_ frame: RowFrame, _ sink: ByteSink) {
        let values = frame.values
        var bound = columns + 1
        for i in 0..<columns {
            switch values[i] {
            case .text(let t), .bytes(let t), .bits(let t), .array(let t): bound += 3 + 2 * t.count
            default: bound += TextFormat.maxScalarWidth
            }
        }
        let p = sink.reserve(bound)
        var n = 0
        for i in 0..<columns {
            if i > 0 { p[n] = 9; n += 1 }
            switch values[i] {
            case .null:
                p[n] = 92; p[n + 1] = UInt8(ascii: "N"); n += 2
            case .bytes(let b):
                // COPY text doubles the backslash of `\x…`.
                p[n] = 92; n += 1
                n += TextFormat.writeByteaHex(b, p + n)
            case .bits(let t):
                if let base = t.baseAddress { (p + n).update(from: base, count: t.count) }
                n += t.count
            case .text(var t), .array(var t):
                if case .array = values[i] { t = ArrayValue.text(t) }
                var plain = true
                for b in t where b == 92 || b < 14 { plain = false; break }
                if plain {
                    if let base = t.baseAddress { (p + n).update(from: base, count: t.count) }
                    n += t.count
                    continue
                }
                for b in t {
                    switch b {
                    case 92: p[n] = 92; p[n + 1] = 92; n += 2
                    case 9: p[n] = 92; p[n + 1] = UInt8(ascii: "t"); n += 2
                    case 10: p[n] = 92; p[n + 1] = UInt8(ascii: "n"); n += 2
                    case 13: p[n] = 92; p[n + 1] = UInt8(ascii: "r"); n += 2
                    default: p[n] = b; n += 1
                    }
                }
            case let v:
                n += TextFormat.writeScalar(v, timestampZone: zones[i], true: "t", false: "f", p + n)
            }
        }
        p[n] = 10
        sink.count += n + 1
    }
}

/// RFC 4180 CSV with a header line; NULL is an empty field and an empty string is `""`.
public struct CSVEncoder: RowEncoder {
    let names: [String]
    let zones: [StaticString?]

    public init(table: TableSpec) {
        names = table.columns.map(\.name)
        zones = table.columns.map { $0.type == .timestamptz || $0.type == .timetz ? "+00" : nil }
    }

    public func header(_ sink: ByteSink) {
        for (i, n) in names.enumerated() {
            if i > 0 { sink.append(UInt8(ascii: ",")) }
            var s = n
            s.withUTF8 { write($0, sink) }
        }
        sink.append(10)
    }

    private func write(_ t: UnsafeBufferPointer<UInt8>, _ sink: ByteSink) {
        let p = sink.reserve(t.count * 2 + 2)
        sink.count += Self.field(t, p)
    }

    /// Writes a text field, quoted when it must be; returns its size.
    @inline(__always)
    static func field(_ t: UnsafeBufferPointer<UInt8>, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        // A lone `\.` is COPY's end-of-data marker: quoted, as PostgreSQL does, it stays data.
        var quote = t.isEmpty || (t.count == 2 && t[0] == 92 && t[1] == 46)
        for b in t where b == 44 || b == 34 || b == 10 || b == 13 { quote = true; break }
        guard quote else {
            if let base = t.baseAddress { p.update(from: base, count: t.count) }
            return t.count
        }
        var n = 0
        p[n] = 34; n += 1
        for b in t {
            if b == 34 { p[n] = 34; n += 1 }
            p[n] = b; n += 1
        }
        p[n] = 34
        return n + 1
    }

    public func encode(_ frame: RowFrame, _ sink: ByteSink) {
        let values = frame.values
        var bound = names.count + 1
        for i in 0..<names.count {
            switch values[i] {
            case .text(let t), .bytes(let t), .bits(let t), .array(let t): bound += 2 * t.count + 2
            default: bound += TextFormat.maxScalarWidth
            }
        }
        let p = sink.reserve(bound)
        var n = 0
        for i in 0..<names.count {
            if i > 0 { p[n] = UInt8(ascii: ","); n += 1 }
            switch values[i] {
            case .null: break
            case .text(let t), .bits(let t): n += Self.field(t, p + n)
            case .array(let a): n += Self.field(ArrayValue.text(a), p + n)
            case .bytes(let b): n += TextFormat.writeByteaHex(b, p + n)
            case let v: n += TextFormat.writeScalar(v, timestampZone: zones[i], p + n)
            }
        }
        p[n] = 10
        sink.count += n + 1
    }
}

/// One JSON object per line; timestamps in ISO 8601 (UTC, `Z`), decimals as JSON numbers.
public struct JSONLinesEncoder: RowEncoder {
    let keys: [[UInt8]]
    let zones: [StaticString?]
    /// JSON columns, embedded as they are.
    let raw: [Bool]

    public init(table: TableSpec) {
        keys = table.columns.enumerated().map { i, c in
            var k: [UInt8] = i == 0 ? [UInt8(ascii: "{")] : [UInt8(ascii: ",")]
            k += JSONLinesEncoder.quoted(Array(c.name.utf8))
            k.append(UInt8(ascii: ":"))
            return k
        }
        zones = table.columns.map { $0.type == .timestamptz ? "Z" : $0.type == .timetz ? "+00" : nil }
        raw = table.columns.map { $0.type == .json || $0.type == .jsonb }
    }

    static func quoted(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [34]
        for b in bytes { out += escape(b) }
        out.append(34)
        return out
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    @inline(__always)
    static func escape(_ b: UInt8) -> [UInt8] {
        switch b {
        case 34: [92, 34]
        case 92: [92, 92]
        case 10: [92, UInt8(ascii: "n")]
        case 13: [92, UInt8(ascii: "r")]
        case 9: [92, UInt8(ascii: "t")]
        case 0..<32: Array("\\u00".utf8) + [hex[Int(b >> 4)], hex[Int(b & 15)]]
        default: [b]
        }
    }

    public func encode(_ frame: RowFrame, _ sink: ByteSink) {
        for i in 0..<keys.count {
            keys[i].withUnsafeBufferPointer { sink.append($0) }
            switch frame[i] {
            case .null:
                sink.append("null")
            case .array(let a):
                sink.append(ArrayValue.json(a))
            case .text(let t) where raw[i]:
                sink.append(t)
            case .text(let t), .bits(let t):
                let p = sink.reserve(t.count * 6 + 2)
                var n = 0
                p[n] = 34; n += 1
                for b in t {
                    if b >= 32 && b != 34 && b != 92 { p[n] = b; n += 1 } else { for e in Self.escape(b) { p[n] = e; n += 1 } }
                }
                p[n] = 34; n += 1
                sink.count += n
            case .float(let d) where !d.isFinite:
                sink.append("null")
            case .bytes(let b):
                let p = sink.reserve(2 * b.count + 4)
                p[0] = 34; p[1] = 92
                var n = 2 + TextFormat.writeByteaHex(b, p + 2)
                p[n] = 34; n += 1
                sink.count += n
            case .int, .float, .decimal, .bool:
                let p = sink.reserve(TextFormat.maxScalarWidth)
                sink.count += TextFormat.writeScalar(frame[i], timestampZone: nil, p)
            case let v:
                let p = sink.reserve(TextFormat.maxScalarWidth + 2)
                p[0] = 34
                var n = 1 + TextFormat.writeScalar(v, timestampZone: zones[i], separator: UInt8(ascii: "T"), p + 1)
                p[n] = 34; n += 1
                sink.count += n
            }
        }
        sink.append(UInt8(ascii: "}"))
        sink.append(10)
    }
}
