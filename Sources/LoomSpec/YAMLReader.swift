import Yams

/// Reads typed values out of Yams nodes, turning every mismatch into a located `SpecError`.
struct YAMLReader {
    let file: String

    func location(_ node: Node) -> SourceLocation {
        let mark = node.mark
        return SourceLocation(file: file, line: mark?.line ?? 1, column: mark?.column ?? 1)
    }

    /// Location of the first character of a scalar's content (after an opening quote).
    func contentLocation(_ node: Node) -> SourceLocation {
        let base = location(node)
        if case .scalar(let s) = node, s.style == .singleQuoted || s.style == .doubleQuoted {
            return base.advanced(by: 1)
        }
        return base
    }

    func error(_ message: String, _ node: Node) -> SpecError { SpecError(message, at: location(node)) }

    func mapping(_ node: Node, _ what: String) throws(SpecError) -> Node.Mapping {
        guard case .mapping(let m) = node else { throw error("\(what) must be a mapping (key: value)", node) }
        return m
    }

    func string(_ node: Node, _ what: String) throws(SpecError) -> String {
        guard case .scalar(let s) = node else { throw error("\(what) must be a single value", node) }
        return s.string
    }

    func name(_ node: Node, _ what: String) throws(SpecError) -> String {
        let s = try string(node, what)
        guard !s.isEmpty else { throw error("\(what) must not be empty", node) }
        return s
    }

    func double(_ node: Node, _ what: String) throws(SpecError) -> Double {
        let s = try string(node, what)
        guard let v = Double(s.replacingUnderscores()), v.isFinite else { throw error("\(what) must be a number, found '\(s)'", node) }
        return v
    }

    func int(_ node: Node, _ what: String) throws(SpecError) -> Int64 {
        let s = try string(node, what)
        if let v = Int64(s.replacingUnderscores()) { return v }
        if let d = Double(s), d == d.rounded(), abs(d) < 9e18 { return Int64(d) }
        throw error("\(what) must be a whole number, found '\(s)'", node)
    }

    func bool(_ node: Node, _ what: String) throws(SpecError) -> Bool {
        let s = try string(node, what)
        switch s.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("\(what) must be true or false, found '\(s)'", node)
        }
    }

    func probability(_ node: Node, _ what: String, allowOne: Bool = true) throws(SpecError) -> Double {
        let p = try double(node, what)
        guard p >= 0, allowOne ? p <= 1 : p < 1 else {
            throw error("\(what) must be between 0 and 1\(allowOne ? "" : " (excluding 1)"), found \(p)", node)
        }
        return p
    }

    func stringList(_ node: Node, _ what: String) throws(SpecError) -> [String] {
        switch node {
        case .sequence(let seq):
            var out: [String] = []
            for n in seq { out.append(try name(n, "each entry of \(what)")) }
            guard !out.isEmpty else { throw error("\(what) must not be empty", node) }
            return out
        case .scalar:
            return [try name(node, what)]
        default:
            throw error("\(what) must be a list", node)
        }
    }

    /// Fails on keys not in `allowed`, suggesting the nearest allowed one.
    func checkKeys(_ m: Node.Mapping, allowed: [String], in what: String) throws(SpecError) {
        for (k, _) in m {
            let key = k.string ?? ""
            if !allowed.contains(key) {
                let hint = closest(key, in: allowed).map { "; did you mean '\($0)'?" } ?? "; expected one of: \(allowed.joined(separator: ", "))"
                throw error("unknown key '\(key)' in \(what)\(hint)", k)
            }
        }
    }

    /// Node for `key` (and the key node itself, for locations).
    func entry(_ m: Node.Mapping, _ key: String) -> (key: Node, value: Node)? {
        for (k, v) in m where k.string == key { return (k, v) }
        return nil
    }
}
