/// Where generated rows go: into PostgreSQL, or nowhere (generated, checksummed, sketched and
/// discarded, to measure the generator and the cluster without a database). Parsed once from
/// the command line and carried in the job descriptor as its raw value.
public enum Sink: String, Sendable, Codable, CaseIterable {
    case postgres
    case null

    /// Whether rows are thrown away.
    public var discards: Bool { self == .null }
}
