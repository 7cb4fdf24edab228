import Foundation
import LoomPostgres
import LoomSpec
import LoomStats

/// Profiles one table: reads its rows (or a TABLESAMPLE of them), decides every column's
/// generator under the privacy safeguards, its expectations, and the table's copula and fan-out.
public struct TableProfiler {
    let connection: PostgresConnection
    let options: ProfileOptions
    let privacy: PrivacyFilter
    var coarsener: FanOutCoarsener { FanOutCoarsener(privacy: privacy) }
    /// Distinct values up to which a column is treated as categories.
    static let maxCategories = 20

    init(connection: PostgresConnection, options: ProfileOptions, privacy: PrivacyFilter) {
        self.connection = connection
        self.options = options
        self.privacy = privacy
    }

    /// Profiles `info`; `profiled` names the tables of the same profile (foreign keys to them
    /// become references).
    func profile(_ info: TableInfo, profiled: Set<String>) throws -> ProfiledTable {
        let q = SchemaDDL.qualified(info.name, schema: info.schema)
        let total = Int64(try connection.execute("SELECT count(*) FROM \(q)").value(0, 0) ?? "0") ?? 0
        var table = ProfiledTable(name: info.name, rows: total, sampled: 0, perParent: nil, columns: [])
        var supported: [(TableInfo.Column, String, ColumnType)] = []
        for c in info.columns {
            if let (spec, kind) = ColumnType.map(c.type) {
                supported.append((c, spec, kind))
            } else if let labels = c.enumLabels, !labels.isEmpty {
                // An enum: its labels as text, equally likely (only the NULL share is learned).
                supported.append((c, "text", .generic("{ choice: [\(labels.map(Fmt.flowItem).joined(separator: ", "))] }")))
            } else {
                table.skipped.append((c.name, c.type))
            }
        }
        // A tsvector holds the words of a text column of the table (body, content, …) when there is one.
        let textTypes = Dictionary(
            supported.filter { $0.2 == .text }.compactMap { s in SQLType(parsing: s.1).map { (s.0.name, $0) } },
            uniquingKeysWith: { a, _ in a })
        for i in supported.indices where supported[i].1 == "tsvector" {
            if let source = GeneratorChooser.documentColumn(supported.map(\.0.name), types: textTypes) {
                supported[i].2 = .generic("{ tsvector: \(Fmt.key(source)) }")
            }
        }
        for s in table.skipped {
            table.warnings.append("column \(info.name).\(s.column) has type \(s.type), which Loom cannot generate: skipped")
        }
        for c in info.compositeConstraints {
            table.warnings.append("\(info.name): composite \(c) is not reproduced (only single-column keys are)")
        }
        if info.primaryKey.isEmpty { table.warnings.append("\(info.name) has no primary key: none is generated") }
        if info.primaryKey.count > 1 {
            table.warnings.append("\(info.name) has a composite primary key (\(info.primaryKey.joined(separator: ", "))): not reproduced")
        }
        guard !supported.isEmpty else {
            throw ProfileError(
                "table \(info.schema).\(info.name) has no column of a type Loom can generate (\(info.columns.map { "\($0.name) \($0.type)" }.joined(separator: ", ")))"
            )
        }

        // Read the rows (a repeatable sample above --sample rows).
        var sampleClause = ""
        if total > Int64(options.sampleRows) {
            let pct = min(100, Double(options.sampleRows) / Double(total) * 100 * 1.1)
            sampleClause = " TABLESAMPLE BERNOULLI (\(pct)) REPEATABLE (\(options.seed % 2_147_483_647))"
            table.warnings.append("\(info.name): \(total) rows, profiled from a sample of about \(options.sampleRows)")
        }
        let select = supported.map { $0.2.measure(SchemaDDL.quote($0.0.name), maxText: options.maxTextLength) }.joined(separator: ", ")
        let result = try connection.execute("SELECT \(select) FROM \(q)\(sampleClause) LIMIT \(options.sampleRows)")
        let rows = result.rowCount
        table.sampled = rows

        let pk = info.primaryKey.count == 1 ? info.primaryKey[0] : nil
        let fks = Dictionary(info.foreignKeys.map { ($0.column, $0) }, uniquingKeysWith: { a, _ in a })
        let links = try info.foreignKeys.filter {
            $0.parentSchema == info.schema && $0.parentTable != info.name && profiled.contains($0.parentTable)
        }
        .map { try Relationship.read(connection, child: info, fk: $0) }
        let parentKey = Relationship.driving(links)?.fk
        if let driving = parentKey?.column, info.primaryKey.count == 2, info.primaryKey.contains(driving),
            let other = info.primaryKey.first(where: { $0 != driving }), fks[other] != nil
        {
            table.warnings.removeAll { $0.hasPrefix("\(info.name) has a composite primary key") }
            table.warnings.append(
                "\(info.name): the key (\(info.primaryKey.joined(separator: ", "))) holds: \(other) is distinct within each \(parentKey!.parentTable) row"
            )
        }
        var picks: [String: (pick: String, summary: String)] = [:]
        for link in links {
            let h = coarsener.histogram(link.parentsPerCount)
            let mean = h.map { Fmt.num($0.mean, digits: 4) } ?? "0"
            if link.fk.column == parentKey?.column {
                table.perParent = ProfiledFanOut(
                    parent: link.fk.parentTable, column: link.fk.column, count: h.map(FanOutCoarsener.text) ?? "{ constant: 0 }",
                    pick: h.map(FanOutCoarsener.text), summary: fanOutSummary(link, h))
            }
            if let h {
                picks[link.fk.column] = (
                    FanOutCoarsener.text(h), "reference, \(mean) children per \(link.fk.parentTable) row as in the source"
                )
            }
        }

        var numeric: [ArithmeticRelation.Column] = []
        var times: [OrderingRelation.Column] = []
        var modelled: [ConditionalModel.Input] = []
        var derivable: [DerivedRelation.Column] = []
        for (index, (c, specType, kind)) in supported.enumerated() {
            let raw = (0..<rows).map { result.value($0, index) }
            let nulls = raw.filter { $0 == nil }.count
            var col = ProfiledColumn(name: c.name, type: specType, summary: "")
            col.nullRate = rows > 0 ? Double(nulls) / Double(rows) : 0
            col.primaryKey = c.name == pk
            col.unique = !col.primaryKey && info.unique.contains(c.name)
            if let fk = fks[c.name], fk.parentSchema == info.schema, profiled.contains(fk.parentTable) {
                col.gen = nil
                col.ref = "\(fk.parentTable).\(fk.parentColumn)"
                col.type = specType
                if fk.parentTable == info.name {
                    let tree = try hierarchy(q, column: c.name, rows: total)
                    col.pick = tree.pick
                    col.summary = tree.summary
                    col.nullRate = 0
                    col.expectation = nil
                    table.columns.append(col)
                    continue
                } else if fk.column == parentKey?.column {
                    col.summary = "key of the parent row"
                } else if let driving = parentKey?.column, Self.pairsWithParent(info, c.name, driving) {
                    // The histogram's skew, never the same row twice under one parent (the pair is the key).
                    col.pick = picks[c.name].map { String($0.pick.dropLast(2)) + ", distinct: true }" } ?? "distinct"
                    col.summary =
                        "reference, distinct within each \(info.foreignKeys.first { $0.column == driving }!.parentTable) row (the pair is a key)"
                } else {
                    col.pick = picks[c.name]?.pick
                    col.summary = picks[c.name]?.summary ?? "reference, parent picked uniformly"
                }
                if fk.column == parentKey?.column, col.nullRate > 0 {
                    table.warnings.append(
                        "\(info.name).\(c.name): \(Int((col.nullRate * 100).rounded()))% NULL references are generated as references (children hang under a parent)"
                    )
                    col.nullRate = 0
                } else if col.nullRate > 0 {
                    col.nullRate = privateRate(col.nullRate, rows: rows)
                }
                col.expectation = "{ null_rate: \(Fmt.num(col.nullRate)) }"
                table.columns.append(col)
                continue
            }
            if let fk = fks[c.name] {
                table.warnings.append(
                    "\(info.name).\(c.name) references \(fk.parentSchema).\(fk.parentTable), which is not profiled: generated as a plain column"
                )
            }
            let present = raw.compactMap { $0 }
            if present.isEmpty {
                col.gen = "{ constant: null }"
                col.nullRate = 0
                col.primaryKey = false
                col.unique = false
                col.summary = rows == 0 ? "no rows" : "only NULLs"
                if rows == 0 {
                    // An empty table: a plain generator of the type, so the spec stays usable at any size.
                    col.gen = emptyGenerator(kind)
                    col.summary = "no rows: generic \(kind) values"
                }
                let key = (pk == c.name, info.unique.contains(c.name))
                if rows == 0, key.0 || key.1, let gen = emptyKeyGenerator(kind, type: specType) {
                    // Keys of an empty table stay keys, so the tables that refer to it still load.
                    col.gen = gen
                    col.primaryKey = key.0
                    col.unique = !key.0 && key.1
                } else if info.primaryKey.first == c.name, kind == .integer {
                    col.gen = "sequence"
                    col.primaryKey = pk == c.name
                }
                table.columns.append(col)
                if rows > 0 { table.warnings.append("\(info.name).\(c.name) holds only NULLs: generated as NULL") }
                continue
            }
            col.nullRate = privateRate(col.nullRate, rows: rows)
            try decide(&col, kind: kind, values: present, rows: rows, table: &table, info: info)
            if col.inCopula { col.copulaValues = raw.map { $0.flatMap { Double($0) } } }
            if kind.isNumeric, !col.primaryKey, !col.unique {
                numeric.append(.init(name: c.name, values: raw.map { $0.flatMap { Double($0) } }, tolerance: kind.roundingTolerance))
            }
            if kind == .date || kind == .timestamp, !col.primaryKey, !col.unique, col.ref == nil {
                times.append(.init(name: c.name, values: raw.map { $0.flatMap { Double($0) } }, isDate: kind == .date))
            }
            if kind.isNumeric, !col.primaryKey, !col.unique {
                let k: DerivedRelation.Column.Kind = kind == .date ? .date : kind == .timestamp ? .timestamp : .number
                derivable.append(.init(name: c.name, values: raw.map { $0.flatMap { Double($0) } }, kind: k))
            }
            if col.categories != nil || kind.isNumeric || kind == .bool {
                modelled.append(.init(name: c.name, kind: kind, raw: raw, categories: col.categories))
            }
            table.columns.append(col)
        }
        computed(&table, numeric)
        derived(&table, derivable)
        ordered(&table, times)
        if let fk = parentKey, options.conditionals { try copied(&table, info: info, fk: fk) }
        if options.conditionals {
            let copula = options.correlations ? Set(table.columns.filter(\.inCopula).map(\.name)) : []
            table.links = ConditionalModel(privacy: privacy).apply(&table, inputs: modelled, copula: copula)
        }

        if options.avoidCopies { avoidCopies(&table, info: info, supported: supported, result: result) }
        if options.correlations { Self.correlate(&table) }
        return table
    }

