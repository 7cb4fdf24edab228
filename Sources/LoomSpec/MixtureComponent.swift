/// One weighted component of a `mixture` generator: a numeric law (or, in a mixture of text, a
/// text generator) and its share of rows.
public struct MixtureComponent: Sendable, Hashable {
    /// Relative weight (positive; the components' weights are normalised to sum to 1).
    public var weight: Double
    /// The component's law: `uniform`, `normal`, `lognormal`, `exponential`, `poisson`,
    /// `geometric`, `zipf`, `quantiles` or `constant`.
    public var generator: GeneratorSpec

    public init(weight: Double, generator: GeneratorSpec) {
        self.weight = weight
        self.generator = generator
    }

    /// The generators a component may use.
    public static let laws: Set<String> = numericLaws.union(textGenerators)

    /// The components of a mixture of numbers.
    public static let numericLaws: Set<String> = [
        "uniform", "normal", "lognormal", "exponential", "poisson", "geometric", "zipf", "quantiles", "constant",
    ]

    /// The components of a mixture of text (with `constant`): kept categories and the shape of
    /// the rest, as `loom profile` writes a column whose frequent values cover only part of it.
    public static let textGenerators: Set<String> = ["choice", "pattern", "dict", "words"]

    /// The kind of value a mixture of `components` makes: the components' common kind, else
    /// floats (a mixture of integers and floats makes floats).
    public static func kind(_ components: [MixtureComponent]) -> ValueKind {
        guard let first = components.first?.generator.kind else { return .float }
        return components.allSatisfy { $0.generator.kind == first } ? first : .float
    }
}
