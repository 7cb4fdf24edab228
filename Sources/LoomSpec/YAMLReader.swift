/// Reads typed values out of YAML nodes, turning every mismatch into a located `SpecError`.
struct YAMLReader {
    let file: String
    /// The source, line by line, as Unicode scalars (the unit YAML marks count columns in).
    let lines: Lines

    init(file: String, text: String) {
        self.file = file
        lines = Lines(text)
    }

    /// The lines of the source, each decoded when first asked for: only the lines of values
    /// whose characters are located (expressions, patterns) are, however large the file.
    final class Lines {
        private let text: String
        private var starts: [Int]? = nil
        private var decoded: [Int: [Unicode.Scalar]] = [:]

        init(_ text: String) { self.text = text }

        /// Byte offsets where the lines start.
        private var lineStarts: [Int] {
            if let starts { return starts }
            var found = [0]
            var offset = 0
            for b in text.utf8 {
                offset += 1
                if b == 0x0A { found.append(offset) }
            }
            starts = found
            return found
        }

        var count: Int { lineStarts.count }

        subscript(_ l: Int) -> [Unicode.Scalar] {
            if let line = decoded[l] { return line }
            let starts = lineStarts
            let utf8 = text.utf8
            let from = utf8.index(utf8.startIndex, offsetBy: starts[l])
            let to = l + 1 < starts.count ? utf8.index(utf8.startIndex, offsetBy: starts[l + 1] - 1) : utf8.endIndex
            let line = Array(String(decoding: utf8[from..<to], as: UTF8.self).unicodeScalars)
            decoded[l] = line
            return line
        }
    }

    func location(_ node: YAMLNode) -> SourceLocation {
        SourceLocation(file: file, line: node.mark.line, column: node.mark.column)
    }

    func error(_ message: String, _ node: YAMLNode) -> SpecError { SpecError(message, at: location(node)) }

    /// Where each character of a scalar's value sits in the file, plus one entry for its end:
    /// follows quotes, escapes (`\\`, `''`, `\uXXXX`), folded lines and block scalars, so an
    /// error at character k of a pattern or expression points at the right column.
    func characterLocations(_ node: YAMLNode) -> [SourceLocation] {
        characterPositions(node).map { SourceLocation(file: file, line: $0.line, column: $0.column) }
    }

    /// `characterLocations`, stored compactly.
    func textLocations(_ node: YAMLNode) -> TextLocations { TextLocations(file: file, characterPositions(node)) }

    /// The 1-based line and column of each character of a scalar's value, and of its end.
    private func characterPositions(_ node: YAMLNode) -> [(line: Int, column: Int)] {
        guard case .scalar(let scalar) = node else { return [(node.mark.line, node.mark.column)] }
        let mark = scalar.mark
        var positions: [(Int, Int)] = []
        var line = mark.line - 1, col = mark.column - 1
        let lineCount = lines.count
        var cachedLine = -1
        var cached: [Unicode.Scalar] = []
        func raw(_ l: Int, _ c: Int) -> Unicode.Scalar? {
            guard l < lineCount else { return nil }
            if l != cachedLine {
                cached = lines[l]
                cachedLine = l
            }
            return c < cached.count ? cached[c] : nil
        }
        func nextLine() {
            line += 1
            col = 0
            while let ch = raw(line, col), ch == " " || ch == "\t" { col += 1 }
        }
        let valueScalars = scalar.string.unicodeScalars.count
        switch scalar.style {
        case .literal, .folded:
            var l = mark.line
            var indent: Int? = nil
            while positions.count < valueScalars, l < lineCount {
                let text = lines[l]
                if indent == nil, text.contains(where: { $0 != " " }) { indent = text.prefix(while: { $0 == " " }).count }
                let start = min(indent ?? text.count, text.count)
                for c in start..<max(start, text.count) { positions.append((l, c)) }
                positions.append((l, text.count))
                l += 1
            }
        default:
            let quote = scalar.style == .singleQuoted ? Unicode.Scalar("'") : scalar.style == .doubleQuoted ? Unicode.Scalar("\"") : nil
            if quote != nil { col += 1 }
            while positions.count < valueScalars {
                guard let ch = raw(line, col) else {
                    if line + 1 >= lineCount { break }
                    positions.append((line, col))
                    nextLine()
                    continue
                }
                positions.append((line, col))
                if quote == "'", ch == "'", raw(line, col + 1) == "'" {
                    col += 2
                } else if quote == "\"", ch == "\\" {
                    switch raw(line, col + 1) {
                    case "x": col += 4
                    case "u": col += 6
                    case "U": col += 10
                    default: col += 2
                    }
                } else {
                    col += 1
                }
            }
        }
        var out: [(line: Int, column: Int)] = []
        var scalarIndex = 0
        let end = positions.last.map { ($0.0 + 1, $0.1 + 2) } ?? (mark.line, mark.column)
        for ch in scalar.string {
            out.append(scalarIndex < positions.count ? (positions[scalarIndex].0 + 1, positions[scalarIndex].1 + 1) : end)
            scalarIndex += ch.unicodeScalars.count
        }
        out.append(scalarIndex < positions.count ? (positions[scalarIndex].0 + 1, positions[scalarIndex].1 + 1) : end)
        return out
    }

