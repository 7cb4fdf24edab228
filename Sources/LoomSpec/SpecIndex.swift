/// Tables and columns of a spec by name, in constant time.
///
/// `Spec.table(_:)` and `TableSpec.column(_:)` scan; passes that look names up for every column
/// (validation, dependency analysis, compiling a plan) build one index instead, so their work
/// grows linearly with the size of the spec. Where a name is defined twice, the first one counts.
public struct SpecIndex: Sendable {
    public let spec: Spec
    private let tablePositions: [String: Int]
    /// Per table (by position in `spec.tables`): column name → position in its columns.
    private let columnPositions: [[String: Int]]
    /// Per table name: the positions of its `per_parent` and `sequence` children, in file order.
    private let childPositions: [String: [Int]]

    /// An index of `tables` alone (a spec still being read).
    init(tables: [TableSpec]) {
        self.init(Spec(dataset: "", seed: 0, scale: 1, tables: tables, file: "", text: ""))
    }

    public init(_ spec: Spec) {
        self.spec = spec
        var tables: [String: Int] = [:]
        var children: [String: [Int]] = [:]
        var columns: [[String: Int]] = []
        columns.reserveCapacity(spec.tables.count)
        for (i, t) in spec.tables.enumerated() {
            if tables[t.name] == nil { tables[t.name] = i }
            if let p = t.parent { children[p, default: []].append(i) }
            var positions: [String: Int] = [:]
            positions.reserveCapacity(t.columns.count)
            for (j, c) in t.columns.enumerated() where positions[c.name] == nil { positions[c.name] = j }
            columns.append(positions)
        }
        tablePositions = tables
        columnPositions = columns
        childPositions = children
    }

    /// The table named `name`.
    public func table(_ name: String) -> TableSpec? { tablePositions[name].map { spec.tables[$0] } }

    /// Column `name` of the table named `table`.
    public func column(_ name: String, of table: String) -> ColumnSpec? {
        guard let t = tablePositions[table], let c = columnPositions[t][name] else { return nil }
        return spec.tables[t].columns[c]
    }

    /// Tables with `per_parent` or `sequence` on `table`.
    public func children(of table: String) -> [TableSpec] { (childPositions[table] ?? []).map { spec.tables[$0] } }
}
