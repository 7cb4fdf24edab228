import CLibPQ

/// The version of the libpq client library Loom is linked against.
public struct LibPQVersion: Sendable, Equatable, CustomStringConvertible {
    /// libpq's integer form, e.g. 150008 for 15.8.
    public let number: Int

    /// Asks the linked libpq for its version.
    public static var linked: LibPQVersion { LibPQVersion(number: Int(PQlibVersion())) }

    public var major: Int { number / 10000 }
    public var minor: Int { number % 10000 }
    public var description: String { "\(major).\(minor)" }
}
