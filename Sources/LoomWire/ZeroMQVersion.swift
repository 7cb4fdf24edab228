import CZeroMQ

/// The version of the libzmq library Loom is linked against.
public struct ZeroMQVersion: Sendable, Equatable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public let patch: Int

    /// Asks the linked libzmq for its version.
    public static var linked: ZeroMQVersion {
        var major: Int32 = 0, minor: Int32 = 0, patch: Int32 = 0
        zmq_version(&major, &minor, &patch)
        return ZeroMQVersion(major: Int(major), minor: Int(minor), patch: Int(patch))
    }

    public var description: String { "\(major).\(minor).\(patch)" }
}
