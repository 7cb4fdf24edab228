/// The version of the generated data: bumped whenever the same spec would produce different
/// bytes (the golden checksums in the tests change with it). Cluster workers and their
/// coordinator must agree on it, or shards from two versions would mix in one table.
public enum GeneratorVersion {
    public static let current = "1"
}
