import LoomSpec

/// One generated value. Trivial (no reference counting), so rows are built without allocation.
///
/// Text points into storage that outlives the row: a dictionary, a plan's constants, or the
/// row's `TextArena`.
public enum Value {
    case null
    case bool(Bool)
    case int(Int64)
    case float(Double)
    /// `unscaled / 10^scale`.
    case decimal(Int64, scale: Int)
    case text(UnsafeBufferPointer<UInt8>)
    /// Days since 1970-01-01.
    case date(Int64)
    /// Microseconds since 1970-01-01 UTC.
    case timestamp(Int64)
    /// Microseconds.
    case interval(Int64)
    /// Microseconds since midnight.
    case time(Int64)
    case uuid(UInt64, UInt64)
    /// An `inet`/`cidr` address (IPv4 in the low 32 bits of the second word) and `InetMeta` bits.
    case inet(UInt64, UInt64, UInt16)
    /// 48 bits.
    case macaddr(UInt64)
    /// A `bytea` value; like text, it points into storage that outlives the row.
    case bytes(UnsafeBufferPointer<UInt8>)
    /// A bit string as ASCII `0`/`1`, pointing into storage like text.
    case bits(UnsafeBufferPointer<UInt8>)
    /// A one-dimensional array, laid out as `ArrayValue` describes, in storage like text.
    case array(UnsafeBufferPointer<UInt8>)

    public var isNull: Bool { if case .null = self { return true }; return false }

    /// Numeric value as a double (decimals and integers converted), nil for other kinds.
    @inline(__always)
    public var asDouble: Double? {
        switch self {
        case .int(let i): return Double(i)
        case .float(let f): return f
        case .decimal(let u, let s): return Double(u) / Decimal10.pow10Double(s)
        case .bool(let b): return b ? 1 : 0
        default: return nil
        }
    }
}

/// The third word of `Value.inet`: prefix length, family and whether the prefix always prints.
public enum InetMeta {
    public static let v6: UInt16 = 0x100
    public static let cidr: UInt16 = 0x200

    public static func make(_ n: IPNetwork, cidr: Bool) -> UInt16 { UInt16(n.bits) | (n.v6 ? v6 : 0) | (cidr ? Self.cidr : 0) }
}

/// Powers of ten for decimal scaling.
public enum Decimal10 {
    public static let pow10: [Int64] = (0...18).map { e in (0..<e).reduce(Int64(1)) { acc, _ in acc * 10 } }

    @inline(__always)
    public static func pow10Double(_ e: Int) -> Double {
        e < pow10.count ? Double(pow10[e]) : pow10Beyond(e)
    }

    private static func pow10Beyond(_ e: Int) -> Double {
        var r = 1.0
        for _ in 0..<e { r *= 10 }
        return r
    }
}