    /// The copula's pairs over the table's copula columns, each column's values ranked within the
    /// laws its generator draws from (`copulaGroups`, after the conditional model).
    static func correlate(_ table: inout ProfiledTable) {
        let inputs = table.columns.compactMap { c in c.copulaValues.map { (c.name, $0) } }
        guard inputs.count >= 2 else { return }
        var groups: [String: [Int32?]] = [:]
        for c in table.columns where c.copulaValues != nil { groups[c.name] = c.copulaGroups }
        table.correlations = CopulaFitter.correlations(inputs, groups: groups).map { ($0.a, $0.b, ($0.r * 1000).rounded() / 1000) }
    }

    /// `avoid_copies:` over the columns a redraw can change: not keys, and not columns computed
    /// from others; none when those columns take few combinations that the source all holds.
    func avoidCopies(
        _ table: inout ProfiledTable, info: TableInfo, supported: [(TableInfo.Column, String, ColumnType)], result: PostgresResult
    ) {
        let computed = table.columns.filter { $0.expr != nil }.map(\.name)
        let keys = Set(info.primaryKey + Array(info.unique) + info.foreignKeys.map(\.column) + computed)
        let comparable = supported.enumerated().filter { !keys.contains($0.element.0.name) && $0.element.2.fingerprinted }.map {
            (name: $0.element.0.name, index: $0.offset, kind: $0.element.2)
        }
        var compared = comparable
        if let wanted = options.avoidCopiesColumns[info.name] {
            let chosen = wanted.compactMap { w in comparable.first { $0.name == w } }
            if chosen.count == wanted.count, !chosen.isEmpty { compared = chosen }
        }
        let values = compared.map { c in table.columns.first { $0.name == c.name }.flatMap { Self.madeValues($0, kind: c.kind) } }
        let rows = (0..<result.rowCount).map { r in compared.map { Self.normalised(result.value(r, $0.index), $0.kind) } }
        if !compared.isEmpty, let coverage = CopyCoverage.count(rows: rows, values: values), coverage.present == coverage.combinations {
            let distinct = info.columns.map(\.name).filter { keys.contains($0) && !computed.contains($0) }
            table.avoidCopiesWaived = CopyCoverage.reason(
                columns: compared.map(\.name), combinations: coverage.combinations, keys: distinct)
            return
        }
        let (avoid, reason) = SourceFingerprints.avoidCopies(result, columns: compared, maxRows: options.avoidCopiesMaxRows)
        table.avoidCopies = avoid
        if let reason { table.warnings.append("\(info.name): copies of source rows are not prevented: \(reason)") }
    }

