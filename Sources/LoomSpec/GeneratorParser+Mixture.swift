extension GeneratorParser {
    /// `{ mixture: [ { weight: 0.7, normal: { mean: 10, sd: 2 } }, { weight: 0.3, lognormal: { … } } ] }`:
    /// a list of components, each a positive `weight` and one numeric law; or, for text, each a
    /// `choice`, `pattern`, `dict`, `words` or `constant` making text.
    func parseMixture(_ params: YAMLNode?, nameNode: YAMLNode, type: SQLType, column: String) throws(SpecError) -> GeneratorSpec {
        guard let params else {
            throw reader.error("mixture needs a list of components, e.g. \(example("mixture"))", nameNode)
        }
        guard case .sequence(let items) = params else {
            throw reader.error(
                "mixture takes a list of components, each { weight: W, LAW: parameters }, e.g. \(example("mixture"))", params)
        }
        guard !items.isEmpty else { throw reader.error("mixture needs at least one component", params) }
        var components: [MixtureComponent] = []
        for item in items {
            guard case .mapping(let m) = item else {
                throw reader.error(
                    "a mixture component is { weight: W, LAW: parameters }, e.g. { weight: 0.7, normal: { mean: 10, sd: 2 } }", item)
            }
            guard let w = reader.entry(m, "weight") else {
                throw reader.error("mixture component needs 'weight' (a positive number)", item)
            }
            let weight = try reader.double(w.value, "weight")
            guard weight > 0, weight.isFinite else {
                throw reader.error("mixture weight must be a positive number, found \(reader.string(w.value))", w.value)
            }
            let laws = m.filter { $0.key.string != "weight" }
            guard laws.count == 1, let law = laws.first else {
                throw reader.error(
                    "a mixture component has 'weight' and exactly one law (\(MixtureComponent.laws.sorted().joined(separator: ", "))); found \(laws.count)",
                    laws.count > 1 ? laws[1].key : item)
            }
            let name = law.key.string ?? ""
            guard MixtureComponent.laws.contains(name) else {
                let hint =
                    name == "mixture"
                    ? "; list the inner components in this mixture instead"
                    : GeneratorParser.names.contains(name)
                        ? "; a component is one of \(MixtureComponent.laws.sorted().joined(separator: ", "))"
                        : closest(name, in: Array(MixtureComponent.laws)).map { "; did you mean '\($0)'?" } ?? ""
                throw reader.error("'\(name)' cannot be a mixture component\(hint)", law.key)
            }
            if case .mapping(let p) = law.value, reader.entry(p, "by") != nil {
                throw reader.error("a mixture component cannot have 'by:'; put 'by:' on the mixture itself", law.value)
            }
            let g = try parseNamed(name, params: law.value, nameNode: law.key, type: type, column: column)
            // Numbers from a numeric law; text from any component (a choice, pattern, dict, words or constant of text).
            let allowed = g.kind.isNumeric ? MixtureComponent.numericLaws.contains(name) : g.kind == .text
            guard allowed else {
                throw reader.error(
                    "mixture components make numbers (or, all of them, text); this \(name) makes \(g.kind) values", law.key)
            }
            components.append(MixtureComponent(weight: weight, generator: g))
        }
        let text = components.filter { $0.generator.kind == .text }.count
        guard text == 0 || text == components.count else {
            throw reader.error(
                "a mixture makes numbers or text, not both: \(text) of its \(components.count) components make text", params)
        }
        return .mixture(components)
    }
}
