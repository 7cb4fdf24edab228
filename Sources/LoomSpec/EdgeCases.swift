/// Boundary values mixed into a column on request (`edge_cases: { rate: 0.01 }` on a column or a
/// table): in a share `rate` of rows, chosen by the row, the column holds one of the values
/// `EdgeValues` lists for it instead of its generator's draw.
public struct EdgeCases: Sendable, Hashable {
    public var rate: Double
    public var location: SourceLocation
    /// Set on the column itself (it must then take edge values), not inherited from its table.
    public var explicit: Bool

    public init(rate: Double, location: SourceLocation, explicit: Bool) {
        self.rate = rate
        self.location = location
        self.explicit = explicit
    }

    /// `edge_cases: 0.01` or `edge_cases: { rate: 0.01 }`.
    static func parse(_ key: YAMLNode, _ node: YAMLNode, reader: YAMLReader, explicit: Bool) throws(SpecError) -> EdgeCases {
        var rateNode = node
        if case .mapping(let m) = node {
            try reader.checkKeys(m, allowed: ["rate"], in: "edge_cases")
            guard let r = reader.entry(m, "rate") else { throw reader.error("edge_cases needs rate: P (a share of rows, e.g. 0.01)", node) }
            rateNode = r.value
        }
        let rate = try reader.probability(rateNode, "edge_cases rate")
        guard rate > 0, rate <= 0.5 else {
            throw reader.error("edge_cases rate must be above 0 and at most 0.5 (edge values are the exception), found \(rate)", rateNode)
        }
        return EdgeCases(rate: rate, location: reader.location(key), explicit: explicit)
    }
}
