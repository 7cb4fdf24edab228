extension SpecLoader {
    /// `{ tree: N }` or `{ tree: { fanout: N, roots: R } }`: a hierarchy within one table.
    static func treePick(_ node: YAMLNode, reader: YAMLReader) throws(SpecError) -> ParentPick {
        var fanout: Int64, roots: Int64 = 1
        var fanoutNode = node
        if case .mapping(let m) = node {
            try reader.checkKeys(m, allowed: ["fanout", "roots"], in: "tree")
            guard let f = reader.entry(m, "fanout") else { throw reader.error("tree needs fanout: N (children per row)", node) }
            fanout = try reader.int(f.value, "tree fanout")
            fanoutNode = f.value
            if let r = reader.entry(m, "roots") {
                roots = try reader.int(r.value, "tree roots")
                guard roots >= 1 else { throw reader.error("tree roots must be at least 1, found \(roots)", r.value) }
            }
        } else {
            fanout = try reader.int(node, "tree fanout")
        }
        guard (1...1_000_000).contains(fanout) else {
            throw reader.error("tree fanout must be between 1 and 1000000, found \(fanout)", fanoutNode)
        }
        return .tree(fanout: Int(fanout), roots: Int(roots))
    }
}