    /// The values a column of kind `kind` takes when generated, as `normalised` spells them
    /// (NULL as nil): its kept categories, both booleans, or only NULL; nil when they are not a few.
    static func madeValues(_ c: ProfiledColumn, kind: ColumnType) -> Set<String?>? {
        var out: Set<String?>
        if c.gen == "{ constant: null }" {
            return [nil]
        } else if let cats = c.categories {
            out = Set(cats.map { normalised($0, kind) })
        } else if kind == .bool, c.gen?.hasPrefix("{ bernoulli") == true {
            out = ["true", "false"]
        } else {
            return nil
        }
        if c.nullRate > 0 { out.insert(nil) }
        return out
    }

    /// A measured value as categories spell it: numbers in their shortest exact form.
    static func normalised(_ text: String?, _ kind: ColumnType) -> String? {
        guard let text else { return nil }
        return kind.isNumeric ? Double(text).map(Fmt.exact) ?? text : text
    }

    /// A reference to the table's own key as a hierarchy: the rows without a parent are its roots
    /// (their number kept only when at least k rows share it, else 1), each parent row with
    /// children has the mean number of children (rounded).
    func hierarchy(_ table: String, column: String, rows: Int64) throws -> (pick: String, summary: String) {
        let c = SchemaDDL.quote(column)
        let r = try connection.execute("SELECT count(*) FILTER (WHERE \(c) IS NULL), count(\(c)), count(DISTINCT \(c)) FROM \(table)")
        let roots = Int(r.value(0, 0) ?? "") ?? 1, children = Double(r.value(0, 1) ?? "") ?? 0, parents = Double(r.value(0, 2) ?? "") ?? 0
        let fanout = parents > 0 ? max(1, Int((children / parents).rounded())) : 1
        let kept = roots >= privacy.minCount ? roots : 1
        return (
            "{ tree: { fanout: \(fanout), roots: \(kept) } }",
            "hierarchy within the table: \(kept) root row\(kept == 1 ? "" : "s"), \(fanout) children per parent row (source: \(roots) roots, \(Fmt.num(parents > 0 ? children / parents : 0, digits: 3)) children per parent)"
        )
    }

