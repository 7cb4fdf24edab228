/// Where the parts of a spec are written: the byte ranges of its tables, columns, their keys and
/// values, and its expectations. Tools that rewrite some values of a spec (`loom profile --update`)
/// splice new text into these ranges and leave every other byte, comments included, as it is.
///
/// Ranges are UTF-8 byte offsets into the text the outline was read from.
public struct SpecOutline: Sendable {
    /// A range of UTF-8 bytes of the text, `start..<end`.
    public struct Span: Sendable, Hashable {
        public var start: Int
        public var end: Int

        public init(start: Int, end: Int) {
            self.start = start
            self.end = end
        }
    }

    /// One `key: value` of a mapping.
    public struct Entry: Sendable {
        public var key: String
        public var keySpan: Span
        public var valueSpan: Span
        /// The value is an alias (`*name`): its text is elsewhere, so it cannot be rewritten here.
        public var isAlias: Bool
        /// The value's entries when it is a mapping.
        public var mapping: Mapping?
        /// The first key of the value when it is a mapping, or its text when it is a single value
        /// (the name of a generator: `normal`, `persona`, `uuid`).
        public var head: String?
    }

    /// A mapping: its entries in file order, and how a new entry is written into it.
    public struct Mapping: Sendable {
        public var entries: [Entry]
        /// Written as `{ … }`.
        public var flow: Bool
        /// For a block mapping: the spaces before its keys.
        public var indent: String
        /// Where a new entry goes: just after the last value.
        public var insertionPoint: Int

        public func entry(_ key: String) -> Entry? { entries.first { $0.key == key } }

        /// The text that adds `key: value` at `insertionPoint`.
        public func insertion(key: String, value: String) -> String {
            flow ? ", \(key): \(value)" : "\n\(indent)\(key): \(value)"
        }
    }

    /// The text the outline describes.
    public let text: String
    /// The top-level mapping (`dataset`, `tables`, `expectations`, …).
    public let root: Mapping

    /// Reads the outline of spec `text` (`file` names it in errors). Only the YAML structure is
    /// read: load the spec with `SpecLoader` to validate it.
    public init(text: String, file: String) throws(SpecError) {
        self.text = text
        let positions = Positions(text)
        guard let node = try YAMLComposer(file: file).compose(text), case .mapping(let m) = node else {
            throw SpecError("the spec must be a mapping (dataset:, tables:, …)", at: SourceLocation(file: file, line: 1, column: 1))
        }
        root = Self.mapping(m, positions)
    }

    /// The mapping of table `name` (`rows:`, `columns:`, …), nil when the spec has no such table.
    public func table(_ name: String) -> Mapping? { root.entry("tables")?.mapping?.entry(name)?.mapping }

    /// The `columns:` entry of table `name`.
    public func columns(_ table: String) -> Mapping? { self.table(table)?.entry("columns")?.mapping }

    /// The text of `span`.
    public func text(_ span: Span) -> String {
        let utf8 = text.utf8
        return String(
            decoding: utf8[utf8.index(utf8.startIndex, offsetBy: span.start)..<utf8.index(utf8.startIndex, offsetBy: span.end)],
            as: UTF8.self)
    }

    private static func mapping(_ m: YAMLNode.Mapping, _ p: Positions) -> Mapping {
        var entries: [Entry] = []
        for (k, v) in m {
            let keySpan = Span(start: p.offset(k.mark), end: p.offset(k.end))
            let valueSpan = Span(start: p.offset(v.mark), end: p.offset(v.end))
            var entry = Entry(
                key: k.string ?? "", keySpan: keySpan, valueSpan: valueSpan, isAlias: valueSpan.start < keySpan.end, mapping: nil, head: nil
            )
            switch v {
            case .mapping(let inner):
                entry.mapping = mapping(inner, p)
                entry.head = inner.first?.key.string
            case .scalar(let s):
                entry.head = s.string
            case .sequence:
                break
            }
            entries.append(entry)
        }
        var indent = ""
        if !m.flow, let first = m.first {
            indent = String(repeating: " ", count: max(first.key.mark.column - 1, 0))
        }
        var insertion = entries.last.map { $0.isAlias ? $0.keySpan.end : $0.valueSpan.end } ?? p.offset(m.end)
        // A new line of a block mapping goes after the last value's line, with its comment.
        if !m.flow { insertion = p.lineEnd(after: insertion) }
        return Mapping(entries: entries, flow: m.flow, indent: indent, insertionPoint: insertion)
    }

    /// Turns YAML marks (1-based lines, columns in Unicode scalars) into UTF-8 offsets.
    private struct Positions {
        let text: String
        /// UTF-8 offset of each line's start.
        let lineStarts: [Int]

        init(_ text: String) {
            self.text = text
            var starts = [0]
            var offset = 0
            for b in text.utf8 {
                offset += 1
                if b == 0x0A { starts.append(offset) }
            }
            lineStarts = starts
        }

        /// The offset of the line break that ends the line holding the byte before `offset`
        /// (the end of the text when it has none).
        func lineEnd(after offset: Int) -> Int {
            let bytes = text.utf8
            var i = bytes.index(bytes.startIndex, offsetBy: offset)
            if i > bytes.startIndex, bytes[bytes.index(before: i)] == 0x0A { return offset - 1 }
            var at = offset
            while i < bytes.endIndex, bytes[i] != 0x0A {
                i = bytes.index(after: i)
                at += 1
            }
            return at
        }

        func offset(_ mark: YAMLNode.Mark) -> Int {
            let line = min(max(mark.line - 1, 0), lineStarts.count - 1)
            let start = lineStarts[line]
            let utf8 = text.utf8
            var i = utf8.index(utf8.startIndex, offsetBy: start)
            var offset = start
            var column = 1
            while column < mark.column, i < utf8.endIndex {
                let b = utf8[i]
                if b == 0x0A { break }
                // A scalar's lead byte says how many bytes it takes.
                let width = b < 0x80 ? 1 : b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2
                offset += width
                i = utf8.index(i, offsetBy: width, limitedBy: utf8.endIndex) ?? utf8.endIndex
                column += 1
            }
            return min(offset, utf8.count)
        }
    }
}
