import LoomPostgres

/// Children per parent row drawn given a column of the parent row: for each `per_parent` table,
/// the number of children of every parent row is read next to the parent's columns, and when one
/// parent column explains the count (customers' segment → their invoices, an order's channel →
/// its lines), the fan-out becomes a histogram per case of that column
/// (`{ histogram: { by: segment, "vip": { … }, default: { … } } }`).
///
/// The same bins, strength and privacy safeguards as `ParentLinks`: a link is learned over at
/// least `ParentLinks.minParents` parent rows and must be `ParentLinks.threshold` strong; each
/// case needs `minCaseParents` parents (and 2k), and its histogram keeps counts in buckets of at
/// least k parents (`FanOutCoarsener`).
///
/// A conditioned fan-out gives up the exact size of the unconditioned histogram: the parents'
/// column is drawn, so each parent's count is in effect drawn from the whole law, and the table's
/// size varies by σ / (μ √parents). The link is written only when that is under `maxSizeError`;
/// otherwise the summary says what was found and why the exact histogram stays.
struct FanOutLinks {
    let connection: PostgresConnection
    let options: ProfileOptions
    let privacy: PrivacyFilter
    static let minCaseParents = 20
    static let maxSizeError = 0.01

    func apply(_ tables: inout [ProfiledTable], infos: [TableInfo]) throws {
        let infoByName = Dictionary(infos.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let byName = Dictionary(tables.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        for i in tables.indices {
            guard let fan = tables[i].perParent, fan.count.hasPrefix("{ histogram: "), let p = byName[fan.parent],
                tables[p].rows >= Int64(ParentLinks.minParents), let childInfo = infoByName[tables[i].name],
                let parentInfo = infoByName[fan.parent],
                let key = tables[i].columns.first(where: { $0.name == fan.column })?.ref?.split(separator: ".").last
            else { continue }
            let columns = candidates(parentInfo, tables[p])
            guard !columns.isEmpty else { continue }
            let read = try counts(columns, parent: parentInfo, child: childInfo, fk: fan.column, key: String(key))
            let children = (0..<read.rowCount).map { Int(read.value($0, columns.count) ?? "0") ?? 0 }
            guard let learned = link(columns, read, children: children) else { continue }
            let parents = tables[p].rows
            let error = Self.sizeError(children, parents: parents)
            guard error <= Self.maxSizeError else {
                tables[i].perParent?.summary =
                    fan.summary
                    + "; depends on \(learned.column) (strength \(learned.strength)), kept unconditioned: at \(parents) parents a conditioned size would vary by \(Fmt.num(error * 100, digits: 2))%"
                continue
            }
            tables[i].perParent?.count = learned.count
            tables[i].perParent?.summary = learned.summary + "; " + fan.summary
            tables[i].links.append("\(tables[i].name) per \(fan.parent) row given \(learned.column) (strength \(learned.strength))")
        }
    }

    /// Parent columns a count may read: the parent columns `ParentLinks` conditions on, less
    /// expressions and columns that read another row, of a kind the model bins.
    func candidates(_ info: TableInfo, _ table: ProfiledTable) -> [(column: ProfiledColumn, kind: ColumnType)] {
        ParentLinks(connection: connection, options: options, privacy: privacy).kinds(info, table, child: false).filter { c, kind in
            c.expr == nil && c.gen?.contains("parent.") == false && ArithmeticRelation.canName(c.name)
                && (c.categories != nil || kind.isNumeric || kind == .bool)
        }
    }

    /// Each parent row's values of `columns` and its number of children (at most the sample size).
    func counts(
        _ columns: [(column: ProfiledColumn, kind: ColumnType)], parent: TableInfo, child: TableInfo, fk: String, key: String
    ) throws -> PostgresResult {
        let select = columns.map { $0.kind.measure("p." + SchemaDDL.quote($0.column.name), maxText: options.maxTextLength) }
        let k = SchemaDDL.quote(key), f = SchemaDDL.quote(fk)
        return try connection.execute(
            """
            SELECT \(select.joined(separator: ", ")), coalesce(c.n, 0)::text
            FROM \(SchemaDDL.qualified(parent.name, schema: parent.schema)) p
            LEFT JOIN (SELECT \(f) AS k, count(*) AS n FROM \(SchemaDDL.qualified(child.name, schema: child.schema))
                WHERE \(f) IS NOT NULL GROUP BY \(f)) c ON c.k = p.\(k)
            LIMIT \(options.sampleRows)
            """)
    }

    /// The relative standard deviation of the table's size when each of `parents` parents draws
    /// its count from the law of the `children` counts read.
    static func sizeError(_ children: [Int], parents: Int64) -> Double {
        let counts = children.map(Double.init)
        guard !counts.isEmpty, parents > 0 else { return .infinity }
        let mean = counts.reduce(0, +) / Double(counts.count)
        let variance = counts.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(counts.count)
        return mean > 0 ? variance.squareRoot() / (mean * Double(parents).squareRoot()) : .infinity
    }

    /// The strongest parent column's conditional histogram, or nil when no column explains the count.
    func link(_ columns: [(column: ProfiledColumn, kind: ColumnType)], _ read: PostgresResult, children: [Int])
        -> (count: String, summary: String, column: String, strength: String)?
    {
        let model = ConditionalModel(privacy: privacy)
        let n = read.rowCount
        guard let countBins = model.discretise(.init(name: "count", kind: .integer, raw: children.map { String($0) }, categories: nil))
        else { return nil }
        var best: (bins: DiscreteColumn, strength: Double)?
        for (j, c) in columns.enumerated() {
            let raw = (0..<n).map { read.value($0, j) }
            guard let bins = model.discretise(.init(name: c.column.name, kind: c.kind, raw: raw, categories: c.column.categories)),
                let s = ChowLiuTree.strength(countBins, bins, minRows: ParentLinks.minParents), s >= ParentLinks.threshold,
                s > (best?.strength ?? 0)
            else { continue }
            best = (bins, s)
        }
        guard let best, let cases = histograms(children, given: best.bins) else { return nil }
        let strength = Fmt.num(best.strength, digits: 2)
        return (cases, "given \(best.bins.name) (strength \(strength))", best.bins.name, strength)
    }

    /// `{ histogram: { by: COLUMN, CASE: HISTOGRAM, …, default: HISTOGRAM } }`, nil without a case.
    func histograms(_ children: [Int], given parent: DiscreteColumn) -> String? {
        let coarsener = FanOutCoarsener(privacy: privacy)
        let minParents = max(Self.minCaseParents, 2 * privacy.minCount)
        var perBin = [[Int: Int]](repeating: [:], count: parent.bins)
        for (i, code) in parent.codes.enumerated() where code >= 0 { perBin[Int(code)][children[i], default: 0] += 1 }
        var cases: [String] = []
        var rest: [Int: Int] = [:]
        for (bin, label) in parent.labels.enumerated() where Int32(bin) != parent.dropped {
            let parents = perBin[bin].values.reduce(0, +)
            if let label, parents >= minParents, let h = coarsener.histogram(perBin[bin]) {
                cases.append("\(Fmt.str(label)): \(FanOutCoarsener.body(h))")
            } else {
                rest.merge(perBin[bin], uniquingKeysWith: +)
            }
        }
        if rest.values.reduce(0, +) < minParents {
            rest = [:]
            for row in perBin { rest.merge(row, uniquingKeysWith: +) }
        }
        guard !cases.isEmpty, let fallback = coarsener.histogram(rest) else { return nil }
        return
            "{ histogram: { by: \(Fmt.key(parent.name)), \(cases.joined(separator: ", ")), default: \(FanOutCoarsener.body(fallback)) } }"
    }
}