    /// Whether `column` and the driving parent's key column together are the table's primary key
    /// or a unique constraint (a link table): the column must not repeat within a parent row.
    static func pairsWithParent(_ info: TableInfo, _ column: String, _ driving: String) -> Bool {
        let pair: Set = [column, driving]
        if Set(info.primaryKey) == pair { return true }
        return info.compositeConstraints.contains { $0 == "unique (\(column), \(driving))" || $0 == "unique (\(driving), \(column))" }
    }

    /// ` (N rare values, M rows, dropped)`, or nothing when none was.
    static func droppedNote(_ cats: PrivacyFilter.Categories) -> String {
        guard cats.droppedValues > 0 else { return "" }
        return " (\(Fmt.count(cats.droppedValues, "rare value", "rare values")), \(Fmt.count(cats.droppedRecords, "row", "rows")), dropped)"
    }

    /// A NULL share after the safeguards: noised with ε; 0 when fewer than k rows are NULL.
    func privateRate(_ rate: Double, rows: Int) -> Double {
        let nulls = rate * Double(rows)
        if let noise = privacy.noise {
            let noisy = min(Double(rows), noise.noisy(nulls))
            return min(0.99, noisy / Double(max(rows, 1)))
        }
        return nulls < Double(privacy.minCount) ? 0 : min(0.99, rate)
    }

    func emptyGenerator(_ kind: ColumnType) -> String {
        switch kind {
        case .integer: "{ uniform: { min: 0, max: 1000 } }"
        case .float, .decimal: "{ uniform: { min: 0, max: 1 } }"
        case .date: "{ date: { from: 2020-01-01, to: 2024-12-31 } }"
        case .timestamp: "{ timestamp: { from: 2020-01-01, to: 2024-12-31 } }"
        case .bool: "{ bernoulli: 0.5 }"
        case .uuid: "uuid"
        case .text: "{ words: [1, 3] }"
        case .bytes: "{ bytes: 16 }"
        case .generic(let g): g
        }
    }

    /// A generator of distinct values for a key column of an empty table, nil for types without one.
    func emptyKeyGenerator(_ kind: ColumnType, type: String) -> String? {
        switch kind {
        case .integer: return "sequence"
        case .uuid: return "uuid"
        case .text:
            let declared = type.split(whereSeparator: { !$0.isNumber }).last.flatMap { Int($0) }
            return "{ pattern: \"[A-Z]{\(min(declared ?? 12, 12))}\" }"
        default: return nil
        }
    }

