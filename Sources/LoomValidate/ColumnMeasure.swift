import Foundation
import LoomPostgres
import LoomSpec
import LoomStats

/// How `loom validate` measures a column in SQL, the same way `TableSketcher` measures a
/// generated value: numbers as they are (dates in days since 1970-01-01, timestamps in seconds
/// since the epoch), text by its octet length, categories keyed as `CategoryKey` keys them.
/// Also the pure arithmetic that turns query results into a `ColumnSummary`.
enum ColumnMeasure {
    /// The float8 SQL expression of the number sketched for column `c`, or nil when the
    /// column's kind is not measured as a number (categories, presence).
    static func number(_ c: ColumnSpec, kind: ColumnTarget.SketchKind) -> String? {
        let col = SchemaDDL.quote(c.name)
        switch kind {
        case .length:
            return "octet_length(\(col)::text)::float8"
        case .numeric:
            switch c.type {
            case .smallint, .integer, .bigint, .real, .double, .numeric: return "\(col)::float8"
            case .money: return "\(col)::numeric::float8"
            case .date: return "(\(col) - DATE '1970-01-01')::float8"
            case .timestamp, .timestamptz, .interval: return "extract(epoch FROM \(col))::float8"
            default: return nil
            }
        case .categorical, .presence:
            return nil
        }
    }

    /// The SQL text of a categorical value, spelled as `CategoryKey` spells it where
    /// PostgreSQL's own text differs (booleans, dates, timestamps).
    static func categoryText(_ c: ColumnSpec) -> String {
        let col = SchemaDDL.quote(c.name)
        switch c.type {
        case .boolean: return "CASE WHEN \(col) THEN 'true' ELSE 'false' END"
        case .date: return "(\(col) - DATE '1970-01-01')::text"
        case .timestamp, .timestamptz, .interval, .time, .timetz: return "round(extract(epoch FROM \(col)) * 1000000)::bigint::text"
        case .money: return "\(col)::numeric::text"
        default: return "\(col)::text"
        }
    }

    /// The key a value PostgreSQL printed as `text` counts under: for numeric columns the
    /// target's key of the same number when there is one (PostgreSQL prints `12.50` for a
    /// numeric(10,2) and `1` for a float the spec wrote as `1.0`), otherwise the text itself.
    static func key(_ text: String, type: SQLType, targetKeys: [String]) -> String {
        guard type.kind.isNumeric, !targetKeys.contains(text), let x = Double(text) else { return text }
        return CategoryKey.byNumber(targetKeys)[x] ?? text
    }

    /// Where the CDF is measured: the target's percentiles 1…99, finite and without repeats
    /// (a discrete law repeats its quantiles), ascending.
    static func thresholds(_ d: TargetDistribution) -> [Double] {
        var out: [Double] = []
        for p in 1...99 {
            let x = d.quantile(Double(p) / 100)
            guard x.isFinite else { continue }
            if let last = out.last, x <= last { continue }
            out.append(x)
        }
        return out
    }

    /// `x` as an exact float8 SQL literal.
    static func literal(_ x: Double) -> String { "'\(x)'::float8" }

    /// The SQL bucket of a value for `points(thresholds:buckets:)`: how many thresholds are at
    /// or above it (`width_bucket` of the negated value over the negated thresholds, so that a
    /// value equal to a threshold counts as at or below it).
    static func bucket(_ expression: String, thresholds: [Double]) -> String {
        let edges = thresholds.reversed().map { literal(-$0) }.joined(separator: ", ")
        return "width_bucket(-(\(expression)), ARRAY[\(edges)]::float8[])"
    }

    /// The number of values at or below each threshold, from the counts of `bucket`'s values
    /// (bucket b holds values with exactly b thresholds at or above them).
    static func points(thresholds: [Double], buckets: [Int: Int64]) -> [ColumnSummary.CDFPoint] {
        let k = thresholds.count
        var atOrAbove = [Int64](repeating: 0, count: k + 2)
        for b in stride(from: k, through: 0, by: -1) {
            atOrAbove[b] = atOrAbove[b + 1] + (buckets[b] ?? 0)
        }
        // Value x ≤ t_j (1-based j) exactly when at least k - j + 1 thresholds are ≥ x.
        return thresholds.enumerated().map { i, t in
            ColumnSummary.CDFPoint(x: t, count: atOrAbove[k - i])
        }
    }

    /// A summary of whole numbers given as a histogram (value → how many rows have it), with
    /// CDF points at `thresholds`: how `loom validate` judges children per parent row.
    static func summary(histogram: [Int64: Int64], thresholds: [Double]) -> ColumnSummary {
        let rows = histogram.values.reduce(0, +)
        guard rows > 0 else { return ColumnSummary(rows: 0, nulls: 0) }
        let n = Double(rows)
        let mean = histogram.reduce(0.0) { $0 + Double($1.key) * Double($1.value) } / n
        let ss = histogram.reduce(0.0) { $0 + Double($1.value) * (Double($1.key) - mean) * (Double($1.key) - mean) }
        let moments = Moments(
            count: rows, nulls: 0, mean: mean, variance: rows > 1 ? ss / (n - 1) : 0,
            min: Double(histogram.keys.min()!), max: Double(histogram.keys.max()!))
        let sorted = histogram.sorted { $0.key < $1.key }
        var points: [ColumnSummary.CDFPoint] = []
        var i = 0
        var seen: Int64 = 0
        for t in thresholds {
            while i < sorted.count, Double(sorted[i].key) <= t {
                seen += sorted[i].value
                i += 1
            }
            points.append(.init(x: t, count: seen))
        }
        return ColumnSummary(rows: rows, nulls: 0, moments: moments, points: points)
    }
}
