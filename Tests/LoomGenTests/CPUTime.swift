import Foundation

/// CPU time of the calling thread: time bounds in tests count the work done, not the waits of
/// a busy machine.
enum CPUTime {
    /// Seconds of CPU the calling thread spends in `body`.
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = now()
        try body()
        return now() - start
    }

    private static func now() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
    }
}
