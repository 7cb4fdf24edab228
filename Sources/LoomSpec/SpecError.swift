/// A problem in a spec, tied to the place in the file that causes it.
///
/// Prints as `FILE:LINE:COL: error: MESSAGE`, the form editors and CI logs link to.
public struct SpecError: Error, Sendable, Hashable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ message: String, at location: SourceLocation) {
        self.location = location
        self.message = message
    }

    public var description: String { "\(location): error: \(message)" }
}

/// Every problem found in one spec, in file order.
public struct SpecErrors: Error, Sendable, CustomStringConvertible {
    public var errors: [SpecError]

    public init(_ errors: [SpecError]) {
        self.errors = errors.sorted { ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column) }
    }

    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
