extension GeneratorParser {
    /// Longest value `bytes` makes.
    static let maxBytes: Int64 = 1 << 20

    /// The parameters of generator `name` as a mapping with only `allowed` keys and all `required` ones.
    private func fields(_ name: String, _ params: YAMLNode?, _ nameNode: YAMLNode, allowed: [String], required: [String])
        throws(SpecError) -> [String: YAMLNode]
    {
        guard let params else { throw reader.error("\(name) needs parameters, e.g. \(example(name))", nameNode) }
        let m = try reader.mapping(params, "parameters of the \(name) generator")
        try reader.checkKeys(m, allowed: allowed, in: "the \(name) generator")
        var out: [String: YAMLNode] = [:]
        for (k, v) in m { out[k.string ?? ""] = v }
        for r in required where out[r] == nil { throw reader.error("\(name) needs '\(r)', e.g. \(example(name))", params) }
        return out
    }

    /// A length law: a whole number in `0...limit`, or a number generator.
    private func lengthLaw(_ node: YAMLNode, _ what: String, limit: Int64, column: String) throws(SpecError) -> GeneratorSpec {
        if case .scalar = node {
            let n = try reader.int(node, what)
            guard (0...limit).contains(n) else { throw reader.error("\(what) must be 0 to \(limit), found \(n)", node) }
            return .constant(.int(n))
        }
        let law = try parse(node, type: .integer, column: column)
        guard law.kind.isNumeric else {
            throw reader.error(
                "\(what) must be a number generator such as { uniform: { min: 0, max: 5 } }; '\(law.name)' makes \(law.kind) values", node)
        }
        return law
    }

    /// `bytes` (16 bytes), `{ bytes: 32 }` or `{ bytes: { length: LAW } }`.
    func parseBytes(params: YAMLNode?, nameNode: YAMLNode, column: String) throws(SpecError) -> GeneratorSpec {
        guard let params else { return .bytes(length: .constant(.int(16))) }
        var lengthNode = params
        if case .mapping = params {
            lengthNode = try fields("bytes", params, nameNode, allowed: ["length"], required: ["length"])["length"]!
        }
        return .bytes(length: try lengthLaw(lengthNode, "bytes length", limit: Self.maxBytes, column: column))
    }

    /// `{ array: { of: GEN, length: LAW } }` for a `T[]` column; `of` makes `T`.
    func parseArray(params: YAMLNode?, nameNode: YAMLNode, type: SQLType, column: String) throws(SpecError) -> GeneratorSpec {
        let f = try fields("array", params, nameNode, allowed: ["of", "length"], required: ["of"])
        guard case .array(let element) = type else {
            throw reader.error("array makes arrays but column '\(column)' is \(type); declare it as \(type)[]", nameNode)
        }
        let of = try parse(f["of"]!, type: element, column: column)
        guard element.accepts(of.kind) else {
            throw reader.error("array elements are \(element) but generator '\(of.name)' makes \(of.kind) values", f["of"]!)
        }
        let length = try f["length"].map { n throws(SpecError) in try lengthLaw(n, "array length", limit: 10_000, column: column) }
        return .array(of: of, length: length ?? .uniformInt(min: 0, max: 5))
    }

    /// `{ range: { lower: GEN, length: GEN } }` for a range column.
    func parseRange(params: YAMLNode?, nameNode: YAMLNode, type: SQLType, column: String) throws(SpecError) -> GeneratorSpec {
        let f = try fields("range", params, nameNode, allowed: ["lower", "length"], required: ["lower", "length"])
        guard case .range(let element) = type else {
            throw reader.error(
                "range makes ranges but column '\(column)' is \(type); use int4range, int8range, numrange, daterange, tsrange or tstzrange",
                nameNode)
        }
        let lower = try parse(f["lower"]!, type: element, column: column)
        guard element.accepts(lower.kind) else {
            throw reader.error("range bounds are \(element) but generator '\(lower.name)' makes \(lower.kind) values", f["lower"]!)
        }
        // Lengths: whole numbers for integers and dates (days), seconds or intervals for timestamps.
        let lengthType: SQLType =
            switch element {
            case .integer, .bigint, .date: .bigint
            case .timestamp, .timestamptz: .interval
            default: element
            }
        let node = f["length"]!
        let unit = lengthType == .interval ? " (seconds) or an interval generator" : ""
        var length: GeneratorSpec
        if case .scalar = node {
            guard let l = Literal.parse(try reader.string(node, "length"), for: lengthType) else {
                throw reader.error("range length must be a number\(lengthType == .interval ? " of seconds or an interval" : "")", node)
            }
            length = .constant(l)
        } else {
            length = try parse(node, type: lengthType, column: column)
        }
        guard lengthType.accepts(length.kind), length.kind != .text else {
            throw reader.error("range length must be a number generator\(unit)", node)
        }
        return .range(lower: lower, length: length)
    }
}
