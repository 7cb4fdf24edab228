/// Scratch memory for text built while generating one row (emails, patterns, expression results).
///
/// Chunks are never moved, so earlier values of the row stay valid; `reset()` between rows
/// reuses the memory. A row that needs more than a chunk gets another chunk.
public final class TextArena {
    private var chunks: [UnsafeMutableBufferPointer<UInt8>] = []
    private var current = 0
    private var used = 0
    private let chunkSize: Int

    public init(chunkSize: Int = 64 * 1024) {
        self.chunkSize = chunkSize
        chunks.append(.allocate(capacity: chunkSize))
    }

    deinit { for c in chunks { c.deallocate() } }

    /// Whether `p` points into this arena (text that changes from row to row).
    public func contains(_ p: UnsafeRawPointer) -> Bool {
        for c in chunks {
            let start = UnsafeRawPointer(c.baseAddress!)
            if p >= start && p < start + c.count { return true }
        }
        return false
    }

    @inline(__always)
    public func reset() {
        current = 0
        used = 0
    }

    /// Space for up to `capacity` bytes; call `commit` with the bytes actually written.
    @inline(__always)
    public func reserve(_ capacity: Int) -> UnsafeMutablePointer<UInt8> {
        if used + capacity > chunks[current].count {
            current += 1
            used = 0
            if current == chunks.count || chunks[current].count < capacity {
                let c = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(chunkSize, capacity))
                if current == chunks.count { chunks.append(c) } else { chunks[current].deallocate(); chunks[current] = c }
            }
        }
        return chunks[current].baseAddress! + used
    }

    /// Marks `count` bytes at `start` (from `reserve`) as used and returns them.
    @inline(__always)
    public func commit(_ start: UnsafeMutablePointer<UInt8>, _ count: Int) -> UnsafeBufferPointer<UInt8> {
        used += count
        return UnsafeBufferPointer(start: start, count: count)
    }

    /// Copies `bytes` into the arena.
    public func store<C: Collection>(_ bytes: C) -> UnsafeBufferPointer<UInt8> where C.Element == UInt8 {
        let p = reserve(bytes.count)
        var i = 0
        for b in bytes { p[i] = b; i += 1 }
        return commit(p, i)
    }
}

/// Immutable bytes that live as long as the process: dictionary entries and constants.
public enum StaticText {
    /// Copies `s` into storage that is never freed.
    public static func make(_ s: String) -> UnsafeBufferPointer<UInt8> {
        let bytes = Array(s.utf8)
        let p = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(bytes.count, 1))
        _ = p.initialize(from: bytes)
        return UnsafeBufferPointer(start: p.baseAddress, count: bytes.count)
    }
}
