import Foundation
import LoomGen
import LoomPostgres
import LoomSpec

/// The result of `loom profile`: the spec text and what was learned and protected.
public struct Profile: Sendable {
    /// The spec, valid for `loom check` and `loom load`.
    public var spec: String
    public var tables: [ProfiledTable]
    /// Whether the spec carries `correlate:` (false when the spec language rejects it or
    /// correlations were not asked for).
    public var correlationsEmitted: Bool
    /// The report: what was protected, skipped and noticed (also the spec's header comments).
    public var report: [String]
}

/// Fits a spec from existing PostgreSQL tables with privacy safeguards (see `PrivacyFilter`).
public struct Profiler {
    let connection: PostgresConnection
    let options: ProfileOptions

    public init(connection: PostgresConnection, options: ProfileOptions) {
        self.connection = connection
        self.options = options
    }

    public func run() throws -> Profile {
        let catalog = CatalogReader(connection)
        var names = options.tables
        if names.isEmpty { names = try catalog.tables(schema: options.schema) }
        guard !names.isEmpty else { throw ProfileError("schema \(options.schema) has no tables to profile") }
        let infos = try names.map { try catalog.table($0, schema: options.schema) }
        let privacy = PrivacyFilter(minCount: options.minCount, epsilon: options.epsilon, seed: options.seed)
        let profiler = TableProfiler(connection: connection, options: options, privacy: privacy)
        let profiled = Set(names)
        var tables: [ProfiledTable] = []
        var skippedTables: [String] = []
        for info in infos {
            do {
                tables.append(try profiler.profile(info, profiled: profiled))
            } catch let e as ProfileError {
                skippedTables.append(e.description)
            }
        }
        guard !tables.isEmpty else { throw ProfileError("nothing to profile: \(skippedTables.joined(separator: "; "))") }
        // A table skipped entirely cannot be a parent: its children become fixed-size tables.
        let kept = Set(tables.map(\.name))
        for i in tables.indices {
            if let p = tables[i].perParent, !kept.contains(p.parent) { Self.detach(&tables[i]) }
            for j in tables[i].columns.indices {
                if let ref = tables[i].columns[j].ref, !kept.contains(String(ref.split(separator: ".")[0])) {
                    tables[i].columns[j].ref = nil
                    tables[i].columns[j].gen = "{ constant: null }"
                    tables[i].warnings.append(
                        "\(tables[i].name).\(tables[i].columns[j].name) referenced a skipped table: generated as NULL")
                }
            }
        }

        Self.breakCycles(&tables)
        Self.settleCopies(&tables)
        try Self.balance(&tables, options.balance)
        if options.conditionals {
            try ParentLinks(connection: connection, options: options, privacy: privacy).apply(&tables, infos: infos)
            try FanOutLinks(connection: connection, options: options, privacy: privacy).apply(&tables, infos: infos)
        }

        if options.correlations {
            // Only columns the copula can drive, in a matrix `correlate:` accepts.
            let plain = SpecWriter.write(dataset: options.dataset, seed: options.seed, tables: tables, header: [], correlations: false)
            if let loaded = try? SpecLoader.load(text: plain, file: "profile.yaml") {
                for i in tables.indices {
                    let columns = loaded.table(tables[i].name)?.columns ?? []
                    let allowed = Set(
                        columns.filter { c in
                            if case .generator(let g) = c.source { return g.copulaCapable && !c.unique && !c.primaryKey }
                            return false
                        }.map(\.name))
                    let weak = tables[i].correlations.filter { abs($0.r) < CopulaFitter.noiseFloor }.count
                    let before = tables[i].correlations.count - weak
                    tables[i].correlations = CopulaFitter.usable(tables[i].correlations, allowed: allowed)
                    if tables[i].correlations.count < before {
                        tables[i].warnings.append(
                            "\(tables[i].name): \(before - tables[i].correlations.count) column pair(s) left out of correlate: (columns the copula cannot drive: categories, counts, text, keys)"
                        )
                    }
                    if weak > 0 {
                        tables[i].warnings.append(
                            "\(tables[i].name): \(weak) column pair(s) correlated by less than \(Fmt.num(CopulaFitter.noiseFloor)) left out of correlate: (independent)"
                        )
                    }
                }
            }
        }
        var notes: [String] = []
        var expected: [String: UInt64] = [:]
        var emitted = options.correlations && tables.contains { !$0.correlations.isEmpty }
        func text(_ correlations: Bool) -> String {
            SpecWriter.write(
                dataset: options.dataset, seed: options.seed, tables: tables,
                header: header(tables, skippedTables: skippedTables, privacy: privacy, expected: expected) + notes,
                correlations: correlations)
        }
        var spec = text(emitted)
        do {
            _ = try SpecLoader.load(text: spec, file: "profile.yaml")
        } catch {
            let messages = error.errors.map(\.description)
            guard emitted else {
                throw ProfileError("the profiled spec does not load: \(messages.joined(separator: "; "))")
            }
            emitted = false
            notes.append("correlations: left out, the spec language refused them: \(messages.joined(separator: "; "))")
            spec = text(false)
            do {
                _ = try SpecLoader.load(text: spec, file: "profile.yaml")
            } catch {
                throw ProfileError("the profiled spec does not load: \(error.errors.map(\.description).joined(separator: "; "))")
            }
        }
        if options.correlations, emitted {
            notes.append(
                "correlations: Gaussian copula over \(tables.reduce(0) { $0 + $1.correlations.count }) column pairs written as 'correlate:'"
            )
        }
        try trialGuards(spec, &tables)
        expected = Self.expectedRows(text(emitted), tables: tables)
        spec = text(emitted)
        return Profile(
            spec: spec, tables: tables, correlationsEmitted: emitted,
            report: header(tables, skippedTables: skippedTables, privacy: privacy, expected: expected) + notes)
    }

