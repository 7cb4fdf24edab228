import LoomSpec

/// Refits the learned parts of an existing spec from a fresh profile, as text edits: a column
/// whose generator is of a kind `loom profile` fits (a numeric law, `quantiles`, `mixture`,
/// `choice`, `bernoulli`, a date or time range, a learned `by:`) gets the fresh generator, NULL rate, clamp
/// and expectation; the tables' `correlate:` and `avoid_copies:` follow (`SpecUpdater+Guards`);
/// everything else — personas, sequences, expressions, references, hand-written generators,
/// columns marked `keep: true`, comments — stays byte for byte as written.
///
/// Pure: the caller reads the database (`SpecRefitter`).
public struct SpecUpdater {
    /// Generator names (as written) whose parameters `loom profile` fits.
    static let learnedNames: Set<String> = [
        "uniform", "normal", "lognormal", "exponential", "poisson", "geometric", "bernoulli", "choice", "date", "timestamp",
        "interval", "time", "quantiles", "histogram", "mixture",
    ]

    let outline: SpecOutline
    let spec: Spec
    let fresh: [ProfiledTable]
    /// The fresh profile's own spec, for the columns its generators read.
    let freshSpec: Spec?
    /// Tables of the database schema.
    let schemaTables: [String]

    public init(outline: SpecOutline, spec: Spec, fresh: [ProfiledTable], freshSpec: Spec?, schemaTables: [String]) {
        self.outline = outline
        self.spec = spec
        self.fresh = fresh
        self.freshSpec = freshSpec
        self.schemaTables = schemaTables
    }

