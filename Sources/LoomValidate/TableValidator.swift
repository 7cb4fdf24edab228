import Foundation
import LoomGen
import LoomPostgres
import LoomSpec
import LoomStats

/// `loom validate`: measures loaded tables in PostgreSQL with SQL aggregates and judges every
/// column against the same targets the monitor uses (the generator's law or the spec's
/// `expectations`), plus the number of children per parent row of `per_parent` tables.
///
/// Per table: one scan for counts, NULLs and moments; one scan (grouping sets) for the CDF at
/// the targets' percentiles of every column that has a distribution; one `GROUP BY` per
/// categorical column; one join per `per_parent` table.
public struct TableValidator {
    public let plan: DatasetPlan
    /// The schema the tables were loaded into; nil for the search path.
    public let schema: String?
    public let connection: PostgresConnection
    /// Most frequent values counted per categorical column; the rest count as "(other)".
    public var categoryLimit = 256
    /// Whether a value past a column's bounds is an alert (generated data) or only reported
    /// (real data judged against the profile learned from it: `loom watch`).
    public var hardBounds = true

    public init(plan: DatasetPlan, schema: String?, connection: PostgresConnection) {
        self.plan = plan
        self.schema = schema
        self.connection = connection
    }

    /// Validates `tables` (default: all, in load order).
    public func run(tables: [String]? = nil) throws -> ValidationReport {
        let spec = plan.spec
        let thresholds = DriftTargets.thresholds(spec)
        var columns: [ColumnDrift] = []
        for targets in DriftTargets.make(plan, tables: tables) {
            guard let table = spec.table(targets.table) else { continue }
            try requireTable(table)
            let summaries = try summarize(targets, table: table)
            for target in targets.columns where target.hasTarget {
                guard let summary = summaries[target.column] else { continue }
                columns.append(DriftEvaluator.evaluate(target, observation: summary, thresholds: thresholds, hardBounds: hardBounds))
            }
            if let fan = try fanOut(table, thresholds: thresholds) { columns.append(fan) }
        }
        return ValidationReport(columns: columns)
    }

    /// Fails with a clear message when the table, or one of its columns, is not in the database.
    func requireTable(_ t: TableSpec) throws {
        let q = SchemaDDL.qualified(t.name, schema: schema)
        let present = try query(
            "SELECT attname FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped",
            [q], table: t.name
        ).rows.compactMap { $0[0] }
        guard !present.isEmpty else {
            throw ValidateError(
                "table \(q) does not exist in this database; load it first with `loom load` (same spec, --rows/--scale and --schema)")
        }
        let missing = t.columns.map(\.name).filter { !present.contains($0) }
        guard missing.isEmpty else {
            throw ValidateError(
                "table \(q) has no column\(missing.count == 1 ? "" : "s") \(missing.joined(separator: ", ")); it was not loaded from this spec (run `loom load` again with --replace)"
            )
        }
    }

    /// One `ColumnSummary` per column of `targets`, by name.
    public func summaries(_ targets: TableTargets) throws -> [String: ColumnSummary] {
        guard let table = plan.spec.table(targets.table) else {
            throw ValidateError("no table '\(targets.table)' in the spec")
        }
        try requireTable(table)
        return try summarize(targets, table: table)
    }

    private func summarize(_ targets: TableTargets, table t: TableSpec) throws -> [String: ColumnSummary] {
        let from = SchemaDDL.qualified(t.name, schema: schema)
        let columns: [(target: ColumnTarget, spec: ColumnSpec)] = targets.columns.compactMap { target in
            t.column(target.column).map { (target, $0) }
        }
        // Counts, NULLs and moments in one scan.
        var select = ["count(*)"]
        for (target, c) in columns {
            select.append("count(\(SchemaDDL.quote(c.name)))")
            if let m = ColumnMeasure.number(c, kind: target.sketch) {
                select += ["avg(\(m))", "stddev_samp(\(m))", "min(\(m))", "max(\(m))"]
            }
        }
        let row = try query("SELECT \(select.joined(separator: ", ")) FROM \(from)", table: t.name).rows.first ?? []
        func int(_ i: Int) -> Int64 { i < row.count ? row[i].flatMap { Int64($0) } ?? 0 : 0 }
        func double(_ i: Int) -> Double? { i < row.count ? row[i].flatMap { Double($0) } : nil }
        let rows = int(0)
        var out: [String: ColumnSummary] = [:]
        var i = 1
        for (target, c) in columns {
            let values = int(i)
            var summary = ColumnSummary(rows: rows, nulls: rows - values)
            i += 1
            if ColumnMeasure.number(c, kind: target.sketch) != nil {
                if values > 0 {
                    summary.numericMoments = Moments(
                        count: values, nulls: rows - values, mean: double(i) ?? 0,
                        variance: pow(double(i + 1) ?? 0, 2), min: double(i + 2) ?? 0, max: double(i + 3) ?? 0)
                }
                i += 4
            }
            out[c.name] = summary
        }
        // The CDF at each distribution's percentiles.
        let measured = columns.compactMap { col -> (name: String, expression: String, thresholds: [Double])? in
            guard let d = col.target.distribution, let m = ColumnMeasure.number(col.spec, kind: col.target.sketch) else { return nil }
            let th = ColumnMeasure.thresholds(d)
            return th.isEmpty ? nil : (col.spec.name, m, th)
        }
        if !measured.isEmpty {
            let buckets = try bucketCounts(
                measured.map { ColumnMeasure.bucket($0.expression, thresholds: $0.thresholds) }, from: from, table: t.name)
            for (k, m) in measured.enumerated() {
                out[m.name]?.points = ColumnMeasure.points(thresholds: m.thresholds, buckets: buckets[k])
            }
        }
        // Category counts.
        for (target, c) in columns where target.sketch == .categorical {
            let values = rows - (out[c.name]?.nulls ?? 0)
            out[c.name]?.categories = try categories(c, target: target, from: from, table: t.name, values: values)
        }
        return out
    }

