import LoomStats
import Prometheus

/// The `loom_drift_*` gauges: one series per job, table and column for every metric a
/// column's drift has, plus the count of columns at warn and at alert.
enum DriftGauges {
    /// Each gauge's help text.
    static let help: [String: String] = [
        "loom_drift_severity": "Drift of the column from its target: 0 ok, 1 warn, 2 alert.",
        "loom_drift_sampled_rows": "Rows sampled for the column's drift sketch.",
        "loom_drift_ks": "Kolmogorov-Smirnov distance of the column from its target distribution.",
        "loom_drift_psi": "Population stability index of the column against its target.",
        "loom_drift_total_variation": "Total variation distance of the column's categories from their target shares.",
        "loom_drift_chi_square": "Pearson chi-square statistic of the column's categories against their target shares.",
        "loom_drift_null_rate_difference": "Absolute difference between the column's NULL share and its target.",
        "loom_drift_mean_shift": "Distance of the column's mean from its target mean, in target standard deviations.",
        "loom_drift_shard_distance": "Largest distance of one shard's data from the whole table's (KS or total variation).",
    ]

    /// `source` (e.g. `real` for `loom watch`) adds a `source` label to every series.
    static func set(_ columns: [ColumnDrift], job: String, source: String? = nil, in registry: PrometheusCollectorRegistry) {
        let extra = source.map { [("source", $0)] } ?? []
        for d in columns {
            let labels = [("job", job), ("table", d.table), ("column", d.column)] + extra
            func gauge(_ name: String, _ value: Double?) {
                guard let value else { return }
                registry.makeGauge(name: name, labels: labels, help: help[name] ?? "").set(value)
            }
            gauge("loom_drift_severity", Double(d.severity.level))
            gauge("loom_drift_sampled_rows", Double(d.sampled))
            gauge("loom_drift_ks", d.ks)
            gauge("loom_drift_psi", d.psi)
            gauge("loom_drift_total_variation", d.totalVariation)
            gauge("loom_drift_chi_square", d.chiSquare)
            gauge("loom_drift_null_rate_difference", d.nullRate.flatMap { r in d.expectedNullRate.map { abs(r - $0) } })
            gauge("loom_drift_mean_shift", d.meanShift)
            gauge("loom_drift_shard_distance", d.shardDistance)
        }
        for level in [DriftSeverity.warn, .alert] {
            registry.makeGauge(
                name: "loom_drift_columns", labels: [("job", job), ("severity", level.rawValue)] + extra,
                help: "Columns whose drift is at this severity."
            )
            .set(Double(columns.filter { $0.severity == level }.count))
        }
    }
}