    /// Bytes of `avoid_copies` bitmaps one spec may carry (base64 in the spec, which travels
    /// twice in the 1 MiB welcome message to workers).
    static let avoidCopiesBudget = 192 * 1024

    /// Generates up to 20,000 rows (or parent rows) of every table with `avoid_copies:` and
    /// keeps the section only where rows avoid the source with at most two redraws on average:
    /// in tables whose columns take a handful of values the bitmap may cover almost every row
    /// Loom can make.
    func trialGuards(_ spec: String, _ tables: inout [ProfiledTable]) throws {
        guard tables.contains(where: { $0.avoidCopies != nil }) else { return }
        // The spec travels to every worker in one message: the bitmaps together stay within a budget.
        var budget = Self.avoidCopiesBudget
        for i in tables.indices.sorted(by: { (tables[$0].avoidCopies?.filter.count ?? 0) < (tables[$1].avoidCopies?.filter.count ?? 0) }) {
            guard let a = tables[i].avoidCopies else { continue }
            if a.filter.count <= budget {
                budget -= a.filter.count
            } else {
                tables[i].avoidCopies = nil
                tables[i].warnings.append(
                    "\(tables[i].name): copies of source rows are not prevented: its avoid_copies bitmap (\(a.filter.count) bytes) does not fit beside the other tables' in the \(Self.avoidCopiesBudget) bytes a spec can carry to workers; profile it on its own (--table)"
                )
            }
        }
        let plan = try DatasetPlan(spec: SpecLoader.load(text: spec, file: "profile.yaml"))
        for i in tables.indices where tables[i].avoidCopies != nil {
            let name = tables[i].name
            var rows = 0, redraws: UInt64 = 0
            var failure: String? = nil
            do {
                let units = min(try plan.shardUnits(name), 20_000)
                try plan.generate(name, units: 0..<units) { frame in
                    rows += 1
                    redraws = frame.redraws
                }
            } catch {
                failure = "\(error)"
            }
            let perRow = Double(redraws) / Double(max(rows, 1))
            if failure != nil || perRow > 2 {
                tables[i].avoidCopies = nil
                tables[i].warnings.append(
                    "\(name): copies of source rows are not prevented: its columns take so few values that most rows Loom can make exist in the source (\(failure ?? String(format: "%.1f redraws per row", perRow)))"
                )
            } else {
                tables[i].redrawsPerRow = perRow
            }
        }
    }

