/// Reads the spec's `expectations:` and `drift:` sections, after the tables (expectations
/// name `table.column` and take the column's type).
struct ExpectationParser {
    let reader: YAMLReader
    let tables: [TableSpec]

    func expectations(_ node: YAMLNode) throws(SpecError) -> [Expectation] {
        let m = try reader.mapping(node, "expectations")
        let index = SpecIndex(tables: tables)
        var out: [Expectation] = []
        for (k, v) in m {
            let raw = try reader.name(k, "expectation key")
            let parts = raw.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw reader.error("expectations are keyed by TABLE.COLUMN, found '\(raw)'", k)
            }
            guard let table = index.table(parts[0]) else {
                let hint = closest(parts[0], in: tables.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                throw reader.error("expectations name table '\(parts[0])', which the spec does not define\(hint)", k)
            }
            guard let column = index.column(parts[1], of: table.name) else {
                let hint = closest(parts[1], in: table.columns.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                throw reader.error("expectations name column '\(parts[1])', which table '\(table.name)' does not have\(hint)", k)
            }
            out.append(try expectation(raw, v, table: table, column: column, at: reader.location(k)))
        }
        return out
    }

    private func expectation(_ key: String, _ node: YAMLNode, table: TableSpec, column: ColumnSpec, at location: SourceLocation)
        throws(SpecError) -> Expectation
    {
        let what = "expectation '\(key)'"
        let m = try reader.mapping(node, what)
        try reader.checkKeys(m, allowed: ["dist", "mean", "sd", "min", "max", "null_rate", "frequencies", "quantiles"], in: what)
        guard !m.isEmpty else {
            throw reader.error("\(what) is empty; give dist, mean, sd, min, max, null_rate, frequencies or quantiles", node)
        }
        var e = Expectation(table: table.name, column: column.name, location: location)
        if let d = reader.entry(m, "dist") {
            let g = try GeneratorParser(reader: reader).parse(d.value, type: column.type, column: column.name)
            guard Self.hasLaw(g) else {
                throw reader.error(
                    "\(what): dist must be a distribution (uniform, normal, lognormal, exponential, poisson, geometric, zipf, mixture, bernoulli, choice, date, timestamp), found \(g.name)",
                    d.value)
            }
            e.distribution = g
        }
        if let v = reader.entry(m, "mean") { e.mean = try number(v.value, "mean", column) }
        if let v = reader.entry(m, "sd") {
            let sd = try reader.double(v.value, "sd")
            guard sd > 0 else { throw reader.error("\(what): sd must be greater than 0, found \(sd)", v.value) }
            e.sd = sd
        }
        if let v = reader.entry(m, "min") { e.min = try number(v.value, "min", column) }
        if let v = reader.entry(m, "max") { e.max = try number(v.value, "max", column) }
        if let lo = e.min, let hi = e.max, lo > hi, let v = reader.entry(m, "max") {
            throw reader.error("\(what): min (\(lo)) exceeds max (\(hi))", v.value)
        }
        if let v = reader.entry(m, "null_rate") { e.nullRate = try reader.probability(v.value, "null_rate") }
        if let v = reader.entry(m, "frequencies") {
            let fm = try reader.mapping(v.value, "frequencies")
            guard !fm.isEmpty else { throw reader.error("\(what): frequencies must name at least one value", v.value) }
            var f: [String: Double] = [:]
            for (fk, fv) in fm {
                let share = try reader.double(fv, "frequency of '\(fk.string ?? "")'")
                guard share >= 0 else { throw reader.error("\(what): frequency of '\(fk.string ?? "")' must not be negative", fv) }
                f[fk.string ?? "", default: 0] += share
            }
            let total = f.values.reduce(0, +)
            guard total > 0 else { throw reader.error("\(what): frequencies must not all be 0", v.value) }
            e.frequencies = f.mapValues { $0 / total }
        }
        if let v = reader.entry(m, "quantiles") {
            let qm = try reader.mapping(v.value, "quantiles")
            var points: [Expectation.QuantilePoint] = []
            for (qk, qv) in qm {
                let p = try reader.probability(qk, "quantile")
                let value = try number(qv, "quantile \(p)", column)
                if let last = points.last {
                    guard p > last.p else {
                        throw reader.error("\(what): quantiles must be listed by increasing probability; \(p) follows \(last.p)", qk)
                    }
                    guard value >= last.value else {
                        throw reader.error("\(what): quantile \(p) (\(value)) is below quantile \(last.p) (\(last.value))", qv)
                    }
                }
                points.append(.init(p: p, value: value))
            }
            guard points.count >= 2 else {
                throw reader.error("\(what): quantiles need at least two points, e.g. { 0: 1, 0.5: 40, 1: 100 }", v.value)
            }
            e.quantiles = points
        }
        return e
    }

    /// A number, or for date and timestamp columns also a date or timestamp (as days or seconds).
    private func number(_ node: YAMLNode, _ what: String, _ column: ColumnSpec) throws(SpecError) -> Double {
        let s = try reader.string(node, what)
        if let d = Double(s.replacingUnderscores()), d.isFinite { return d }
        if column.type == .date, let days = CivilTime.parseDate(s) { return Double(days) }
        if column.type == .timestamp || column.type == .timestamptz, let micros = CivilTime.parseTimestamp(s) {
            return Double(micros) / Double(CivilTime.microsPerSecond)
        }
        let hint = column.type == .date || (column.type == .timestamp || column.type == .timestamptz) ? " or a date like 2024-01-31" : ""
        throw reader.error("\(what) must be a number\(hint), found '\(s)'", node)
    }

    static func hasLaw(_ g: GeneratorSpec) -> Bool {
        switch g {
        case .uniformInt, .uniformFloat, .uniformDecimal, .normal, .lognormal, .exponential, .poisson, .geometric, .zipf,
            .bernoulli, .choice, .dateRange, .timestampRange, .mixture:
            true
        default: false
        }
    }

    func drift(_ node: YAMLNode) throws(SpecError) -> DriftSettings {
        let m = try reader.mapping(node, "drift")
        try reader.checkKeys(m, allowed: ["sample_every"] + DriftSettings.metricNames, in: "drift")
        var s = DriftSettings()
        if let v = reader.entry(m, "sample_every") {
            let n = try reader.int(v.value, "sample_every")
            guard n >= 1, n <= 1 << 20, n & (n - 1) == 0 else {
                throw reader.error("sample_every must be a power of two between 1 and 1048576, found \(n)", v.value)
            }
            s.sampleEvery = UInt64(n)
        }
        for name in DriftSettings.metricNames {
            guard let v = reader.entry(m, name) else { continue }
            let lm = try reader.mapping(v.value, "drift.\(name)")
            try reader.checkKeys(lm, allowed: ["warn", "alert"], in: "drift.\(name)")
            guard let w = reader.entry(lm, "warn"), let a = reader.entry(lm, "alert") else {
                throw reader.error("drift.\(name) needs both warn and alert, e.g. { warn: 0.1, alert: 0.25 }", v.value)
            }
            let warn = try reader.double(w.value, "warn"), alert = try reader.double(a.value, "alert")
            guard warn >= 0, warn <= alert else {
                throw reader.error("drift.\(name): warn (\(warn)) must be between 0 and alert (\(alert))", w.value)
            }
            s.levels[name] = warn...alert
        }
        return s
    }
}
