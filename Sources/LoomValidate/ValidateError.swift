/// Why `loom validate` could not measure a table (it is missing, was loaded from another spec,
/// or the spec has no such table), phrased for the person running it.
public struct ValidateError: Error, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) { self.message = message }

    public var description: String { message }
}