    /// Columns that are sums, differences or products of two others on (nearly) every row become
    /// expressions (and leave the copula, which cannot drive them).
    func computed(_ table: inout ProfiledTable, _ numeric: [ArithmeticRelation.Column]) {
        let named = numeric.filter { ArithmeticRelation.canName($0.name) }
        for r in ArithmeticRelation.find(named, minRows: max(20, privacy.minCount)) {
            let share = Int(ArithmeticRelation.minShare * 1000) / 10
            Self.compute(&table, r.target, r.expression, summary: "computed: \(r.expression) on at least \(share)% of the rows")
        }
    }

    /// Columns that repeat a column of the driving parent row become `parent.COLUMN` (NULL where
    /// the parent's is, and with only the NULLs those do not give: `Profiler.settleCopies`).
    func copied(_ table: inout ProfiledTable, info: TableInfo, fk: TableInfo.ForeignKey) throws {
        let parent = try CatalogReader(connection).table(fk.parentTable, schema: fk.parentSchema)
        let candidates = table.columns.filter { c in
            c.gen != nil && c.expr == nil && c.ref == nil && !c.primaryKey && !c.unique && ArithmeticRelation.canName(c.name)
        }.map { (name: $0.name, type: $0.type) }
        let finder = ParentCopies(connection: connection, options: options, minRows: max(20, privacy.minCount))
        for (child, column, agreement) in try finder.find(
            child: info, candidates: candidates, fk: fk.column, parent: parent, key: fk.parentColumn)
        {
            let i = table.columns.firstIndex { $0.name == child }!
            if table.columns[i].categories != nil { table.columns[i].choiceForParent = table.columns[i].gen }
            let share =
                agreement.equal == agreement.present ? "" : " (as on \(Fmt.num(agreement.share * 100, digits: 3))% of the source rows)"
            Self.compute(&table, child, "parent.\(column)", summary: "the parent row's \(column)\(share)")
        }
    }

    /// Whole numbers that are a date's part, a quotient or remainder, or two packed fields.
    func derived(_ table: inout ProfiledTable, _ columns: [DerivedRelation.Column]) {
        let taken = Set(table.columns.filter { $0.expr != nil }.map(\.name))
        for r in DerivedRelation.find(columns, taken: taken, minRows: max(20, privacy.minCount)) {
            let share = Int(ArithmeticRelation.minShare * 1000) / 10
            Self.compute(&table, r.target, r.expression, summary: "computed: \(r.expression) on at least \(share)% of the rows")
        }
    }

    /// Column `name` becomes `expression`: no generator, no clamp or step (they would break the rule),
    /// out of the copula (which cannot drive it).
    static func compute(_ table: inout ProfiledTable, _ name: String, _ expression: String, summary: String) {
        guard let i = table.columns.firstIndex(where: { $0.name == name }) else { return }
        table.columns[i].expr = expression
        table.columns[i].gen = nil
        table.columns[i].clamp = nil
        table.columns[i].step = nil
        table.columns[i].inCopula = false
        table.columns[i].copulaValues = nil
        table.columns[i].summary = summary
    }

    /// Dates and timestamps that never come before another of the row become that one plus a
    /// gap of the fitted law, so the order holds on every generated row.
    func ordered(_ table: inout ProfiledTable, _ times: [OrderingRelation.Column]) {
        let named = times.filter { ArithmeticRelation.canName($0.name) }
        let taken = Set(table.columns.filter { $0.expr != nil }.map(\.name))
        for r in OrderingRelation.find(named, minRows: max(20, privacy.minCount), taken: taken) {
            Self.compute(&table, r.later, r.expression, summary: "never before \(r.earlier): \(r.expression)")
        }
    }

    /// What the fan-out keeps: buckets and the children per parent, real and stored.
    func fanOutSummary(_ link: Relationship, _ h: CountHistogram?) -> String {
        guard let h else { return "no parent rows" }
        let real = link.parents > 0 ? Double(link.children) / Double(link.parents) : 0
        return
            "histogram of \(h.counts.count) counts (rare counts in buckets of at least \(privacy.minCount) parents), mean \(Fmt.num(h.mean, digits: 4)) (source \(Fmt.num(real, digits: 4)))"
    }

