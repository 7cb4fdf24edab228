/// A named segment of a population (`personas: { segment: { loyal: 0.5, ... } }`): its values
/// and their weights, declared once at the top of a spec and used by `gen: persona` columns.
/// Other columns condition on such a column with `by:` (see `Conditional`).
public struct Persona: Sendable, Hashable {
    public var name: String
    public var values: [String]
    public var weights: [Double]
    public var location: SourceLocation

    public init(name: String, values: [String], weights: [Double], location: SourceLocation) {
        self.name = name
        self.values = values
        self.weights = weights
        self.location = location
    }
}
