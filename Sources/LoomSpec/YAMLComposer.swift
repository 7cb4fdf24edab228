// libyaml, as vendored by Yams (the `CYaml` module of LoomSpec's Yams dependency).
import CYaml

/// Composes spec text into `YAMLNode`s from libyaml's events, bounding the work any text can cause.
///
/// Loom composes the document itself rather than with Yams' `compose`, whose duplicate-key check
/// hashes and compares whole key subtrees with every alias expanded: a spec under 1 KB with
/// aliases of aliases as keys took minutes. Here:
/// - a mapping key is a scalar or a list of scalars (`correlate: { [age, income]: 0.35 }`); keys
///   go into a hash set by their text, so the duplicate check is linear, and a repeated key is
///   reported where it is repeated;
/// - aliases add at most `maxAliasNodes` nodes to the document, counting every node an alias
///   stands for, aliases within it included: the "billion laughs" bound of YAML libraries;
/// - collections nest at most `maxDepth` levels (composing keeps its own stack, and the readers
///   that walk the nodes then recurse at most that deep);
/// - the document has at most `maxNodes` nodes (a spec of 100,000 columns has about a million),
///   so checking any spec takes seconds;
/// - the text is a single YAML document, and no value holds a NUL character (PostgreSQL names
///   and text cannot).
struct YAMLComposer {
    /// Most nodes all aliases of a document may stand for together.
    static let maxAliasNodes = 1_000_000
    /// Deepest nesting of mappings and sequences (a spec needs about ten levels).
    static let maxDepth = 64
    /// Most nodes (scalars, mappings, sequences and aliases) a document may have.
    static let maxNodes = 2_000_000

    let file: String