    func mapping(_ node: YAMLNode, _ what: String) throws(SpecError) -> YAMLNode.Mapping {
        guard case .mapping(let m) = node else { throw error("\(what) must be a mapping (key: value)", node) }
        return m
    }

    func string(_ node: YAMLNode, _ what: String) throws(SpecError) -> String {
        guard case .scalar(let s) = node else { throw error("\(what) must be a single value", node) }
        return s.string
    }

    func name(_ node: YAMLNode, _ what: String) throws(SpecError) -> String {
        let s = try string(node, what)
        guard !s.isEmpty else { throw error("\(what) must not be empty", node) }
        return s
    }

    func double(_ node: YAMLNode, _ what: String) throws(SpecError) -> Double {
        let s = try string(node, what)
        guard let v = Double(s.replacingUnderscores()), v.isFinite else { throw error("\(what) must be a number, found '\(s)'", node) }
        return v
    }

    func int(_ node: YAMLNode, _ what: String) throws(SpecError) -> Int64 {
        let s = try string(node, what)
        if let v = Int64(s.replacingUnderscores()) { return v }
        if let d = Double(s), d == d.rounded(), abs(d) < 9e18 { return Int64(d) }
        if let d = Double(s.replacingUnderscores()), d.isFinite, d == d.rounded() {
            throw error("\(what) \(s) is too large (at most \(Int64.max))", node)
        }
        throw error("\(what) must be a whole number, found '\(s)'", node)
    }

    func bool(_ node: YAMLNode, _ what: String) throws(SpecError) -> Bool {
        let s = try string(node, what)
        switch s.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: throw error("\(what) must be true or false, found '\(s)'", node)
        }
    }

    func probability(_ node: YAMLNode, _ what: String, allowOne: Bool = true) throws(SpecError) -> Double {
        let p = try double(node, what)
        guard p >= 0, allowOne ? p <= 1 : p < 1 else {
            throw error("\(what) must be between 0 and 1\(allowOne ? "" : " (excluding 1)"), found \(p)", node)
        }
        return p
    }

    func stringList(_ node: YAMLNode, _ what: String) throws(SpecError) -> [String] {
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
    func checkKeys(_ m: YAMLNode.Mapping, allowed: [String], in what: String) throws(SpecError) {
        for (k, _) in m {
            let key = k.string ?? ""
            if !allowed.contains(key) {
                let hint =
                    closest(key, in: allowed).map { "; did you mean '\($0)'?" } ?? "; expected one of: \(allowed.joined(separator: ", "))"
                throw error("unknown key '\(key)' in \(what)\(hint)", k)
            }
        }
    }

    /// YAMLNode for `key` (and the key node itself, for locations).
    func entry(_ m: YAMLNode.Mapping, _ key: String) -> (key: YAMLNode, value: YAMLNode)? {
        for (k, v) in m where k.string == key { return (k, v) }
        return nil
    }
}
