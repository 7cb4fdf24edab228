import Foundation

/// The learned conditional model of a table: a Chow–Liu tree over its categorical, boolean and
/// numeric columns (discretised), each column of the tree drawn given its parent column with
/// `by:` — a category's own shares (`choice`), probability (`bernoulli`) or quantile table
/// (`quantiles`) per category or range of the parent. Pairs of numbers, and pairs the copula
/// drives, are left to the copula.
///
/// Every learned count passes the privacy filter: a case needs at least `minCaseRows` rows (and
/// k), its categories at least k records, its quantiles are means of at least k records.
struct ConditionalModel {
    /// A column the model may use, with its values as measured.
    struct Input {
        var name: String
        var kind: ColumnType
        var raw: [String?]
        /// The kept categories (most frequent first) when the column is written as `choice`.
        var categories: [String]?
    }

    let privacy: PrivacyFilter
    /// Links weaker than this (normalised mutual information) are not modelled.
    static let threshold = 0.05
    static let minCaseRows = 20

    /// Rewrites the generators of `table`'s tree columns as conditionals; returns the links
    /// written, as `child given parent (strength)`.
    ///
    /// Pairs of `copula` columns are left to the copula (which drives numbers and numeric
    /// categories jointly); linking them too would count their dependence twice.
    func apply(_ table: inout ProfiledTable, inputs: [Input], copula: Set<String> = []) -> [String] {
        let usable = inputs.filter { input in
            guard let col = table.columns.first(where: { $0.name == input.name }) else { return false }
            return (col.gen != nil || Self.copiesParent(col)) && !col.primaryKey && !col.unique && ArithmeticRelation.canName(input.name)
        }
        /// Columns copied from the parent row may condition others, never be conditioned.
        let fixed = usable.map { input in table.columns.first { $0.name == input.name }.map(Self.copiesParent) ?? false }
        let columns = usable.map(discretise)
        guard columns.count > 1 else { return [] }
        let minRows = max(200, 5 * privacy.minCount)
        let tree = ChowLiuTree(
            columns: columns.count,
            weight: { i, j in
                guard let a = columns[i], let b = columns[j], !(a.numeric && b.numeric),
                    !(copula.contains(usable[i].name) && copula.contains(usable[j].name))
                else { return nil }
                return ChowLiuTree.strength(a, b, minRows: minRows)
            }, threshold: Self.threshold, rootPreference: { fixed[$0] ? 2 : columns[$0].map { $0.numeric ? 0 : 1 } ?? 0 })
        var written: [String] = []
        for link in tree.links where !fixed[link.child] {
            guard let parent = columns[link.parent], let i = table.columns.firstIndex(where: { $0.name == usable[link.child].name })
            else { continue }
            guard let (gen, covered) = conditional(usable[link.child], given: parent, current: table.columns[i].gen ?? "") else { continue }
            table.columns[i].gen = gen
            if copula.contains(usable[link.child].name), usable[link.child].categories == nil {
                table.columns[i].copulaGroups = Self.groups(parent, covered: covered)
            }
            if usable[link.child].categories != nil { table.columns[i].nullRate = 0 }
            let strength = Fmt.num(link.strength, digits: 2)
            table.columns[i].summary = "given \(parent.name) (strength \(strength)); " + table.columns[i].summary
            written.append("\(table.name).\(usable[link.child].name) given \(parent.name) (strength \(strength))")
        }
        return written
    }

    /// The law each row's value was drawn from in a conditional generator: the parent's bin when
    /// it has a case, -1 for the default, nil for rows whose parent value is never generated.
    static func groups(_ parent: DiscreteColumn, covered: Set<Int32>) -> [Int32?] {
        parent.codes.map { code in covered.contains(code) ? code : code == parent.dropped ? nil : -1 }
    }

    /// Whether the column is `parent.COLUMN`: computed from the parent row alone.
    static func copiesParent(_ c: ProfiledColumn) -> Bool {
        guard let e = c.expr, e.hasPrefix("parent.") else { return false }
        return ArithmeticRelation.canName(String(e.dropFirst(7)))
    }

    /// The column's bins: categories, booleans, or quartile ranges of numbers.
    func discretise(_ input: Input) -> DiscreteColumn? {
        if let cats = input.categories { return .categorical(input.name, raw: input.raw, kept: cats) }
        switch input.kind {
        case .bool:
            let raw = input.raw.map { $0.map { $0 == "t" || $0 == "true" ? "true" : "false" } }
            return .categorical(input.name, raw: raw, kept: ["true", "false"])
        case .integer, .float, .decimal, .date, .timestamp:
            let values = input.raw.map { $0.flatMap(Double.init) }
            let sorted = values.compactMap { $0 }.filter(\.isFinite).sorted()
            let whole = input.kind == .integer || input.kind == .date
            let edges = DiscreteColumn.quartileEdges(privacy.quantiles(sorted), round: { whole ? $0.rounded() : $0 })
            return .ranges(input.name, values: values, edges: edges, format: { Self.literal($0, input.kind) })
        default:
            return nil
        }
    }

    /// A bound or value as the column's literal: dates and timestamps as such, whole numbers plain.
    static func literal(_ x: Double, _ kind: ColumnType) -> String {
        switch kind {
        case .date: Fmt.date(x)
        case .timestamp: Fmt.timestamp(x)
        case .integer: Fmt.num(x.rounded())
        default: Fmt.num(x, digits: 6)
        }
    }
}
