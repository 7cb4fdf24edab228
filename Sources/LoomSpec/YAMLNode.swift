/// A node of a spec's YAML document, with the place it is written (see `YAMLComposer`).
///
/// Scalars are kept as text (Loom parses numbers, dates and booleans itself, with located
/// errors); tags are ignored. An alias is replaced by the node its anchor names.
enum YAMLNode: Sendable {
    case scalar(Scalar)
    case mapping(Mapping)
    case sequence(Sequence)

    /// A 1-based position; columns count Unicode scalars, as libyaml does.
    struct Mark: Sendable, Hashable {
        var line: Int
        var column: Int
    }

    /// A single value: its text and how it was written.
    struct Scalar: Sendable {
        enum Style: Sendable { case plain, singleQuoted, doubleQuoted, literal, folded }
        var string: String
        var style: Style
        var mark: Mark
        /// Just past the value's last character (quotes included); `mark` when unknown.
        var end: Mark

        init(_ string: String, style: Style = .plain, mark: Mark, end: Mark? = nil) {
            self.string = string
            self.style = style
            self.mark = mark
            self.end = end ?? mark
        }
    }

    /// Key-value pairs in file order (keys are unique: `YAMLComposer` rejects repeats).
    struct Mapping: Sendable, RandomAccessCollection {
        typealias Element = (key: YAMLNode, value: YAMLNode)
        var pairs: [Element]
        var mark: Mark
        /// Just past the closing `}` of a flow mapping, or the end of a block mapping's last value.
        var end: Mark
        /// Written as `{ … }` rather than as indented lines.
        var flow: Bool

        init(_ pairs: [Element], mark: Mark, end: Mark? = nil, flow: Bool = false) {
            self.pairs = pairs
            self.mark = mark
            self.end = end ?? mark
            self.flow = flow
        }

        var startIndex: Int { pairs.startIndex }
        var endIndex: Int { pairs.endIndex }
        var indices: Range<Int> { pairs.indices }
        subscript(i: Int) -> Element { pairs[i] }
        func makeIterator() -> IndexingIterator<[Element]> { pairs.makeIterator() }
    }

    /// Items in file order.
    struct Sequence: Sendable, RandomAccessCollection {
        var nodes: [YAMLNode]
        var mark: Mark
        /// Just past the closing `]` of a flow sequence, or the end of a block sequence's last item.
        var end: Mark
        /// Written as `[ … ]` rather than as `- ` lines.
        var flow: Bool

        init(_ nodes: [YAMLNode], mark: Mark, end: Mark? = nil, flow: Bool = false) {
            self.nodes = nodes
            self.mark = mark
            self.end = end ?? mark
            self.flow = flow
        }

        var startIndex: Int { nodes.startIndex }
        var endIndex: Int { nodes.endIndex }
        var indices: Range<Int> { nodes.indices }
        subscript(i: Int) -> YAMLNode { nodes[i] }
        func makeIterator() -> IndexingIterator<[YAMLNode]> { nodes.makeIterator() }
    }

    /// Where the node is written (for an alias: where its anchor's node is).
    var mark: Mark {
        switch self {
        case .scalar(let s): s.mark
        case .mapping(let m): m.mark
        case .sequence(let s): s.mark
        }
    }

    /// Just past where the node is written (see each case's `end`).
    var end: Mark {
        switch self {
        case .scalar(let s): s.end
        case .mapping(let m): m.end
        case .sequence(let s): s.end
        }
    }

    /// The text of a scalar; nil for mappings and sequences.
    var string: String? {
        if case .scalar(let s) = self { return s.string }
        return nil
    }
}
