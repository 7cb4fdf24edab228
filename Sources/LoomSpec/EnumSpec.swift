/// A spec-declared enum type (`enums: { mood: [sad, ok, happy] }`): `ddl` creates it before the
/// tables, and columns of `type: mood` take its labels.
public struct EnumSpec: Sendable, Hashable {
    public var name: String
    /// Labels in declaration order (PostgreSQL orders enum values this way).
    public var labels: [String]
    public var location: SourceLocation

    public init(name: String, labels: [String], location: SourceLocation) {
        self.name = name; self.labels = labels; self.location = location
    }

    /// Parses `enums: { NAME: [LABEL, ...] }`: names that no built-in type has, non-empty
    /// distinct labels of at most 63 bytes (PostgreSQL's limit).
    static func parse(_ node: YAMLNode, reader: YAMLReader) throws(SpecError) -> [EnumSpec] {
        let m = try reader.mapping(node, "enums")
        var out: [EnumSpec] = []
        for (k, v) in m {
            let name = try reader.name(k, "enum name")
            if case .success = SQLType.parse(name) {
                throw reader.error("enum '\(name)' has the name of a built-in type; choose another name", k)
            }
            guard !out.contains(where: { $0.name == name }) else { throw reader.error("enum '\(name)' is declared twice", k) }
            guard case .sequence(let items) = v, !items.isEmpty else {
                throw reader.error("enum '\(name)' needs a list of labels, e.g. \(name): [sad, ok, happy]", v)
            }
            var labels: [String] = []
            for item in items {
                let label = try reader.string(item, "label of enum '\(name)'")
                guard !label.isEmpty, label.utf8.count <= 63 else {
                    throw reader.error("enum labels must be 1 to 63 bytes long; found '\(label)'", item)
                }
                guard !labels.contains(label) else { throw reader.error("enum '\(name)' lists label '\(label)' twice", item) }
                labels.append(label)
            }
            out.append(EnumSpec(name: name, labels: labels, location: reader.location(k)))
        }
        return out
    }
}