    /// Decides generator, modifiers and expectation of a column with at least one value.
    func decide(_ col: inout ProfiledColumn, kind: ColumnType, values: [String], rows: Int, table: inout ProfiledTable, info: TableInfo)
        throws
    {
        let nullPart = "null_rate: \(Fmt.num(col.nullRate))"
        switch kind {
        case .uuid:
            col.gen = "uuid"
            col.summary = "uuid"
            col.expectation = "{ \(nullPart) }"
        case .bool:
            let t = values.filter { $0 == "true" || $0 == "t" }.count
            var trues = Double(t), falses = Double(values.count - t)
            if let noise = privacy.noise { trues = noise.noisy(trues); falses = noise.noisy(falses) }
            let p = trues + falses > 0 ? trues / (trues + falses) : 0.5
            col.gen = "{ bernoulli: \(Fmt.num(p, digits: 4)) }"
            col.summary = String(format: "bernoulli %.3f", p)
            col.expectation =
                "{ frequencies: { \"true\": \(Fmt.num(p, digits: 4)), \"false\": \(Fmt.num(1 - p, digits: 4)) }, \(nullPart) }"
        case .text:
            try decideText(&col, values: values, rows: rows, table: &table, info: info)
        case .integer, .float, .decimal, .date, .timestamp:
            decideNumber(&col, kind: kind, values: values.compactMap { Double($0) }.filter(\.isFinite), rows: rows, table: &table)
        case .bytes:
            let lengths = values.compactMap { Double($0) }.sorted()
            let range = privacy.bounds(lengths) ?? 0...16
            let lo = Int(range.lowerBound.rounded()), hi = max(lo, Int(range.upperBound.rounded()))
            col.gen = "{ bytes: { length: { uniform: { min: \(lo), max: \(hi) } } } }"
            col.summary = "random bytes, \(lo) to \(hi) long"
            col.expectation = "{ \(nullPart) }"
        case .generic(let g):
            col.gen = g
            col.summary = "\(col.type) values of a generic law (not learned)"
            col.expectation = "{ \(nullPart) }"
        }
    }

    func decideText(_ col: inout ProfiledColumn, values: [String], rows: Int, table: inout ProfiledTable, info: TableInfo) throws {
        let nullPart = "null_rate: \(Fmt.num(col.nullRate))"
        var counts: [String: Int] = [:]
        for v in values { counts[v, default: 0] += 1 }
        if values.contains(where: { $0.count >= options.maxTextLength }) {
            table.warnings.append(
                "\(table.name).\(col.name) has values of \(options.maxTextLength)+ characters: analysed cut to that length")
        }
        // Categories: few values, or many that each pass the k-threshold and cover nearly every row.
        if let cats = CategoryRule.categories(counts, rows: values.count, key: col.primaryKey || col.unique, privacy: privacy) {
            let total = cats.kept.reduce(0) { $0 + $1.count }
            let body = cats.kept.map { "\(Fmt.str($0.value)): \(Fmt.num($0.count))" }.joined(separator: ", ")
            col.gen = "{ choice: { \(body) } }"
            col.categories = cats.kept.map(\.value)
            let freq = cats.kept.map { "\(Fmt.str($0.value)): \(Fmt.num($0.count / total, digits: 5))" }.joined(separator: ", ")
            col.expectation = "{ frequencies: { \(freq) }, \(nullPart) }"
            col.summary = Fmt.count(cats.kept.count, "category", "categories") + Self.droppedNote(cats)
            return
        }
        if let cats = CategoryRule.partial(counts, rows: values.count, key: col.primaryKey || col.unique, privacy: privacy),
            let mixture = categoriesAndTail(cats, values: values, column: col.name)
        {
            col.gen = mixture.gen
            col.summary =
                "\(Fmt.count(cats.kept.count, "category", "categories")) on \(Fmt.num(mixture.share * 100, digits: 3))% of rows, \(mixture.tail) for the rest"
                + " (\(Fmt.count(cats.droppedValues, "rare value", "rare values")) on \(Fmt.count(cats.droppedRecords, "row", "rows")), none written)"
            col.expectation = "{ \(nullPart) }"
            return
        }
        let kind = SemanticDetector.detect(column: col.name, values: values)
        let others = info.columns.map(\.name)
        func nameColumn(_ words: [String]) -> String? {
            others.first { n in
                let l = n.lowercased().replacingOccurrences(of: "_", with: ""); return words.contains { l.contains($0) }
            }
        }
        switch kind {
        case .email:
            if let first = nameColumn(["firstname", "givenname"]), let last = nameColumn(["lastname", "surname"]), first != col.name,
                last != col.name
            {
                col.gen = "{ email: [\(Fmt.key(first)), \(Fmt.key(last))] }"
            } else {
                col.gen = "{ pattern: \(Fmt.str("[a-z]{4,9}[0-9]{0,3}@example\\.com")) }"
            }
        case .uuid: col.gen = "uuid"
        case .streetAddress: col.gen = "street_address"
        case .sentence(let lo, let hi): col.gen = "{ sentence: [\(lo), \(hi)] }"
        case .firstName, .lastName, .city, .company, .phone, .code, .words: col.gen = kind.plainGenerator.map { "{ \($0) }" }
        }
        if col.unique || col.primaryKey {
            // Keys need a generator that can be made unique.
            switch kind {
            case .email, .uuid: break
            case .code(let p) where !p.contains(",") && !p.contains("?"): break
            default:
                col.gen = "uuid"
                table.warnings.append("\(table.name).\(col.name) is a text key (\(kind.label)): generated as unique uuid text")
            }
            if case .email = kind, col.gen?.hasPrefix("{ pattern") == true {
                col.gen = "uuid"
                table.warnings.append("\(table.name).\(col.name) is a unique email without name columns: generated as unique uuid text")
            }
        }
        col.summary = kind.label
        col.expectation = "{ \(nullPart) }"
    }