    /// The document's root node, nil when the text holds no document.
    func compose(_ text: String) throws(SpecError) -> YAMLNode? {
        let count = text.utf8.count
        let bytes = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: max(count, 1))
        defer { bytes.deallocate() }
        _ = bytes.initialize(from: text.utf8)
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { throw error("out of memory while reading YAML", at: Mark(line: 1, column: 1)) }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING)
        yaml_parser_set_input_string(&parser, bytes.baseAddress, count)
        var state = State()
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else {
                throw parserError(parser, UnsafeBufferPointer(rebasing: bytes[0..<count]))
            }
            defer { yaml_event_delete(&event) }
            if event.type == YAML_STREAM_END_EVENT { return state.root }
            try handle(event, &state)
        }
    }

    typealias Mark = YAMLNode.Mark

    /// A key as compared for duplicates.
    private enum KeyText: Hashable, CustomStringConvertible {
        case name(String)
        case list([String])

        var description: String {
            switch self {
            case .name(let s): s
            case .list(let items): "[" + items.joined(separator: ", ") + "]"
            }
        }
    }

    /// A mapping or sequence whose end has not been read yet.
    private struct Frame {
        var isMapping: Bool
        var mark: Mark
        var flow = false
        /// The end of the last node added.
        var lastEnd: Mark? = nil
        var anchor: String?
        var items: [YAMLNode] = []
        var pairs: [YAMLNode.Mapping.Element] = []
        var pendingKey: YAMLNode? = nil
        var keys: [KeyText: Int] = [:]
        /// Nodes this collection stands for, aliases expanded.
        var size = 1
    }

    private struct State {
        var stack: [Frame] = []
        var anchors: [String: (node: YAMLNode, size: Int)] = [:]
        var aliasNodes = 0
        var nodes = 0
        var documents = 0
        var root: YAMLNode? = nil
    }

    private func handle(_ event: yaml_event_t, _ state: inout State) throws(SpecError) {
        let mark = Mark(line: Int(event.start_mark.line) + 1, column: Int(event.start_mark.column) + 1)
        let endMark = Mark(line: Int(event.end_mark.line) + 1, column: Int(event.end_mark.column) + 1)
        switch event.type {
        case YAML_ALIAS_EVENT, YAML_SCALAR_EVENT, YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            state.nodes += 1
            if state.nodes > Self.maxNodes {
                throw error(
                    "the spec has more than \(Self.maxNodes) YAML nodes (values, keys, lists and mappings); split the dataset over several specs",
                    at: mark)
            }
        default:
            break
        }
        switch event.type {
        case YAML_DOCUMENT_START_EVENT:
            state.documents += 1
            if state.documents > 1 {
                throw error("a second YAML document starts here; a spec is one document: remove this '---' and what follows", at: mark)
            }
        case YAML_ALIAS_EVENT:
            let name = Self.text(event.data.alias.anchor) ?? ""
            guard let target = state.anchors[name] else {
                throw error("alias '*\(name)' names no anchor defined before it; write '&\(name)' on an earlier node", at: mark)
            }
            state.aliasNodes += target.size
            if state.aliasNodes > Self.maxAliasNodes {
                throw error(
                    "aliases here stand for more than \(Self.maxAliasNodes) nodes in all (aliases of aliases multiply); write the repeated parts out or use fewer aliases",
                    at: mark)
            }
            try attach(target.node, size: target.size, at: mark, &state)
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let raw = UnsafeBufferPointer(start: s.value, count: s.value == nil ? 0 : s.length)
            if raw.contains(0) {
                throw error(
                    "this value holds a NUL character (\\0), which PostgreSQL cannot store in a name or in text; remove it", at: mark)
            }
            let value = String(decoding: raw, as: UTF8.self)
            let style: YAMLNode.Scalar.Style
            switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            let node = YAMLNode.scalar(.init(value, style: style, mark: mark, end: endMark))
            if let anchor = Self.text(s.anchor) { state.anchors[anchor] = (node, 1) }
            try attach(node, size: 1, at: mark, &state)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
            guard state.stack.count < Self.maxDepth else {
                throw error("the YAML nests more than \(Self.maxDepth) levels deep here; a spec needs about ten", at: mark)
            }
            let isMapping = event.type == YAML_MAPPING_START_EVENT
            let anchor = Self.text(isMapping ? event.data.mapping_start.anchor : event.data.sequence_start.anchor)
            let flow =
                isMapping
                ? event.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE : event.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE
            state.stack.append(Frame(isMapping: isMapping, mark: mark, flow: flow, anchor: anchor))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
            guard let frame = state.stack.popLast() else { return }
            let end = frame.flow ? endMark : (frame.lastEnd ?? endMark)
            let node: YAMLNode =
                frame.isMapping
                ? .mapping(.init(frame.pairs, mark: frame.mark, end: end, flow: frame.flow))
                : .sequence(.init(frame.items, mark: frame.mark, end: end, flow: frame.flow))
            if let anchor = frame.anchor { state.anchors[anchor] = (node, frame.size) }
            try attach(node, size: frame.size, at: frame.mark, &state)
        default:
            break
        }
    }

    /// Adds a finished node (written at `mark`) to the open collection, or makes it the root.
    private func attach(_ node: YAMLNode, size: Int, at mark: Mark, _ state: inout State) throws(SpecError) {
        guard !state.stack.isEmpty else {
            state.root = node
            return
        }
        let top = state.stack.count - 1
        state.stack[top].size += size
        state.stack[top].lastEnd = node.end
        guard state.stack[top].isMapping else {
            state.stack[top].items.append(node)
            return
        }
        if let key = state.stack[top].pendingKey {
            state.stack[top].pairs.append((key, node))
            state.stack[top].pendingKey = nil
            return
        }
        let text = try keyText(node, at: mark)
        if let line = state.stack[top].keys.updateValue(mark.line, forKey: text) {
            throw error("duplicate key '\(text)' in a mapping; it is already defined on line \(line): remove or rename one", at: mark)
        }
        state.stack[top].pendingKey = node
    }

    private func keyText(_ key: YAMLNode, at mark: Mark) throws(SpecError) -> KeyText {
        switch key {
        case .scalar(let s):
            return .name(s.string)
        case .sequence(let seq):
            var items: [String] = []
            for item in seq {
                guard case .scalar(let s) = item else {
                    throw error("a key that is a list must list names, e.g. [age, income]; this one holds a list or mapping", at: mark)
                }
                items.append(s.string)
            }
            return .list(items)
        case .mapping:
            throw error(
                "a mapping key must be a name (or a list of names, as in correlate: { [age, income]: 0.35 }), not a mapping", at: mark)
        }
    }

    private func error(_ message: String, at mark: Mark) -> SpecError {
        SpecError(message, at: SourceLocation(file: file, line: mark.line, column: mark.column))
    }

    private static func text(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        p.map { String(cString: UnsafePointer($0)) }
    }

    /// libyaml's error, at the place it names.
    private func parserError(_ parser: yaml_parser_t, _ bytes: UnsafeBufferPointer<UInt8>) -> SpecError {
        let problem = parser.problem.map { String(cString: $0) } ?? "unknown problem"
        switch parser.error {
        case YAML_MEMORY_ERROR:
            return error("out of memory while reading YAML", at: Mark(line: 1, column: 1))
        case YAML_READER_ERROR:
            let offset = min(Int(parser.problem_offset), bytes.count)
            var line = 1, column = 1
            for b in bytes[0..<offset] {
                if b == 0x0A {
                    line += 1
                    column = 1
                } else if b & 0xC0 != 0x80 {
                    column += 1
                }
            }
            let value = parser.problem_value
            let character = value >= 0 ? " (character U+\(String(UInt32(value), radix: 16, uppercase: true).leftPadded(to: 4)))" : ""
            return error(
                "invalid YAML: \(problem)\(character); remove it or write it as an escape in a double-quoted string",
                at: Mark(line: line, column: column))
        default:
            let context = parser.context.map { " (\(String(cString: $0)))" } ?? ""
            let mark = Mark(line: Int(parser.problem_mark.line) + 1, column: Int(parser.problem_mark.column) + 1)
            return error("invalid YAML: \(problem)\(context)", at: mark)
        }
    }
}

extension String {
    /// The string with zeros in front, to `width` characters.
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
