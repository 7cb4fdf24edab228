import LoomSpec

/// The table sections an update refits besides columns: the copula (`correlate:`) and the
/// source rows no generated row may copy (`avoid_copies:`). A section is refitted only where the
/// spec has one; a spec without it stays without.
extension SpecUpdater {
    /// `correlate:` of a table that has one: the fresh pairs between columns this update
    /// refitted, and the written pairs that name a column kept as written, among the columns the
    /// copula can drive in the updated spec, repaired into a valid matrix (`CopulaFitter.usable`).
    func refitCorrelate(_ table: TableSpec, _ profiled: ProfiledTable, refitted: Set<String>, _ splice: inout TextSplice)
        -> SectionRefit?
    {
        guard !table.correlations.isEmpty, let mapping = outline.table(table.name), let entry = mapping.entry("correlate") else {
            return nil
        }
        var refit = SectionRefit(table: table.name, section: "correlate", outcome: .kept("written as an alias"))
        guard !entry.isAlias else { return refit }
        let both = { (p: (a: String, b: String, r: Double)) in refitted.contains(p.a) && refitted.contains(p.b) }
        let written = table.correlations.map { (a: $0.first, b: $0.second, r: $0.rho) }
        let fresh = profiled.correlations.filter(both)
        let capable = Set(table.columns.filter { copulaCapable($0, table: table, refitted: refitted, profiled) }.map(\.name))
        let merged = CopulaFitter.usable(fresh + written.filter { !both($0) }, allowed: capable)
        guard !merged.isEmpty else {
            refit.outcome = .kept("no pair of its columns correlates by \(Fmt.num(CopulaFitter.noiseFloor)) or more in the database now")
            return refit
        }
        refit.outcome = .refitted
        refit.summary = Self.copulaChange(from: written, to: merged)
        let text =
            mapping.flow
            ? "{ " + merged.map(SpecWriter.pairText).joined(separator: ", ") + " }"
            : SpecWriter.correlateText(merged, indent: mapping.indent)
        let span = Span(start: entry.keySpan.end, end: entry.valueSpan.end)
        if outline.text(span) == ": " + text {
            refit.summary = "unchanged (\(merged.count) pair\(merged.count == 1 ? "" : "s"))"
        } else {
            splice.replace(span, with: ": " + text)
        }
        return refit
    }

    /// `avoid_copies:` of a table that has one: the fresh bitmap over the database's rows now,
    /// when it compares the same columns as the written one.
    func refitAvoidCopies(_ table: TableSpec, _ profiled: ProfiledTable, _ splice: inout TextSplice) -> SectionRefit? {
        guard let old = table.avoidCopies, let entry = outline.table(table.name)?.entry("avoid_copies") else { return nil }
        var refit = SectionRefit(table: table.name, section: "avoid_copies", outcome: .kept("written as an alias"))
        guard !entry.isAlias else { return refit }
        guard let now = profiled.avoidCopies else {
            let why =
                profiled.avoidCopiesWaived ?? profiled.warnings.first { $0.contains("copies of source rows") } ?? "the profile made none"
            refit.outcome = .kept("the database's rows give no fresh bitmap (\(why)), so it still guards the rows it was made from")
            return refit
        }
        guard Set(now.columns) == Set(old.columns) else {
            let more = now.columns.filter { !old.columns.contains($0) }, fewer = old.columns.filter { !now.columns.contains($0) }
            let differences =
                (more.isEmpty ? [] : ["also compare \(more.joined(separator: ", "))"])
                + (fewer.isEmpty ? [] : ["no longer compare \(fewer.joined(separator: ", "))"])
            refit.outcome = .kept(
                "a fresh bitmap would \(differences.joined(separator: " and ")) (the database's rows no longer match the spec's columns); run loom profile for a new section"
            )
            return refit
        }
        refit.outcome = .refitted
        refit.summary =
            "bitmap refitted over \(now.sourceRows) distinct source rows (was \(old.sourceRows)), \(now.filter.count * 8) bits (was \(old.filter.count * 8))"
        let text = SpecWriter.avoidCopiesText(now)
        if outline.text(entry.valueSpan) == text {
            refit.summary = "unchanged (bitmap over \(now.sourceRows) distinct source rows)"
        } else {
            splice.replace(entry.valueSpan, with: text)
        }
        return refit
    }

    /// Whether the copula can drive `column` once the update is applied: a refitted column by its
    /// fresh generator, any other by its written one.
    func copulaCapable(_ column: ColumnSpec, table: TableSpec, refitted: Set<String>, _ profiled: ProfiledTable) -> Bool {
        guard !column.unique, !column.primaryKey else { return false }
        if refitted.contains(column.name) {
            if let fresh = freshSpec?.table(table.name)?.columns.first(where: { $0.name == column.name }) {
                if case .generator(let g) = fresh.source { return g.copulaCapable }
                return false
            }
            return profiled.correlations.contains { $0.a == column.name || $0.b == column.name }
        }
        if case .generator(let g) = column.source { return g.copulaCapable }
        return false
    }

    /// `12 pairs refitted, 2 added, 1 dropped; largest move [a, b] 0.61 → 0.74`.
    static func copulaChange(from old: [(a: String, b: String, r: Double)], to new: [(a: String, b: String, r: Double)]) -> String {
        func key(_ p: (a: String, b: String, r: Double)) -> String { p.a < p.b ? "\(p.a)\u{0}\(p.b)" : "\(p.b)\u{0}\(p.a)" }
        let before = Dictionary(old.map { (key($0), $0.r) }, uniquingKeysWith: { a, _ in a })
        let after = Set(new.map(key))
        var largest: (pair: String, from: Double, to: Double)?
        var kept = 0
        var added = 0
        for p in new {
            guard let r = before[key(p)] else {
                added += 1
                continue
            }
            kept += 1
            if abs(p.r - r) > abs((largest?.to ?? 0) - (largest?.from ?? 0)) {
                largest = ("[\(p.a), \(p.b)]", r, p.r)
            }
        }
        let dropped = before.keys.filter { !after.contains($0) }.count
        var parts = ["\(kept) pair\(kept == 1 ? "" : "s") refitted"]
        if added > 0 { parts.append("\(added) added") }
        if dropped > 0 { parts.append("\(dropped) dropped") }
        let moved = largest.map { "; largest move \($0.pair) \(Fmt.num($0.from, digits: 3)) → \(Fmt.num($0.to, digits: 3))" } ?? ""
        return parts.joined(separator: ", ") + moved
    }

    typealias Span = SpecOutline.Span
}
