extension GeneratorParser {
    /// `{ tsvector: body }`, `{ tsvector: { from: body } }` or `{ tsvector: { sentence: [5, 20] } }`:
    /// the lexemes of a text column of the row, or of text drawn by a generator.
    func parseTsvector(_ params: YAMLNode?, nameNode: YAMLNode, column: String) throws(SpecError) -> GeneratorSpec {
        guard let params else {
            throw reader.error("tsvector needs a text column or a text generator, e.g. \(example("tsvector"))", nameNode)
        }
        switch params {
        case .scalar:
            return .tsvector(.column(try sourceColumn(params)))
        case .mapping(let m):
            if let from = reader.entry(m, "from") {
                try reader.checkKeys(m, allowed: ["from"], in: "tsvector generator of column '\(column)'")
                return .tsvector(.column(try sourceColumn(from.value)))
            }
            let g = try parse(params, type: .text, column: column)
            if case .tsvector = g { throw reader.error("tsvector reads text, not another tsvector", params) }
            guard g.kind == .text else {
                throw reader.error(
                    "tsvector reads text; \(g.name) makes \(g.kind) values (use a text generator such as { sentence: [5, 20] })", params)
            }
            return .tsvector(.generator(g))
        default:
            throw reader.error("tsvector takes a column name or a text generator, e.g. \(example("tsvector"))", params)
        }
    }

    private func sourceColumn(_ node: YAMLNode) throws(SpecError) -> String {
        let name = try reader.name(node, "tsvector source column")
        guard !name.contains(".") else {
            throw reader.error("tsvector reads a column of the same row; found '\(name)'", node)
        }
        names.locations[name] = names.locations[name] ?? reader.location(node)
        return name
    }
}
