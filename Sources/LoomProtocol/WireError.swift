/// Why a frame was rejected.
public enum WireError: Error, Sendable, Equatable, CustomStringConvertible {
    case oversized(bytes: Int, limit: Int)
    case malformed(String)
    case unsupportedVersion(Int)
    case unknownType(String)

    public var description: String {
        switch self {
        case .oversized(let b, let l): "frame of \(b) bytes exceeds the \(l)-byte limit"
        case .malformed(let why): "malformed message: \(why)"
        case .unsupportedVersion(let v): "protocol version \(v) is not supported (this build speaks \(WireMessage.version))"
        case .unknownType(let t): "unknown message type '\(t)'"
        }
    }
}
