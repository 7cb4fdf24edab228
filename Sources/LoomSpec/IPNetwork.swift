/// An IPv4 or IPv6 address with a prefix length, as `inet`/`cidr` store it. IPv4 addresses sit
/// in the low 32 bits of `lo`; `hi` is 0 for them.
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    public var hi: UInt64
    public var lo: UInt64
    /// Prefix length: 0...32 for IPv4, 0...128 for IPv6.
    public var bits: Int
    public var v6: Bool

    public init(hi: UInt64, lo: UInt64, bits: Int, v6: Bool) {
        self.hi = hi; self.lo = lo; self.bits = bits; self.v6 = v6
    }

    /// Address bits: 32 or 128.
    public var width: Int { v6 ? 128 : 32 }

    /// Whether bits after the prefix are all zero (a valid `cidr`).
    public var isNetwork: Bool { masked == self }

    /// The network with its host bits cleared.
    public var masked: IPNetwork {
        var m = self
        let (mh, ml) = Self.mask(bits: bits, v6: v6)
        m.hi &= mh; m.lo &= ml
        return m
    }

    /// Masks keeping the first `bits` bits of a 32- or 128-bit address.
    public static func mask(bits: Int, v6: Bool) -> (UInt64, UInt64) {
        if !v6 { return (0, bits == 0 ? 0 : (UInt64(0xFFFF_FFFF) << (32 - bits)) & 0xFFFF_FFFF) }
        let h: UInt64 = bits >= 64 ? ~0 : bits == 0 ? 0 : ~0 << (64 - bits)
        let l: UInt64 = bits <= 64 ? 0 : bits == 128 ? ~0 : ~0 << (128 - bits)
        return (h, l)
    }

    /// Parses `10.0.0.0/8`, `192.0.2.7`, `2001:db8::/32` or `::1`; without a prefix the address
    /// is a single host (/32 or /128).
    public init?(parsing raw: String) {
        var s = Substring(raw.trimming(" "))
        var prefix: Int? = nil
        if let slash = s.firstIndex(of: "/") {
            guard let p = Int(s[s.index(after: slash)...]) else { return nil }
            prefix = p
            s = s[..<slash]
        }
        if s.contains(":") {
            guard let (h, l) = Self.parseV6(s) else { return nil }
            self.init(hi: h, lo: l, bits: prefix ?? 128, v6: true)
        } else {
            let parts = s.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 4 else { return nil }
            var v: UInt64 = 0
            for p in parts {
                guard !p.isEmpty, p.count <= 3, let b = UInt64(p), b < 256 else { return nil }
                v = v << 8 | b
            }
            self.init(hi: 0, lo: v, bits: prefix ?? 32, v6: false)
        }
        guard (0...width).contains(bits) else { return nil }
    }

    private static func parseV6(_ s: Substring) -> (UInt64, UInt64)? {
        let halves = s.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ t: String) -> [UInt64]? {
            if t.isEmpty { return [] }
            var out: [UInt64] = []
            for g in t.split(separator: ":", omittingEmptySubsequences: false) {
                guard (1...4).contains(g.count), let v = UInt64(g, radix: 16) else { return nil }
                out.append(v)
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        var words = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count <= 7 else { return nil }
            words += [UInt64](repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard words.count == 8 else { return nil }
        let h: UInt64 = words[0..<4].reduce(0) { $0 << 16 | $1 }
        let l: UInt64 = words[4..<8].reduce(0) { $0 << 16 | $1 }
        return (h, l)
    }

    public var description: String {
        if !v6 {
            var quads: [String] = []
            for i in 0..<4 { quads.append(String((lo >> UInt64(24 - 8 * i)) & 0xFF)) }
            return quads.joined(separator: ".") + "/\(bits)"
        }
        var words: [String] = []
        for i in 0..<8 {
            let w: UInt64 = i < 4 ? hi >> UInt64(48 - 16 * i) : lo >> UInt64(48 - 16 * (i - 4))
            words.append(String(w & 0xFFFF, radix: 16))
        }
        return words.joined(separator: ":") + "/\(bits)"
    }
}
