#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// A growable output buffer that hands full chunks to a flush handler: encoders write straight
/// into it, so no row or value is ever held as a Swift object.
public final class ByteSink {
    public private(set) var base: UnsafeMutablePointer<UInt8>
    public var count = 0
    private var capacity: Int
    private let flushThreshold: Int
    private let handler: (UnsafeRawBufferPointer) throws -> Void
    /// Bytes handed to the handler so far.
    public private(set) var flushedBytes: UInt64 = 0

    public init(chunkSize: Int = 1 << 20, handler: @escaping (UnsafeRawBufferPointer) throws -> Void) {
        flushThreshold = chunkSize
        capacity = chunkSize + 64 * 1024
        base = .allocate(capacity: capacity)
        self.handler = handler
    }

    /// A sink writing to a file descriptor, retrying short writes.
    public convenience init(fileDescriptor fd: Int32, chunkSize: Int = 1 << 20) {
        self.init(chunkSize: chunkSize) { buf in
            var off = 0
            while off < buf.count {
                let n = write(fd, buf.baseAddress! + off, buf.count - off)
                if n < 0 {
                    if errno == EINTR { continue }
                    throw OutputError(message: "write failed: \(String(cString: strerror(errno)))")
                }
                off += n
            }
        }
    }

    deinit { base.deallocate() }

    /// Total bytes produced, flushed or not.
    public var totalBytes: UInt64 { flushedBytes + UInt64(count) }

    /// Makes room for `n` more bytes and returns where to write them.
    @inline(__always)
    public func reserve(_ n: Int) -> UnsafeMutablePointer<UInt8> {
        if count + n > capacity { grow(count + n) }
        return base + count
    }

    private func grow(_ needed: Int) {
        let newCapacity = max(capacity * 2, needed)
        let p = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        p.update(from: base, count: count)
        base.deallocate()
        base = p
        capacity = newCapacity
    }

    @inline(__always)
    public func append(_ byte: UInt8) {
        if count == capacity { grow(count + 1) }
        base[count] = byte
        count += 1
    }

    @inline(__always)
    public func append(_ bytes: UnsafeBufferPointer<UInt8>) {
        let p = reserve(bytes.count)
        if bytes.count > 0 { p.update(from: bytes.baseAddress!, count: bytes.count) }
        count += bytes.count
    }

    public func append(_ s: StaticString) {
        append(UnsafeBufferPointer(start: s.utf8Start, count: s.utf8CodeUnitCount))
    }

    /// Flushes when the buffer holds at least a chunk.
    @inline(__always)
    public func flushIfNeeded() throws {
        if count >= flushThreshold { try flush() }
    }

    public func flush() throws {
        guard count > 0 else { return }
        try handler(UnsafeRawBufferPointer(start: base, count: count))
        flushedBytes += UInt64(count)
        count = 0
    }
}

/// Writing generated output failed (disk full, closed pipe, ...).
public struct OutputError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
