import Foundation
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
            if let p = tables[i].perParent, !kept.contains(p.parent) { tables[i].perParent = nil }
            for j in tables[i].columns.indices {
                if let ref = tables[i].columns[j].ref, !kept.contains(String(ref.split(separator: ".")[0])) {
                    tables[i].columns[j].ref = nil
                    tables[i].columns[j].gen = "{ constant: null }"
                    tables[i].warnings.append("\(tables[i].name).\(tables[i].columns[j].name) referenced a skipped table: generated as NULL")
                }
            }
        }

        if options.correlations {
            // Only columns the copula can drive, in a matrix `correlate:` accepts.
            let plain = SpecWriter.write(dataset: options.dataset, seed: options.seed, tables: tables, header: [], correlations: false)
            if let loaded = try? SpecLoader.load(text: plain, file: "profile.yaml") {
                for i in tables.indices {
                    let columns = loaded.table(tables[i].name)?.columns ?? []
                    let allowed = Set(columns.filter { c in
                        if case .generator(let g) = c.source { return g.copulaCapable && !c.unique && !c.primaryKey }
                        return false
                    }.map(\.name))
                    let before = tables[i].correlations.count
                    tables[i].correlations = CopulaFitter.usable(tables[i].correlations, allowed: allowed)
                    if tables[i].correlations.count < before {
                        tables[i].warnings.append("\(tables[i].name): \(before - tables[i].correlations.count) column pair(s) left out of correlate: (columns the copula cannot drive: categories, counts, text, keys)")
                    }
                }
            }
        }
        var report = header(tables, skippedTables: skippedTables, privacy: privacy)
        var emitted = options.correlations && tables.contains { !$0.correlations.isEmpty }
        let dataset = options.dataset
        func text(_ correlations: Bool, _ report: [String]) -> String {
            SpecWriter.write(dataset: dataset, seed: options.seed, tables: tables, header: report, correlations: correlations)
        }
        var spec = text(emitted, report)
        do {
            _ = try SpecLoader.load(text: spec, file: "profile.yaml")
        } catch {
            let messages = error.errors.map(\.description)
            guard emitted else {
                throw ProfileError("the profiled spec does not load: \(messages.joined(separator: "; "))")
            }
            emitted = false
            report.append("correlations: left out, the spec language refused them: \(messages.joined(separator: "; "))")
            spec = text(false, report)
            do {
                _ = try SpecLoader.load(text: spec, file: "profile.yaml")
            } catch {
                throw ProfileError("the profiled spec does not load: \(error.errors.map(\.description).joined(separator: "; "))")
            }
        }
        if options.correlations, emitted {
            report.append("correlations: Gaussian copula over \(tables.reduce(0) { $0 + $1.correlations.count }) column pairs written as 'correlate:'")
            spec = text(true, report)
        }
        return Profile(spec: spec, tables: tables, correlationsEmitted: emitted, report: report)
    }

    func header(_ tables: [ProfiledTable], skippedTables: [String], privacy: PrivacyFilter) -> [String] {
        var lines = ["Profiled by loom profile from schema \(options.schema) (\(tables.count) table\(tables.count == 1 ? "" : "s")).", "", "Privacy:"]
        let k = privacy.minCount
        lines.append("- no value of any row is copied: text becomes generators (email, names, patterns of character classes, words)")
        lines.append("- categories seen fewer than \(k) times are dropped; every quantile, bound and clamp is a mean of at least \(k) records")
        if let e = options.epsilon {
            lines.append("- differential privacy: Laplace noise (epsilon \(Fmt.num(e)) per count, seed \(options.seed)) on category counts, NULL counts, histograms and children per parent; numeric columns use noisy histograms, not fitted parameters; expectations carry no exact moments")
        } else {
            lines.append("- no differential-privacy noise (use --epsilon); expectations hold exact means and standard deviations over at least \(k) rows")
        }
        let dropped = tables.flatMap(\.columns).filter { $0.summary.contains("dropped") }
        for c in dropped { lines.append("- \(c.name): \(c.summary)") }
        lines.append("")
        lines.append("Columns:")
        for t in tables {
            let rows = t.perParent.map { "per \($0.parent) row: \($0.summary)" } ?? "\(t.rows) rows"
            lines.append("- \(t.name) (\(rows); \(t.sampled) read)")
            for c in t.columns { lines.append("    \(c.name): \(c.summary)") }
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