    /// Makes a child table one of fixed size (its source rows): its reference to the parent
    /// then picks parents by the fan-out's histogram.
    static func detach(_ t: inout ProfiledTable) {
        guard let p = t.perParent else { return }
        t.perParent = nil
        if let j = t.columns.firstIndex(where: { $0.name == p.column }) {
            t.columns[j].pick = p.pick
            t.columns[j].summary = "reference, children per \(p.parent) row as in the source"
        }
    }

    /// A table cannot hang under itself through its parents: where the driving parents form a
    /// cycle, the table that closes it keeps its source size instead.
    static func breakCycles(_ tables: inout [ProfiledTable]) {
        let index = Dictionary(tables.indices.map { (tables[$0].name, $0) }, uniquingKeysWith: { a, _ in a })
        for start in tables.indices {
            var seen: Set<String> = [tables[start].name]
            var current = start
            while let parent = tables[current].perParent?.parent, let next = index[parent] {
                if !seen.insert(parent).inserted {
                    tables[current].warnings.append(
                        "\(tables[current].name): its parents form a cycle through \(parent): it keeps its source size (\(tables[current].rows) rows)"
                    )
                    detach(&tables[current])
                    break
                }
                current = next
            }
        }
    }

    /// Rows Loom makes of every table with the spec `text` (nil where it does not load).
    static func expectedRows(_ text: String, tables: [ProfiledTable]) -> [String: UInt64] {
        guard let spec = try? SpecLoader.load(text: text, file: "profile.yaml"), let plan = try? DatasetPlan(spec: spec) else { return [:] }
        var out: [String: UInt64] = [:]
        for t in tables { out[t.name] = try? plan.rows(t.name) }
        return out
    }

    /// `--balance`: the table holding each label gets its `balance:`; a label no table has is an error.
    static func balance(_ tables: inout [ProfiledTable], _ wanted: [String: (shares: [(String, Double)], equalBy: String?)]) throws {
        for (column, b) in wanted.sorted(by: { $0.key < $1.key }) {
            guard let i = tables.firstIndex(where: { t in t.columns.contains { $0.name == column && $0.gen != nil } }) else {
                throw ProfileError("--balance \(column): no profiled table has a generated column of that name")
            }
            if let g = b.equalBy {
                tables[i].balance = "{ column: \(Fmt.key(column)), equal_by: \(Fmt.key(g)) }"
            } else {
                let shares = b.shares.map { "\(Fmt.str($0.0)): \(Fmt.num($0.1))" }.joined(separator: ", ")
                tables[i].balance = "{ column: \(Fmt.key(column)), shares: { \(shares) } }"
            }
        }
    }

    /// A parent column that a child column copies (`parent.X`) and that has no categories of
    /// its own takes the child's `choice`: the values are then the source's, and the child's
    /// categories (which its own links use) are values the parent really makes. Every copy then
    /// has the categories of the column it copies (none when that has none): the values it
    /// makes, which a grandchild's link given it may name; and only the NULLs the parent's do
    /// not already give it (see `residualNullRate`).
    static func settleCopies(_ tables: inout [ProfiledTable]) {
        let index = Dictionary(tables.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { a, _ in a })
        for t in tables.indices {
            guard let parent = tables[t].perParent.flatMap({ index[$0.parent] }) else { continue }
            for (k, c) in tables[t].columns.enumerated() {
                guard let e = c.expr, e.hasPrefix("parent."),
                    let j = tables[parent].columns.firstIndex(where: { $0.name == String(e.dropFirst(7)) })
                else { continue }
                let p = tables[parent].columns[j]
                if let choice = c.choiceForParent, p.type == c.type, p.gen != nil, p.categories == nil, !p.primaryKey, !p.unique,
                    !(p.gen ?? "").contains("by:")
                {
                    tables[parent].columns[j].gen = choice
                    tables[parent].columns[j].categories = c.categories
                    tables[parent].columns[j].summary = "the categories of \(tables[t].name).\(c.name), which copies it"
                }
                tables[t].columns[k].categories = tables[parent].columns[j].categories
                tables[t].columns[k].nullRate = Self.residualNullRate(child: c.nullRate, parent: p.nullRate)
            }
        }
    }

