/// One column of a table: its SQL type, where its values come from, and modifiers.
public struct ColumnSpec: Sendable, Hashable {
    /// Where a column's values come from.
    public enum Source: Sendable, Hashable {
        case generator(GeneratorSpec)
        /// A foreign key to `table.column`; `pick` chooses the parent row (for tables that are
        /// not the parent's children; a child's reference to its own parent is its parent's key).
        case reference(table: String, column: String, pick: ParentPick)
        case expression(Expression)
    }

    public var name: String
    public var type: SQLType
    public var source: Source
    /// Probability in [0, 1) that a row's value is NULL.
    public var nullRate: Double
    public var unique: Bool
    public var primaryKey: Bool
    /// Numeric values are clamped into this range before conversion.
    public var clamp: ClosedRange<Double>?
    /// Float values are rounded to this many decimals.
    public var round: Int?
    /// Values fall on this grid (`step:`): numbers at the nearest multiple inside the clamp,
    /// dates and timestamps at the start of their step.
    public var step: ValueStep?
    public var location: SourceLocation
    /// Location of the generator, reference or expression text (for expression errors,
    /// the first character of the expression itself).
    public var sourceLocation: SourceLocation
    /// For expressions: the file location of each character of the expression text (and its end).
    public var textLocations = TextLocations()
    /// A reference written without `type`: validation gives it the referenced column's type.
    public var inheritsType = false
    /// Boundary values mixed in on request (`edge_cases:`), set on the column or by its table.
    public var edgeCases: EdgeCases?
    /// Where the spec names other columns this column reads (`email: [first, last]`, `like: city`).
    public var nameLocations: [String: SourceLocation] = [:]
    /// `keep: true`: a person chose this column's generator; `loom profile --update` leaves it as written.
    public var keep = false

    /// The file location of character `offset` of the expression text.
    public func location(atCharacter offset: Int) -> SourceLocation {
        guard !textLocations.isEmpty else { return sourceLocation.advanced(by: offset) }
        return textLocations[offset]
    }

    public init(
        name: String, type: SQLType, source: Source, nullRate: Double = 0, unique: Bool = false,
        primaryKey: Bool = false, clamp: ClosedRange<Double>? = nil, round: Int? = nil,
        location: SourceLocation, sourceLocation: SourceLocation
    ) {
        self.name = name
        self.type = type
        self.source = source
        self.nullRate = nullRate
        self.unique = unique
        self.primaryKey = primaryKey
        self.clamp = clamp
        self.round = round
        self.location = location
        self.sourceLocation = sourceLocation
    }

    /// Whether the column can hold NULL.
    public var nullable: Bool {
        if nullRate > 0 { return true }
        if case .expression = source { return true }
        if case .generator(let g) = source, g.makesNull { return true }
        if case .reference(_, _, .tree) = source { return true }
        return false
    }
}

/// How a foreign key chooses its parent row.
public enum ParentPick: Sendable, Hashable {
    case uniform
    /// Parent rows ranked by a fixed scramble of their index, rank k chosen with weight k^-s.
    case zipf(s: Double)
    /// Each parent row gets a number of children from the histogram (scaled to the rows of the
    /// referencing table): the children-per-parent law of a table's second or third parent.
    case histogram(CountHistogram)
    /// In a `per_parent` table: the k-th child of a parent row takes row k of a permutation of the
    /// target's rows keyed by the parent row, so no parent refers to the same target row twice
    /// (while it has no more children than the target has rows): link tables with a composite key.
    case distinct
    /// A histogram pick whose rows of one parent row never share a referenced row (while the
    /// parent has no more children than the slots allow): a link table keeps its skew and its key.
    case distinctHistogram(CountHistogram)
    /// A reference to the table's own key: rows below `roots` are NULL (the roots), row i above
    /// refers to row (i − roots) / fanout, an earlier row, so the hierarchy has no cycle and a depth
    /// of about log_fanout(rows).
    case tree(fanout: Int, roots: Int)
    /// The row another reference column of the same row picked in the same table: the other
    /// columns of a composite foreign key, so the tuple is a row that exists.
    case with(String)
}
