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

        init(_ string: String, style: Style = .plain, mark: Mark) {
            self.string = string
            self.style = style
            self.mark = mark
        }
    }

    /// Key-value pairs in file order (keys are unique: `YAMLComposer` rejects repeats).
    struct Mapping: Sendable, RandomAccessCollection {
        typealias Element = (key: YAMLNode, value: YAMLNode)
        var pairs: [Element]
        var mark: Mark

        init(_ pairs: [Element], mark: Mark) {
            self.pairs = pairs
            self.mark = mark
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

        init(_ nodes: [YAMLNode], mark: Mark) {
            self.nodes = nodes
            self.mark = mark
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

    /// The text of a scalar; nil for mappings and sequences.
    var string: String? {
        if case .scalar(let s) = self { return s.string }
        return nil
    }
}
