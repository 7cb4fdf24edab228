import Glibc

/// A pipe that loader threads write a byte to when they finish a shard, so the worker's run
/// loop, polling its socket and this pipe together, reports the result at once instead of when
/// its poll times out.
final class WakeSignal: @unchecked Sendable {
    /// The read end, for `zmq_poll`.
    let fd: Int32
    private let writeEnd: Int32

    init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends { _ = fcntl(end, F_SETFL, fcntl(end, F_GETFL) | O_NONBLOCK) }
        }
        fd = ends[0]
        writeEnd = ends[1]
    }

    deinit {
        if fd >= 0 { close(fd) }
        if writeEnd >= 0 { close(writeEnd) }
    }

    /// Wakes the poller (a full pipe already will).
    func signal() {
        guard writeEnd >= 0 else { return }
        var byte: UInt8 = 1
        _ = write(writeEnd, &byte, 1)
    }

    /// Empties the pipe after a wake-up.
    func drain() {
        guard fd >= 0 else { return }
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(fd, &buffer, buffer.count) > 0 {}
    }
}
