/// Whether `avoid_copies:` can work at all on a table: when every column it compares takes a
/// few values, the rows Loom can make over them are the combinations of those values, and if
/// the source holds every combination, each generated row equals a source row however often
/// it is drawn again.
enum CopyCoverage {
    /// Combinations of `values` (per compared column, the values Loom makes, NULL as nil) and
    /// how many of them some row of `rows` (the compared columns' values, in the same order)
    /// holds; nil when a column's values are not a finite set (nil) or the combinations
    /// exceed `limit`.
    static func count(rows: [[String?]], values: [Set<String?>?], limit: Int = 100_000) -> (combinations: Int, present: Int)? {
        var combinations = 1
        for v in values {
            guard let v, !v.isEmpty else { return nil }
            let (product, overflow) = combinations.multipliedReportingOverflow(by: v.count)
            guard !overflow, product <= limit else { return nil }
            combinations = product
        }
        var seen = Set<[String?]>()
        for row in rows where row.count == values.count {
            if row.indices.allSatisfy({ values[$0]!.contains(row[$0]) }) { seen.insert(row) }
        }
        return (combinations, seen.count)
    }

    /// Why a table gets no `avoid_copies:`: `columns` take `combinations` combinations that
    /// the source all holds; `keys` are the columns that still tell its rows apart.
    static func reason(columns: [String], combinations: Int, keys: [String]) -> String {
        let subject = columns.count == 1 ? "its column \(columns[0]) takes" : "its columns \(columns.joined(separator: ", ")) take"
        let what =
            combinations > 1
            ? "\(combinations) combinations, all present" : columns.count == 1 ? "1 value, present" : "1 combination, present"
        let distinct =
            keys.isEmpty
            ? "every row Loom can make equals a source row"
            : "its rows differ from the source's only through \(keys.joined(separator: ", "))"
        return "no avoid_copies: \(subject) \(what) in the source, so redrawing cannot avoid them; \(distinct)"
    }
}