    /// For each bucket expression, how many rows fall in each bucket: one scan with a grouping
    /// set per expression.
    private func bucketCounts(_ expressions: [String], from: String, table: String) throws -> [[Int: Int64]] {
        let names = expressions.indices.map { "b\($0)" }
        let inner = zip(expressions, names).map { "\($0) AS \($1)" }.joined(separator: ", ")
        let select = names.map { "GROUPING(\($0)), \($0)" }.joined(separator: ", ")
        let sets = names.map { "(\($0))" }.joined(separator: ", ")
        let r = try query("SELECT \(select), count(*) FROM (SELECT \(inner) FROM \(from)) s GROUP BY GROUPING SETS (\(sets))", table: table)
        var out = [[Int: Int64]](repeating: [:], count: expressions.count)
        for row in r.rows {
            guard let count = row.last.flatMap({ $0 }).flatMap({ Int64($0) }) else { continue }
            for k in names.indices where row[2 * k] == "0" {
                if let b = row[2 * k + 1].flatMap({ Int($0) }) { out[k][b, default: 0] += count }
            }
        }
        return out
    }

    /// The most frequent values of a categorical column, keyed as the target keys them.
    private func categories(_ c: ColumnSpec, target: ColumnTarget, from: String, table: String, values: Int64) throws -> CategoryCounts {
        let col = SchemaDDL.quote(c.name)
        let r = try query(
            """
            SELECT \(ColumnMeasure.categoryText(c)), count(*) FROM \(from) WHERE \(col) IS NOT NULL
            GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT \(categoryLimit)
            """, table: table)
        let keys = target.frequencies.map { Array($0.keys) } ?? []
        var counts: [String: Int64] = [:]
        for row in r.rows {
            guard let text = row[0], let n = row[1].flatMap({ Int64($0) }) else { continue }
            counts[ColumnMeasure.key(text, type: c.type, targetKeys: keys), default: 0] += n
        }
        let listed = counts.values.reduce(0, +)
        return CategoryCounts(cap: categoryLimit, counts: counts, other: max(0, values - listed), nulls: 0)
    }

    /// Children per parent row of a `per_parent` table against the law of its count
    /// generator, reported as the row `(per PARENT)` of the child table; nil for other tables
    /// and for children without a reference to their parent.
    func fanOut(_ t: TableSpec, thresholds: DriftThresholds) throws -> ColumnDrift? {
        guard case .perParent(let parent, let count) = t.rows, let parentSpec = plan.spec.table(parent) else { return nil }
        var link: (child: String, key: String)?
        for c in t.columns {
            if case .reference(let rt, let rc, _) = c.source, rt == parent { link = (c.name, rc); break }
        }
        guard let link else { return nil }
        try requireTable(parentSpec)
        var target = ColumnTarget(
            table: t.name, column: ValidationReport.fanOutColumn(parent: parent), sketch: .numeric,
            source: "per_parent \(count.name) count")
        target.distribution = DriftTargets.fanOutLaw(count, table: t)
        guard let law = target.distribution else { return nil }
        let key = SchemaDDL.quote(link.key), fk = SchemaDDL.quote(link.child)
        let r = try query(
            """
            SELECT n, count(*) FROM (
                SELECT count(c.\(fk)) AS n FROM \(SchemaDDL.qualified(parent, schema: schema)) p
                LEFT JOIN \(SchemaDDL.qualified(t.name, schema: schema)) c ON c.\(fk) = p.\(key)
                GROUP BY p.\(key)
            ) s GROUP BY n
            """, table: t.name)
        var histogram: [Int64: Int64] = [:]
        for row in r.rows {
            if let n = row[0].flatMap({ Int64($0) }), let k = row[1].flatMap({ Int64($0) }) { histogram[n] = k }
        }
        let summary = ColumnMeasure.summary(histogram: histogram, thresholds: ColumnMeasure.thresholds(law))
        return DriftEvaluator.evaluate(target, observation: summary, thresholds: thresholds)
    }

    private func query(_ sql: String, _ params: [String?]? = nil, table: String) throws -> PostgresResult {
        do {
            if let params { return try connection.execute(sql, params) }
            return try connection.execute(sql)
        } catch {
            throw error.with(context: "validating table \(table)")
        }
    }
}
