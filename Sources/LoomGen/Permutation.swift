/// A keyed bijection of [0, n): a balanced Feistel network over the smallest even bit width
/// covering n, with cycle walking to stay inside the range.
///
/// Unique columns map row r to `permute(r)`: distinct rows get distinct values with no lookup.
public struct Permutation: Sendable {
    public let count: UInt64
    private let halfBits: UInt64
    private let halfMask: UInt64
    private let key: UInt64

    public init(count: UInt64, key: UInt64) {
        self.count = count
        self.key = key
        var bits: UInt64 = 2
        while bits < 64, (UInt64(1) << bits) < count { bits += 2 }
        halfBits = bits / 2
        halfMask = (UInt64(1) << halfBits) - 1
    }

    @inline(__always)
    private func round(_ x: UInt64) -> UInt64 {
        var left = x >> halfBits, right = x & halfMask
        for r in 0..<4 as Range<UInt64> {
            let f = CounterRNG.mix(right ^ key ^ (r &* 0x9E37_79B9_7F4A_7C15)) & halfMask
            (left, right) = (right, left ^ f)
        }
        return (left << halfBits) | right
    }

    /// The image of `x`, for x in [0, count).
    @inline(__always)
    public func permute(_ x: UInt64) -> UInt64 {
        if count <= 1 { return 0 }
        var y = round(x)
        while y >= count { y = round(y) }
        return y
    }
}
