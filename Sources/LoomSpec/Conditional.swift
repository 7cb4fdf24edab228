/// A generator whose parameters depend on the value of another column of the row (or of the
/// parent row): `{ poisson: { by: segment, loyal: 6, bargain_hunter: 9, default: 3 } }`.
///
/// Every case is a complete generator of the same kind; a row whose `by` value matches no case
/// uses `fallback` (`default:`), or is NULL when there is none.
public struct Conditional: Sendable, Hashable {
    /// One `value: parameters` entry.
    public struct Case: Sendable, Hashable {
        /// The `by` column's value, as written (`loyal`, `true`, `DE`, `5`).
        public var value: String
        public var generator: GeneratorSpec
        public var location: SourceLocation

        public init(value: String, generator: GeneratorSpec, location: SourceLocation) {
            self.value = value
            self.generator = generator
            self.location = location
        }
    }

    /// The column whose value selects the case.
    public var by: String
    /// Whether `by` names a column of the parent row (`by: parent.segment`). For a `per_parent`
    /// count, `by` always reads the parent row (the count is drawn once per parent).
    public var parent: Bool
    public var cases: [Case]
    public var fallback: GeneratorSpec?
    /// Where `by:`'s value is written.
    public var location: SourceLocation
    /// Whether the cases were written by `locale: from(COLUMN)` rather than by hand (then
    /// unmatched values are not an error: they use the default locale).
    public var fromLocale: Bool = false

    public init(by: String, parent: Bool, cases: [Case], fallback: GeneratorSpec?, location: SourceLocation) {
        self.by = by
        self.parent = parent
        self.cases = cases
        self.fallback = fallback
        self.location = location
    }

    /// Every generator the conditional may use.
    public var generators: [GeneratorSpec] { cases.map(\.generator) + (fallback.map { [$0] } ?? []) }
}
