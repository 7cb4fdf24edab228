/// Counter-based randomness: every draw is a pure function of (stream key, row, draw index).
///
/// There is no state to share or advance, so any row can be generated on any worker in any
/// order and come out the same (DESIGN.md invariant 1).
public enum CounterRNG {
    /// SplitMix64's finalizer: a bijective 64-bit mixer with full avalanche.
    @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        var z = x
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The `draw`-th 64 random bits for `row` of the stream `key`.
    @inline(__always)
    public static func bits(_ key: UInt64, _ row: UInt64, _ draw: UInt64 = 0) -> UInt64 {
        mix(mix(key ^ row) &+ draw &* 0x9E37_79B9_7F4A_7C15)
    }

    /// A double in [0, 1) from 53 random bits.
    @inline(__always)
    public static func unit(_ bits: UInt64) -> Double { Double(bits >> 11) * 0x1p-53 }

    /// A double in (0, 1], safe for `log`.
    @inline(__always)
    public static func openUnit(_ bits: UInt64) -> Double { Double((bits >> 11) + 1) * 0x1p-53 }

    /// An integer in [0, n) by multiply-shift (Lemire), without modulo bias worth measuring for n < 2^40.
    @inline(__always)
    public static func below(_ n: UInt64, _ bits: UInt64) -> UInt64 { bits.multipliedFullWidth(by: n).high }

    /// A stable 64-bit key for a named stream (FNV-1a over the UTF-8 parts, then mixed with the seed).
    public static func streamKey(seed: UInt64, _ parts: String...) -> UInt64 {
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for part in parts {
            for b in part.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            h = (h ^ 0xFF) &* 0x0000_0100_0000_01B3
        }
        return mix(seed &+ mix(h))
    }
}
