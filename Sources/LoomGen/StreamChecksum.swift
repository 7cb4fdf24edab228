/// A fast 64-bit checksum of a byte stream, independent of how the stream is cut into chunks:
/// the ledger stores it per shard and `verify` recomputes it from the generator.
public struct StreamChecksum: Sendable, Equatable {
    private var state: UInt64 = 0x243F_6A88_85A3_08D3
    private var pending: UInt64 = 0
    private var pendingBytes = 0
    public private(set) var byteCount: UInt64 = 0

    public init() {}

    @inline(__always)
    private mutating func absorb(_ word: UInt64) {
        state = ((state ^ word) &* 0x9E37_79B9_7F4A_7C15)
        state = (state << 29) | (state >> 35)
    }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        var i = 0
        let n = bytes.count
        byteCount += UInt64(n)
        while pendingBytes != 0, i < n {
            pending |= UInt64(bytes[i]) << (8 * UInt64(pendingBytes))
            pendingBytes += 1
            i += 1
            if pendingBytes == 8 { absorb(pending); pending = 0; pendingBytes = 0 }
        }
        while i + 8 <= n {
            absorb(UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
            i += 8
        }
        while i < n {
            pending |= UInt64(bytes[i]) << (8 * UInt64(pendingBytes))
            pendingBytes += 1
            i += 1
        }
    }

    /// The checksum of everything so far.
    public var value: UInt64 {
        var s = self
        s.absorb(s.pending ^ (UInt64(s.pendingBytes) << 56))
        return CounterRNG.mix(s.state ^ s.byteCount)
    }

    /// As 16 hex digits, the form stored in the ledger.
    public var hex: String {
        let s = String(value, radix: 16)
        return String(repeating: "0", count: 16 - s.count) + s
    }
}
