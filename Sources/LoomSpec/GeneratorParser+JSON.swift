extension GeneratorParser {
    /// `{ KEY: VALUE, ... }` of a `json` generator. A value is a generator (`uuid`,
    /// `{ uniform: ... }`), `{ gen: GENERATOR, optional: 0.3 }`, or a nested object (a mapping
    /// whose key is not a generator name).
    func parseJSONObject(_ node: YAMLNode, column: String, depth: Int) throws(SpecError) -> JSONObjectSpec {
        guard depth < 16 else { throw reader.error("json objects nest at most 16 deep", node) }
        let m = try reader.mapping(node, "json object of column '\(column)'")
        guard !m.isEmpty else { throw reader.error("a json object needs at least one key, e.g. \(Self.jsonExample)", node) }
        var fields: [JSONObjectSpec.Field] = []
        for (k, v) in m {
            let key = try reader.string(k, "json key")
            guard !fields.contains(where: { $0.key == key }) else { throw reader.error("json key '\(key)' appears twice", k) }
            var value = v, optional = 0.0
            if case .mapping(let fm) = v, reader.entry(fm, "gen") != nil {
                try reader.checkKeys(fm, allowed: ["gen", "optional"], in: "json key '\(key)'")
                value = reader.entry(fm, "gen")!.value
                if let o = reader.entry(fm, "optional")?.value { optional = try reader.probability(o, "optional", allowOne: false) }
            }
            fields.append(
                JSONObjectSpec.Field(key: key, content: try jsonContent(value, key: "\(column).\(key)", depth: depth), optional: optional))
        }
        return JSONObjectSpec(fields: fields)
    }

    /// Constants and choices in JSON are numbers or booleans when every value reads as one.
    private func inferred(_ v: YAMLNode, key: String) throws(SpecError) -> GeneratorSpec {
        let name: String? = if case .mapping(let m) = v { m.first?.key.string } else { nil }
        if name == "constant" || name == "choice" {
            for type in [SQLType.bigint, .double, .boolean] {
                if let g = try? parse(v, type: type, column: key) { return g }
            }
        }
        return try parse(v, type: .text, column: key)
    }

    static let jsonExample = "{ json: { plan: { choice: [free, pro] }, seats: { uniform: { min: 1, max: 50 } } } }"

    private func jsonContent(_ v: YAMLNode, key: String, depth: Int) throws(SpecError) -> JSONObjectSpec.Field.Content {
        switch v {
        case .scalar(let s) where Self.names.contains(s.string):
            return .generator(try jsonGenerator(v, key: key))
        case .mapping(let m) where m.count == 1 && Self.names.contains(m.first!.key.string ?? ""):
            return .generator(try jsonGenerator(v, key: key))
        case .mapping(let m) where m.count == 1 && closest(m.first!.key.string ?? "", in: Self.names) != nil:
            // Most likely a misspelt generator: let the parser name it.
            return .generator(try jsonGenerator(v, key: key))
        case .mapping:
            return .object(try parseJSONObject(v, column: key, depth: depth + 1))
        default:
            throw reader.error("json value of '\(key)' must be a generator, { gen: ..., optional: 0.3 } or a nested object", v)
        }
    }

    /// A value generator: arrays take their element type from what `of` makes.
    private func jsonGenerator(_ v: YAMLNode, key: String) throws(SpecError) -> GeneratorSpec {
        if case .mapping(let m) = v, m.first?.key.string == "array", case .mapping(let am) = m.first!.value,
            let of = reader.entry(am, "of")?.value
        {
            let element: SQLType
            switch try inferred(of, key: key).kind {
            case .int: element = .bigint
            case .float: element = .double
            case .decimal: element = .numeric(precision: nil, scale: 6)
            case .bool: element = .boolean
            default: element = .text
            }
            return try parse(v, type: .array(element), column: key)
        }
        let g = try inferred(v, key: key)
        if case .json = g { throw reader.error("write a nested object as a mapping, not as a json generator", v) }
        return g
    }
}