    /// A text column whose kept categories cover only part of its rows: `{ mixture: [ { weight,
    /// choice: kept }, { weight, TAIL } ] }`, the tail's generator learned from the rare values'
    /// shape (a code pattern, a dictionary, words); nil when the tail has no shape Loom makes.
    /// The tail's row count is noised like the categories' counts under `--epsilon`.
    func categoriesAndTail(_ cats: PrivacyFilter.Categories, values: [String], column: String) -> (
        gen: String, tail: String, share: Double
    )? {
        let keptRows = cats.kept.reduce(0) { $0 + $1.count }
        let kept = Set(cats.kept.map(\.value))
        let rare = values.filter { !kept.contains($0) }
        guard !rare.isEmpty else { return nil }
        guard let tail = SemanticDetector.detect(column: column, values: rare).plainGenerator else { return nil }
        let rareRows = privacy.noise.map { $0.noisy(Double(rare.count)) } ?? Double(rare.count)
        let body = cats.kept.map { "\(Fmt.str($0.value)): \(Fmt.num($0.count))" }.joined(separator: ", ")
        let gen = "{ mixture: [ { weight: \(Fmt.num(keptRows)), choice: { \(body) } }, { weight: \(Fmt.num(rareRows)), \(tail) } ] }"
        let label = tail.hasPrefix("pattern") ? "a pattern" : tail.hasPrefix("dict") ? "a dictionary" : "words"
        return (gen, label, keptRows / (keptRows + rareRows))
    }

