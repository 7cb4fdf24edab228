/// How `loom profile` reads tables and protects what it stores.
public struct ProfileOptions: Sendable {
    /// Schema of the source tables.
    public var schema = "public"
    /// Tables to profile; empty: every table of the schema.
    public var tables: [String] = []
    /// Read at most this many rows per table (TABLESAMPLE above it).
    public var sampleRows = 100_000
    /// k: categories seen fewer times are dropped; stored numbers average at least k records.
    public var minCount = 10
    /// Differential-privacy budget per released count (Laplace noise of scale 1/ε); nil: none.
    public var epsilon: Double? = nil
    /// Seed of the noise and of TABLESAMPLE, and the spec's seed.
    public var seed: UInt64 = 1
    /// Emit the Gaussian copula as `correlate:` (dropped when the spec language lacks it).
    public var correlations = true
    /// Learn the conditional model (a Chow–Liu tree of `by:` conditionals) over categories,
    /// booleans and numbers.
    public var conditionals = true
    /// Write `avoid_copies:` so that no generated row equals a source row (see `AvoidCopies`).
    public var avoidCopies = true
    /// Tables with more distinct source rows than this get no `avoid_copies:` (its bitmap
    /// would not fit a job message).
    public var avoidCopiesMaxRows = 100_000
    /// The columns `avoid_copies:` compares, by table, where they are given (`--update` keeps a
    /// spec's own); a table whose listed columns are not all generated and comparable gets the
    /// profile's usual choice.
    public var avoidCopiesColumns: [String: [String]] = [:]
    /// Dataset name written into the spec.
    public var dataset = "profiled"
    /// Text values longer than this many characters are cut before they are analysed.
    public var maxTextLength = 2_000

    /// Labels to rebalance, by column name: `shares` (value → share) or `equalBy` (a group column).
    public var balance: [String: (shares: [(String, Double)], equalBy: String?)] = [:]

    public init() {}
}
