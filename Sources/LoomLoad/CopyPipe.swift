import Foundation
import LoomPostgres

/// Overlaps generation with sending: the generating thread hands full chunks to a sender thread
/// that feeds them to `PQputCopyData`, so PostgreSQL never waits for the next chunk to be
/// generated (and the generator never waits for the socket). At most `depth` chunks are in
/// flight, so memory stays bounded.
final class CopyPipe: @unchecked Sendable {
    private let connection: PostgresConnection
    private let condition = NSCondition()
    private var free: [UnsafeMutableRawBufferPointer] = []
    private var queued: [(UnsafeMutableRawBufferPointer, Int)] = []
    private var failure: PostgresError?
    private var closed = false
    private var senderDone = false
    private let chunkSize: Int

    init(connection: PostgresConnection, depth: Int = 3, chunkSize: Int) {
        self.connection = connection
        self.chunkSize = chunkSize
        for _ in 0..<depth { free.append(.allocate(byteCount: chunkSize + 128 * 1024, alignment: 16)) }
        let thread = Thread { [self] in sendLoop() }
        thread.stackSize = 1 << 20
        thread.start()
    }

    deinit {
        for b in free { b.deallocate() }
        for (b, _) in queued { b.deallocate() }
    }

    private func sendLoop() {
        while true {
            condition.lock()
            while queued.isEmpty && !closed { condition.wait() }
            if queued.isEmpty && closed {
                senderDone = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let (buffer, count) = queued.removeFirst()
            let skip = failure != nil
            condition.unlock()
            var error: PostgresError? = nil
            if !skip {
                do { try connection.putCopyData(UnsafeRawBufferPointer(rebasing: buffer[0..<count])) } catch let e { error = e }
            }
            condition.lock()
            if let error, failure == nil { failure = error }
            free.append(buffer)
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Queues a copy of `bytes`; throws the sender's error if sending failed.
    func send(_ bytes: UnsafeRawBufferPointer) throws {
        var offset = 0
        while offset < bytes.count {
            condition.lock()
            while free.isEmpty && failure == nil { condition.wait() }
            if let failure { condition.unlock(); throw failure }
            let buffer = free.removeLast()
            condition.unlock()
            let n = min(buffer.count, bytes.count - offset)
            buffer.baseAddress!.copyMemory(from: bytes.baseAddress! + offset, byteCount: n)
            offset += n
            condition.lock()
            queued.append((buffer, n))
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Waits until everything queued is sent and stops the sender; throws its error, if any.
    func finish() throws {
        condition.lock()
        closed = true
        condition.broadcast()
        while !senderDone { condition.wait() }
        let failure = self.failure
        condition.unlock()
        if let failure { throw failure }
    }
}
