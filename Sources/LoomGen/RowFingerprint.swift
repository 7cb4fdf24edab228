/// A 64-bit fingerprint of a row's values, the same whether computed from generated values or
/// from a source row read back from PostgreSQL: numbers of every kind (integers, decimals,
/// floats, dates as days, timestamps as seconds since 1970, booleans as 0/1) count by their
/// double value, text by its bytes. `avoid_copies` bitmaps are indexed by its top bits.
public enum RowFingerprint {
    /// The fingerprint of a row with no columns; fold each column in, in order.
    public static let start: UInt64 = 0x6C6F_6F6D_726F_7773

    @inline(__always)
    static func fold(_ h: UInt64, _ tag: UInt64, _ x: UInt64) -> UInt64 {
        CounterRNG.mix(h ^ CounterRNG.mix(x &+ tag &* 0x9E37_79B9_7F4A_7C15))
    }

    @inline(__always)
    public static func number(_ h: UInt64, _ d: Double) -> UInt64 {
        let bits: UInt64 = d.isNaN ? 0x7FF8_0000_0000_0000 : (d == 0 ? 0 : d.bitPattern)
        return fold(h, 1, bits)
    }

    @inline(__always)
    public static func text(_ h: UInt64, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var t: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in bytes { t = (t ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return fold(h, 2, t ^ UInt64(bytes.count))
    }

    public static func text(_ h: UInt64, _ s: String) -> UInt64 {
        var s = s
        return s.withUTF8 { text(h, $0) }
    }

    @inline(__always)
    public static func null(_ h: UInt64) -> UInt64 { fold(h, 3, 0) }

    @inline(__always)
    public static func uuid(_ h: UInt64, _ hi: UInt64, _ lo: UInt64) -> UInt64 { fold(h, 4, CounterRNG.mix(hi) ^ lo) }

    /// Folds a generated (converted) value in.
    @inline(__always)
    public static func value(_ h: UInt64, _ v: Value) -> UInt64 {
        switch v {
        case .null: return null(h)
        case .bool(let b): return number(h, b ? 1 : 0)
        case .int(let i): return number(h, Double(i))
        case .float(let d): return number(h, d)
        case .decimal(let u, let s): return number(h, Double(u) / Decimal10.pow10Double(s))
        case .text(let t): return text(h, t)
        case .date(let d): return number(h, Double(d))
        case .timestamp(let us): return number(h, Double(us) / 1e6)
        case .interval(let us), .time(let us): return number(h, Double(us) / 1e6)
        case .uuid(let hi, let lo): return uuid(h, hi, lo)
        case .inet(let hi, let lo, let meta): return uuid(h, hi ^ UInt64(meta) << 48, lo)
        case .macaddr(let m): return uuid(h, 0, m)
        case .bytes(let b), .bits(let b): return text(h, b)
        case .array(let b): return text(h, ArrayValue.text(b))
        }
    }
}
