import LoomPostgres

/// Child columns that repeat a column of their parent row on (nearly) every row — an invoice's
/// billing country is its customer's country, an order ships to its customer's address — found
/// on the child rows joined to their parent rows through the driving foreign key (the only
/// parent an expression can read; a second key to the same parent is not a source of copies)
/// and written `expr: "parent.COLUMN"`, so the rule holds on every generated row.
///
/// A pair is a copy when the two columns agree almost perfectly beyond chance (see
/// `Agreement`). The source's few exceptions (a customer whose orders ship elsewhere, a name
/// spelled differently) become copies too: each belongs to one parent row, a value fewer than
/// k parents share, which may not be written; and generating fresh values for them would break
/// the pairing that the copy keeps on every other row.
struct ParentCopies {
    let connection: PostgresConnection
    let options: ProfileOptions
    let minRows: Int

    /// Cohen's kappa a copy needs: "almost perfect" agreement. Over many values it asks that
    /// about 90% of the rows agree; over columns that mostly hold one value, far more.
    static let minKappa = 0.9

    /// How one child column agrees with one parent column over the joined rows where either
    /// has a value (rows NULL on both sides say nothing, and a copy keeps them).
    struct Agreement: Equatable {
        /// Rows where the child's or the parent's column is not NULL.
        var present: Int
        /// Rows where both are equal (and not NULL).
        var equal: Int
        /// The share of the present rows that would agree if the columns were independent:
        /// the sum over values of their two shares.
        var chance: Double

        var share: Double { present > 0 ? Double(equal) / Double(present) : 0 }

        /// Agreement beyond chance, 1 when every row agrees; 0 for columns that hold one and the
        /// same value (agreeing says nothing there).
        var kappa: Double { chance < 1 ? (share - chance) / (1 - chance) : 0 }

        /// Whether the child column is a copy of the parent's, on at least `minRows` agreeing rows.
        func isCopy(minRows: Int) -> Bool { equal >= minRows && kappa >= ParentCopies.minKappa }
    }

    /// Whether a child column of spec type `child` can hold every value of a parent column of
    /// spec type `parent`: the same type, or text at least as long.
    static func fits(child: String, parent: String) -> Bool {
        if child == parent { return true }
        /// The longest text a type holds (`Int.max` unbounded), nil for types other than text.
        func textLength(_ t: String) -> Int? {
            if t == "text" || t == "varchar" { return Int.max }
            guard t.hasPrefix("varchar("), t.hasSuffix(")") else { return nil }
            return Int(t.dropFirst(8).dropLast())
        }
        guard let c = textLength(child), let p = textLength(parent) else { return false }
        return c >= p
    }

    /// `(child column, parent column, agreement)` of the copies among `candidates` (the child's
    /// generated columns, with their spec types) for the foreign key `fk` to `parent.key`; a
    /// child column copies the parent column it agrees with most.
    func find(child: TableInfo, candidates: [(name: String, type: String)], fk: String, parent: TableInfo, key: String) throws -> [(
        String, String, Agreement
    )] {
        let parentColumns = parent.columns.compactMap { c -> (name: String, type: String, kind: ColumnType)? in
            guard c.name != key, ArithmeticRelation.canName(c.name), let (spec, kind) = ColumnType.map(c.type), kind.fingerprinted else {
                return nil
            }
            return (c.name, spec, kind)
        }
        let pairs = candidates.enumerated().flatMap { i, c in
            parentColumns.enumerated().filter { Self.fits(child: c.type, parent: $0.element.type) }.map { (i, $0.offset) }
        }
        guard !pairs.isEmpty else { return [] }
        let joined = self.joined(child: child, candidates: candidates.map(\.name), fk: fk, parent: parent, columns: parentColumns, key: key)
        // One scan counts every pair; agreement by chance is measured only where enough rows agree.
        let counts = try connection.execute(
            "\(joined) SELECT \(pairs.map { i, j in "count(*) FILTER (WHERE c\(i) IS NOT NULL OR p\(j) IS NOT NULL), count(*) FILTER (WHERE c\(i) = p\(j))" }.joined(separator: ", ")) FROM j"
        )
        let likely = pairs.indices.compactMap { n -> (pair: Int, present: Int, equal: Int)? in
            let present = Int(counts.value(0, 2 * n) ?? "") ?? 0, equal = Int(counts.value(0, 2 * n + 1) ?? "") ?? 0
            return equal >= minRows && Double(equal) >= Self.minKappa * Double(present) ? (n, present, equal) : nil
        }
        guard !likely.isEmpty else { return [] }
        let chances = try connection.execute(
            "\(joined) SELECT \(likely.map { Self.chanceSQL(pairs[$0.pair].0, pairs[$0.pair].1) }.joined(separator: ", "))")
        var best: [Int: (parent: Int, agreement: Agreement)] = [:]
        for (n, l) in likely.enumerated() {
            let (i, j) = pairs[l.pair]
            let agreement = Agreement(
                present: l.present, equal: l.equal,
                chance: (Double(chances.value(0, n) ?? "") ?? 0) / (Double(l.present) * Double(l.present)))
            guard agreement.isCopy(minRows: minRows), agreement.kappa > best[i]?.agreement.kappa ?? -1 else { continue }
            best[i] = (j, agreement)
        }
        return best.keys.sorted().map { i in (candidates[i].name, parentColumns[best[i]!.parent].name, best[i]!.agreement) }
    }

    /// `WITH j AS (…)`: the child's sampled rows joined to their parent rows, the candidates
    /// measured as `c0, c1, …` and the parent's columns as `p0, p1, …`.
    func joined(
        child: TableInfo, candidates: [String], fk: String, parent: TableInfo, columns: [(name: String, type: String, kind: ColumnType)],
        key: String
    ) -> String {
        let kinds = Dictionary(
            child.columns.compactMap { c in ColumnType.map(c.type).map { (c.name, $0.kind) } }, uniquingKeysWith: { a, _ in a })
        let measured =
            candidates.enumerated().map { i, c in
                "\((kinds[c] ?? .text).measure("c." + SchemaDDL.quote(c), maxText: options.maxTextLength)) AS c\(i)"
            }
            + columns.enumerated().map { j, p in
                "\(p.kind.measure("p." + SchemaDDL.quote(p.name), maxText: options.maxTextLength)) AS p\(j)"
            }
        return """
            WITH j AS (SELECT \(measured.joined(separator: ", "))
            FROM (SELECT * FROM \(SchemaDDL.qualified(child.name, schema: child.schema)) LIMIT \(options.sampleRows)) c
            JOIN \(SchemaDDL.qualified(parent.name, schema: parent.schema)) p ON c.\(SchemaDDL.quote(fk)) = p.\(SchemaDDL.quote(key)))
            """
    }

    /// The number of joined row pairs whose `c<i>` equals their `p<j>` (NULLs apart): the
    /// present rows squared times the share that agrees by chance.
    static func chanceSQL(_ i: Int, _ j: Int) -> String {
        "(SELECT sum(a.n * b.n) FROM (SELECT c\(i) AS v, count(*) AS n FROM j GROUP BY 1) a JOIN (SELECT p\(j) AS v, count(*) AS n FROM j GROUP BY 1) b USING (v))"
    }
}
