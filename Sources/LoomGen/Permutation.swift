/// A keyed bijection of [0, n): a four-round Feistel network over the smallest bit width
/// covering n (unbalanced halves when the width is odd), with cycle walking to stay inside
/// the range — fewer than two rounds of the network per value on average.
///
/// Unique columns map row r to `permute(r)`: distinct rows get distinct values with no lookup.
public struct Permutation: Sendable {
    public let count: UInt64
    private let highBits: UInt64
    private let lowBits: UInt64
    private let key: UInt64

    public init(count: UInt64, key: UInt64) {
        self.count = count
        self.key = key
        var bits: UInt64 = 2
        while bits < 64, (UInt64(1) << bits) < count { bits += 1 }
        lowBits = bits / 2
        highBits = bits - lowBits
    }

    @inline(__always)
    private static func mask(_ bits: UInt64) -> UInt64 { bits >= 64 ? .max : (UInt64(1) << bits) - 1 }

    /// Four rounds; each round moves the right part left and mixes it into the other part, so the
    /// part widths alternate and return to (high, low) after an even number of rounds.
    @inline(__always)
    private func rounds(_ x: UInt64) -> UInt64 {
        var leftBits = highBits, rightBits = lowBits
        var left = x >> rightBits, right = x & Self.mask(rightBits)
        for r in 0..<4 as Range<UInt64> {
            let f = CounterRNG.mix(right ^ key ^ (r &* 0x9E37_79B9_7F4A_7C15)) & Self.mask(leftBits)
            (left, right) = (right, left ^ f)
            (leftBits, rightBits) = (rightBits, leftBits)
        }
        return (left << rightBits) | right
    }

    /// The image of `x`: a bijection of [0, count), extended by the identity past it, so rows
    /// streamed after a bulk load of `count` rows keep values distinct from every loaded one.
    @inline(__always)
    public func permute(_ x: UInt64) -> UInt64 {
        if x >= count { return x }
        if count <= 1 { return 0 }
        var y = rounds(x)
        while y >= count { y = rounds(y) }
        return y
    }
}