    func decideNumber(_ col: inout ProfiledColumn, kind: ColumnType, values: [Double], rows: Int, table: inout ProfiledTable) {
        let nullPart = "null_rate: \(Fmt.num(col.nullRate))"
        let sorted = values.sorted()
        let n = sorted.count
        let integer = kind == .integer || kind == .date || sorted.allSatisfy { $0 == $0.rounded() }
        if col.primaryKey || col.unique {
            if kind == .integer {
                col.gen = "sequence"
                col.summary = "key: sequence"
            } else if kind == .date || kind == .timestamp {
                let b = privacy.bounds(sorted) ?? 0...0
                col.gen =
                    kind == .date
                    ? "{ date: { from: \(Fmt.date(b.lowerBound)), to: \(Fmt.date(max(b.upperBound, b.lowerBound + Double(rows) + 1))) } }"
                    : "{ timestamp: { from: \(Fmt.timestamp(b.lowerBound)), to: \(Fmt.timestamp(max(b.upperBound, b.lowerBound + Double(rows) + 1))) } }"
                col.summary = "key: unique range"
            } else {
                col.type = "bigint"
                col.gen = "sequence"
                col.summary = "key: sequence (as bigint)"
                table.warnings.append("\(table.name).\(col.name) is a non-integer key: generated as a bigint sequence")
            }
            col.expectation = "{ \(nullPart) }"
            return
        }
        // The copula sees every numeric value in row order (NULLs as nil).
        col.inCopula = true
        var counts: [Double: Int] = [:]
        for v in sorted { counts[v, default: 0] += 1 }
        if counts.count <= Self.maxCategories, counts.count < n {
            let cats = privacy.categories(Dictionary(uniqueKeysWithValues: counts.map { (Fmt.exact($0.key), $0.value) }))
            if !cats.kept.isEmpty {
                let kept = cats.kept.sorted { Double($0.value)! < Double($1.value)! }
                let total = kept.reduce(0) { $0 + $1.count }
                let lit: (String) -> String = { v in
                    switch kind {
                    case .date: Fmt.date(Double(v)!)
                    case .timestamp: Fmt.str(Fmt.timestamp(Double(v)!))
                    default: v
                    }
                }
                col.gen = "{ choice: { \(kept.map { "\(lit($0.value)): \(Fmt.num($0.count))" }.joined(separator: ", ")) } }"
                col.categories = kind == .date || kind == .timestamp ? nil : cats.kept.map(\.value)
                col.expectation =
                    "{ frequencies: { \(kept.map { "\(Fmt.str(kind == .timestamp || kind == .date ? lit($0.value) : $0.value)): \(Fmt.num($0.count / total, digits: 5))" }.joined(separator: ", ")) }, \(nullPart) }"
                col.summary = Fmt.count(kept.count, "value", "values") + Self.droppedNote(cats)
                if kind == .date || kind == .timestamp { col.expectation = "{ \(nullPart) }" }
                return
            }
        }
        col.step = StepDetector.step(sorted, kind: kind, distinct: counts.count)
        defer {
            if let s = col.step?.value, let c = col.clamp, case .number? = col.step,
                (c.upperBound / s).rounded(.down) < (c.lowerBound / s).rounded(.up)
            {
                col.step = nil
            }
            if let step = col.step { col.summary += ", step \(step.text)" }
        }
        let bounds = privacy.tailBounds(sorted) ?? (sorted.first!...sorted.last!)
        var lo = bounds.lowerBound, hi = bounds.upperBound
        if integer { lo = lo.rounded(); hi = hi.rounded() }
        let fit = kind == .date || kind == .timestamp ? nil : MarginalFitter.fit(sorted: sorted, integer: integer)
        let quantiles = privacy.quantiles(sorted)
        var stats = ""
        if privacy.noise == nil, n >= privacy.minCount {
            let mean = sorted.reduce(0, +) / Double(n)
            let sd = n > 1 ? (sorted.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)).squareRoot() : 0
            stats = "mean: \(Fmt.num(mean)), " + (sd > 0 ? "sd: \(Fmt.num(sd)), " : "")
        }
        let range = "min: \(Fmt.num(lo)), max: \(Fmt.num(hi))"
        if let law = fit?.law {
            var dist: String
            switch law {
            case .normal(let m, let s): dist = "{ normal: { mean: \(Fmt.num(m)), sd: \(Fmt.num(s)) } }"
            case .lognormal(let mu, let s): dist = "{ lognormal: { mu: \(Fmt.num(mu)), sigma: \(Fmt.num(s)) } }"
            case .exponential(let r): dist = "{ exponential: { rate: \(Fmt.num(r)) } }"
            case .uniform: dist = "{ uniform: { min: \(Fmt.num(lo)), max: \(Fmt.num(hi)) } }"
            case .poisson(let l): dist = "{ poisson: \(Fmt.num(l)) }"
            }
            if privacy.noise != nil {
                // Parametric parameters are exact aggregates: with ε, use the noisy table instead.
                dist = ""
            }
            if !dist.isEmpty {
                col.gen = dist
                col.clamp = lo...hi
                col.expectation = "{ dist: \(dist), \(stats)\(range), \(nullPart) }"
                col.summary = String(format: "%@ (KS %.3f)", law.name, fit?.ks ?? 0)
                return
            }
        }
        if fit != nil, fit?.law == nil, privacy.noise == nil,
            let mixture = MixtureFitter.fit(sorted: sorted, integer: integer, minCount: privacy.minCount, table: quantiles)
        {
            // No single law fits and the column is clearly multi-modal: a mixture, not a table.
            col.gen = mixture.generator
            col.clamp = lo...hi
            col.expectation = "{ dist: \(mixture.generator), \(stats)\(range), \(nullPart) }"
            col.summary = String(
                format: "mixture of %d %@ laws (KS %.3f; BIC %.0f vs %.0f)", mixture.mixture.components.count, mixture.family.rawValue,
                mixture.ks, mixture.bic, mixture.rivalBIC)
            return
        }
        let points = quantiles.map { "\(Fmt.num($0.p, digits: 4)): \(timeValue($0.value, kind))" }.joined(separator: ", ")
        col.gen = "{ quantiles: { \(points) } }"
        if kind != .date && kind != .timestamp { col.clamp = lo...hi }
        let expPoints = quantiles.map { "\(Fmt.num($0.p, digits: 4)): \(Fmt.num($0.value))" }.joined(separator: ", ")
        col.expectation = "{ quantiles: { \(expPoints) }, \(stats)\(kind == .date ? "" : range + ", ")\(nullPart) }"
        let ksText = fit?.ks.map { String(format: "; best law KS %.3f > %.3f", $0, fit!.threshold) } ?? ""
        col.summary = "quantile table, \(quantiles.count) points\(ksText)"
    }

    func timeValue(_ v: Double, _ kind: ColumnType) -> String {
        switch kind {
        case .timestamp: Fmt.str(Fmt.timestamp(v))
        default: Fmt.num(v)
        }
    }

}
