/// Why `loom profile --update` could not refit a spec: the spec does not load, none of its
/// tables is in the database, or the refitted text would not load (nothing is written then).
public struct ProfileUpdateError: Error, CustomStringConvertible, Sendable {
    /// The spec file being refitted.
    public var file: String
    public var message: String

    public init(file: String, _ message: String) {
        self.file = file
        self.message = message
    }

    public var description: String { "\(file): cannot update: \(message)" }
}
