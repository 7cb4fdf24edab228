import LoomSpec

/// Addresses inside a network: the host bits drawn per row (or a permutation of the row for
/// unique columns), each with the generator's prefix length.
final class IPAddressEvaluator: ColumnEvaluator {
    let network: IPNetwork, meta: UInt16, hostMask: (UInt64, UInt64), key: UInt64, perm: Permutation?
    /// Unique values step by one prefix-sized block: the k-th row's block is its permuted index.
    let shift: Int

    init(network: IPNetwork, prefix: Int, key: UInt64, perm: Permutation?) {
        self.network = network
        var shown = network
        shown.bits = prefix
        meta = InetMeta.make(shown, cidr: false)
        let (h, l) = IPNetwork.mask(bits: network.bits, v6: network.v6)
        hostMask = network.v6 ? (~h, ~l) : (0, ~l & 0xFFFF_FFFF)
        self.key = key; self.perm = perm
        shift = network.width - prefix
    }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        var hi: UInt64, lo: UInt64
        if let perm {
            let x = UInt128(perm.permute(row)) << shift
            hi = UInt64(truncatingIfNeeded: x >> 64); lo = UInt64(truncatingIfNeeded: x)
        } else {
            hi = CounterRNG.bits(key, row, 1); lo = CounterRNG.bits(key, row)
        }
        return .inet(network.hi | hi & hostMask.0, network.lo | lo & hostMask.1, meta)
    }
}

/// Locally administered unicast MAC addresses (first octet `x2`, `x6`, `xa` or `xe`).
final class MACEvaluator: ColumnEvaluator {
    let key: UInt64, perm: Permutation?

    init(key: UInt64, perm: Permutation?) { self.key = key; self.perm = perm }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let x = perm?.permute(row) ?? CounterRNG.bits(key, row) & (UInt64(1) << 46 - 1)
        // 46 free bits: the first octet's two low bits are fixed to "local, unicast".
        let first = (x >> 40) & 0x3F
        return .macaddr(first << 42 | 0x02 << 40 | x & 0xFF_FFFF_FFFF)
    }
}
