import Foundation

/// Reads a spec file as UTF-8 text, with clear errors for what is not one: a missing or
/// unreadable path, a directory, a file larger than `maxBytes` (a device such as /dev/zero is
/// read only that far, never forever) and bytes that are not UTF-8 (located at the first one).
enum SpecFile {
    /// Largest spec Loom reads, in bytes.
    static let maxBytes = 64 << 20

    static func read(_ path: String) throws(SpecError) -> String {
        let start = SourceLocation(file: path, line: 1, column: 1)
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else {
            let reason = errno == ENOENT ? "no such file" : errno == EACCES ? "permission denied" : String(cString: strerror(errno))
            throw SpecError("cannot read spec file: \(reason)", at: start)
        }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw SpecError("cannot read spec file: \(String(cString: strerror(errno)))", at: start) }
        let type = info.st_mode & S_IFMT
        if type == S_IFDIR { throw SpecError("cannot read spec file: \(path) is a directory; give the path of a YAML file", at: start) }
        if type == S_IFREG, Int(info.st_size) > maxBytes {
            throw SpecError("the spec file is \(Int(info.st_size) >> 20) MiB; Loom reads specs of at most \(maxBytes >> 20) MiB", at: start)
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw SpecError("cannot read spec file: \(String(cString: strerror(errno)))", at: start)
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            if bytes.count > maxBytes {
                throw SpecError("the spec file is larger than \(maxBytes >> 20) MiB, the most Loom reads", at: start)
            }
        }
        return try text(bytes, file: path)
    }

    /// `bytes` as a string, or an error at the first byte that is not UTF-8.
    static func text(_ bytes: [UInt8], file: String) throws(SpecError) -> String {
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0, line = 1, column = 1
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded):
                if encoded.count == 1, encoded.first == 0x0A {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
                offset += encoded.count
            case .error(let length):
                let bad = bytes[offset..<min(offset + length, bytes.count)].map { "0x" + String($0, radix: 16, uppercase: true) }
                throw SpecError(
                    "the spec file is not UTF-8 text: byte \(bad.joined(separator: " ")) at offset \(offset) is not valid UTF-8; save the file as UTF-8",
                    at: SourceLocation(file: file, line: line, column: column))
            case .emptyInput:
                return String(decoding: bytes, as: UTF8.self)
            }
        }
    }
}