    /// The NULL share a copy adds on top of its parent column's NULLs (share `parent`) so that
    /// it is NULL on a share `child` of its rows: none where the parent's NULLs are as many
    /// (northwind's ship_region is NULL where the customer's region is), the rest where the
    /// parent's are fewer, as when fewer than k parent rows are NULL and the parent keeps none.
    static func residualNullRate(child: Double, parent: Double) -> Double {
        guard parent < 1 else { return 0 }
        let rest = (child - parent) / (1 - parent)
        return rest < 0.005 ? 0 : min(0.99, rest)
    }

    func header(_ tables: [ProfiledTable], skippedTables: [String], privacy: PrivacyFilter, expected: [String: UInt64] = [:]) -> [String] {
        var lines = [
            "Profiled by loom profile from schema \(options.schema) (\(tables.count) table\(tables.count == 1 ? "" : "s")).", "",
            "Privacy:",
        ]
        let k = privacy.minCount
        lines.append("- no value of any row is copied: text becomes generators (email, names, patterns of character classes, words)")
        lines.append(
            "- categories seen fewer than \(k) times are dropped; every quantile, bound and clamp is a mean of at least \(k) records (a range's ends are moved out from such means)"
        )
        lines.append(
            "- children per parent: a count is kept when \(k) parents have it or when it is \(k) children or more (records that share a parent, as records share a kept category; which parent is not stored)\(privacy.noise == nil ? "" : " — with noise, only the first")); smaller rare counts are grouped into buckets of at least \(k) parents that keep their mean, so tables keep their size"
        )
        if let e = options.epsilon {
            lines.append(
                "- differential privacy: Laplace noise (epsilon \(Fmt.num(e)) per count, seed \(options.seed)) on category counts, NULL counts, histograms and children per parent; numeric columns use noisy histograms, not fitted parameters; expectations carry no exact moments"
            )
        } else {
            lines.append(
                "- no differential-privacy noise (use --epsilon); expectations hold exact means and standard deviations over at least \(k) rows"
            )
        }
        for t in tables {
            if let waived = t.avoidCopiesWaived { lines.append("- \(t.name): \(waived)") }
            guard let a = t.avoidCopies else { continue }
            let odds = a.fill > 0 ? Int((1 / a.fill).rounded()) : 0
            let sample = t.sampled < t.rows ? " (the \(t.sampled) rows read)" : ""
            var line =
                "- \(t.name): no generated row equals a source row\(sample) over \(a.columns.count == 1 ? "its column" : "its \(a.columns.count) non-key columns"); avoid_copies keeps a bitmap of row fingerprints (\(a.sourceRows) distinct rows, \(a.filter.count * 8) bits) that about 1 in \(odds) of all other rows also hit, so it cannot tell a source row from others"
            if let r = t.redrawsPerRow { line += "; \(String(format: "%.1f", r * 100)) redraws per 100 rows in a trial" }
            lines.append(line)
        }
        for t in tables {
            for c in t.columns where c.summary.contains("dropped") { lines.append("- \(t.name).\(c.name): \(c.summary)") }
        }
        lines.append("")
        lines.append("Columns:")
        for t in tables {
            let rows = t.perParent.map { "per \($0.parent) row: \($0.summary)" } ?? "\(t.rows) rows"
            let made = expected[t.name].map { "; Loom makes \($0) rows, the source has \(t.rows)" } ?? ""
            lines.append("- \(t.name) (\(rows); \(t.sampled) read\(made))")
            for c in t.columns { lines.append("    \(c.name): \(c.summary)") }
        }
        let relations = tables.flatMap { t in
            t.columns.compactMap { c in c.expr.map { "\(t.name).\(c.name) = \($0)" } } + t.links
        }
        if !relations.isEmpty {
            lines.append("")
            lines.append("Learned relations (each holds on every generated row; links are drawn given the parent column):")
            lines += relations.map { "- " + $0 }
        }
        let skipped = tables.flatMap { t in t.skipped.map { "\(t.name).\($0.column) (\($0.type))" } }
        if !skipped.isEmpty { lines.append(""); lines.append("Skipped columns (unsupported types): " + skipped.joined(separator: ", ")) }
        for s in skippedTables { lines.append("Skipped table: \(s)") }
        let warnings = tables.flatMap(\.warnings)
        if !warnings.isEmpty {
            lines.append("")
            lines.append("Warnings:")
            lines += warnings.map { "- " + $0 }
        }
        lines.append("")
        return lines
    }
}
