@preconcurrency import Glibc

/// Hides passwords given on the command line from `ps` and `/proc/PID/cmdline` by overwriting
/// them in the process's own argument memory once the arguments are parsed.
enum ProcessTitle {
    /// Replaces the password of every `scheme://user:password@` URL and `password=...` pair in
    /// argv with asterisks of the same length.
    static func scrubPasswords() {
        for i in 0..<Int(CommandLine.argc) {
            guard let arg = CommandLine.unsafeArgv[i] else { continue }
            let bytes = UnsafeMutableBufferPointer(start: UnsafeMutableRawPointer(arg).assumingMemoryBound(to: UInt8.self), count: strlen(arg))
            for range in passwordRanges(Array(bytes)) {
                for j in range { bytes[j] = UInt8(ascii: "*") }
            }
        }
    }

    /// Byte ranges of passwords inside one argument.
    static func passwordRanges(_ s: [UInt8]) -> [Range<Int>] {
        var out: [Range<Int>] = []
        let text = String(decoding: s, as: UTF8.self)
        if let scheme = text.range(of: "://") {
            let start = text.utf8.distance(from: text.startIndex, to: scheme.upperBound)
            if let at = s[start...].firstIndex(of: UInt8(ascii: "@")),
               let colon = s[start..<at].firstIndex(of: UInt8(ascii: ":")), colon + 1 < at {
                out.append((colon + 1)..<at)
            }
        }
        var i = 0
        let key = Array("password=".utf8)
        while i + key.count <= s.count {
            if Array(s[i..<(i + key.count)]) == key {
                var j = i + key.count
                while j < s.count, s[j] != UInt8(ascii: " "), s[j] != UInt8(ascii: "&") { j += 1 }
                if j > i + key.count { out.append((i + key.count)..<j) }
                i = j
            } else {
                i += 1
            }
        }
        return out
    }
}