    /// The updated text, each column's outcome, the schema changes and the notes (distances not
    /// measured yet: see `LawShift`).
    public func update() -> SpecUpdate {
        var splice = TextSplice()
        var columns: [ColumnRefit] = []
        var changes: [SchemaChange] = []
        var notes: [String] = []
        var sections: [SectionRefit] = []
        var expectations: [(key: String, value: String)] = []
        let personas = Set(spec.personas.map(\.name))
        let freshByName = Dictionary(fresh.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        let inSchema = Set(schemaTables)
        for table in spec.tables {
            guard let profiled = freshByName[table.name] else {
                changes.append(
                    inSchema.contains(table.name)
                        ? .tableUnreadable(table: table.name, reason: "see the notes") : .tableMissing(table: table.name))
                continue
            }
            let outlineColumns = outline.columns(table.name)
            if case .fixed(let n) = table.rows, n != profiled.rows {
                notes.append("table \(table.name): rows: \(n) in the spec, \(profiled.rows) in the database; kept as written")
            }
            if let count = refitCount(table, profiled, personas: personas, &splice) { columns.append(count) }
            let freshColumns = Dictionary(profiled.columns.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
            let skipped = Dictionary(profiled.skipped.map { ($0.column, $0.type) }, uniquingKeysWith: { a, _ in a })
            for column in table.columns {
                let entry = outlineColumns?.entry(column.name)
                var refit = ColumnRefit(
                    table: table.name, column: column.name, outcome: .kept(""),
                    before: entry?.mapping?.entry("gen")?.head ?? Self.sourceName(column))
                guard let now = freshColumns[column.name] else {
                    if let type = skipped[column.name] {
                        refit.outcome = .kept("its database type \(type) is not profiled")
                    } else {
                        refit.outcome = .kept("not in the database")
                        changes.append(.columnDropped(table: table.name, column: column.name))
                    }
                    columns.append(refit)
                    continue
                }
                let retyped = !column.inheritsType && !Self.sameType(column.type, now.type)
                let reason = keepReason(column, table: table, entry: entry, personas: personas, now: now)
                if retyped {
                    changes.append(
                        .columnRetyped(
                            table: table.name, column: column.name, spec: column.type.description, database: now.type,
                            refitted: reason == nil))
                }
                if let reason {
                    refit.outcome = .kept(reason)
                    columns.append(refit)
                    continue
                }
                guard let fields = entry?.mapping, let gen = fields.entry("gen"), let newGen = now.gen else { continue }
                refit.outcome = .refitted
                refit.after = now.summary
                refit.oldGen = outline.text(gen.valueSpan)
                refit.newGen = newGen
                refit.nullBefore = column.nullRate
                refit.nullAfter = now.nullRate
                if refit.oldGen != newGen { splice.replace(gen.valueSpan, with: newGen) }
                if retyped, let type = fields.entry("type") { splice.replace(type.valueSpan, with: Fmt.str(now.type)) }
                let rate = Fmt.num(now.nullRate, digits: 5)
                if let n = fields.entry("null_rate") {
                    if outline.text(n.valueSpan) != rate, !n.isAlias { splice.replace(n.valueSpan, with: rate) }
                } else if now.nullRate > 0 {
                    splice.insert(at: fields.insertionPoint, fields.insertion(key: "null_rate", value: rate))
                }
                if let r = now.clamp {
                    let clamp = "[\(Fmt.num(r.lowerBound)), \(Fmt.num(r.upperBound))]"
                    if let c = fields.entry("clamp") {
                        if outline.text(c.valueSpan) != clamp, !c.isAlias { splice.replace(c.valueSpan, with: clamp) }
                    } else {
                        splice.insert(at: fields.insertionPoint, fields.insertion(key: "clamp", value: clamp))
                    }
                }
                if let step = now.step?.text {
                    if let c = fields.entry("step") {
                        if outline.text(c.valueSpan) != step, !c.isAlias { splice.replace(c.valueSpan, with: step) }
                    } else {
                        splice.insert(at: fields.insertionPoint, fields.insertion(key: "step", value: step))
                    }
                }
                if let e = now.expectation { expectations.append(("\(table.name).\(column.name)", e)) }
                columns.append(refit)
            }
            addColumns(table, profiled, outlineColumns, &splice, &changes, &expectations)
            let refitted = Set(columns.filter { $0.table == table.name && !$0.isCount && $0.outcome == .refitted }.map(\.column))
            sections += [refitCorrelate(table, profiled, refitted: refitted, &splice), refitAvoidCopies(table, profiled, &splice)]
                .compactMap { $0 }
        }
        for name in schemaTables where spec.table(name) == nil { changes.append(.tableAdded(table: name)) }
        writeExpectations(expectations, &splice)
        let text = splice.apply(to: outline.text)
        return SpecUpdate(text: text, columns: columns, sections: sections, changes: changes, notes: notes, changed: text != outline.text)
    }

    /// Why the column is left as written, nil when it is refitted.
    func keepReason(
        _ column: ColumnSpec, table: TableSpec, entry: SpecOutline.Entry?, personas: Set<String>, now: ProfiledColumn
    ) -> String? {
        if case .sequence = table.rows { return "in a sequence table" }
        if column.keep { return "keep: true" }
        switch column.source {
        case .expression: return "expression"
        case .reference: return "reference"
        case .generator(let g):
            guard let fields = entry?.mapping, let gen = fields.entry("gen"), !gen.isAlias else { return "written as an alias" }
            if gen.head == "persona" { return "persona" }
            guard Self.learnedNames.contains(gen.head ?? ""), Self.isLearned(g, personas: personas) else {
                return "not a fitted law"
            }
            guard now.gen != nil, now.expr == nil, now.ref == nil else {
                return "the database now suggests \(now.expr.map { "expr: \($0)" } ?? "a reference"); not applied"
            }
            if let missing = missingReads(now, table: table) {
                return "its fresh fit reads \(missing), which the spec does not have"
            }
            return nil
        }
    }

    /// Whether `g` is a law `loom profile` fits: not a persona, a locale or a hand-made condition.
    static func isLearned(_ g: GeneratorSpec, personas: Set<String>) -> Bool {
        switch g {
        case .uniformInt, .uniformFloat, .uniformDecimal, .normal, .lognormal, .exponential, .poisson, .geometric, .bernoulli,
            .choice, .dateRange, .timestampRange, .intervalRange, .timeRange, .quantiles, .histogram, .mixture:
            return true
        case .conditional(let c):
            return !c.fromLocale && !personas.contains(c.by) && c.generators.allSatisfy { isLearned($0, personas: personas) }
        default:
            return false
        }
    }

    /// A column the fresh generator reads that the old spec lacks (`by: x`, `by: parent.x`).
    func missingReads(_ now: ProfiledColumn, table: TableSpec) -> String? {
        guard let freshTable = freshSpec?.table(table.name), let c = freshTable.columns.first(where: { $0.name == now.name }),
            case .generator(let g) = c.source
        else { return nil }
        for d in g.dependencies where !table.columns.contains(where: { $0.name == d }) { return d }
        guard !g.parentDependencies.isEmpty else { return nil }
        var parent: String? = nil
        if case .perParent(let p, _) = table.rows { parent = p }
        let freshParent: String? = {
            if case .perParent(let p, _) = freshTable.rows { return p }
            return nil
        }()
        for d in g.parentDependencies {
            guard let parent, parent == freshParent, spec.table(parent)?.columns.contains(where: { $0.name == d }) == true else {
                return "parent.\(d)"
            }
        }
        return nil
    }

    static func expectationKey(_ key: String) -> String { Fmt.key(key).contains("\"") ? Fmt.str(key) : key }

    /// Whether the spec's type and the profiled type text name the same type.
    static func sameType(_ old: SQLType, _ now: String) -> Bool {
        if case .success(let t) = SQLType.parse(now) { return t == old }
        return old.description == now
    }

    /// `normal`, `persona`, `expr`, `ref` — what the column is made by, for the diff.
    static func sourceName(_ c: ColumnSpec) -> String {
        switch c.source {
        case .generator(let g): g.name
        case .reference(let t, let col, _): "ref \(t).\(col)"
        case .expression: "expr"
        }
    }
}
