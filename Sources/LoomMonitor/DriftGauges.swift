import LoomStats
import Prometheus

/// The `loom_drift_*` gauges: one series per job, table and column for every metric a
/// column's drift has, plus the count of columns at warn and at alert.
enum DriftGauges {
    /// `source` (e.g. `real` for `loom watch`) adds a `source` label to every series.
    static func set(_ columns: [ColumnDrift], job: String, source: String? = nil, in registry: PrometheusCollectorRegistry) {
        let extra = source.map { [("source", $0)] } ?? []
        for d in columns {
            let labels = [("job", job), ("table", d.table), ("column", d.column)] + extra
            func gauge(_ name: String, _ help: String, _ value: Double?) {
                guard let value else { return }
                registry.makeGauge(name: name, labels: labels, help: help).set(value)
            }
            gauge("loom_drift_severity", "Drift of the column from its target: 0 ok, 1 warn, 2 alert.", Double(d.severity.level))
            gauge("loom_drift_sampled_rows", "Rows sampled for the column's drift sketch.", Double(d.sampled))
            gauge("loom_drift_ks", "Kolmogorov-Smirnov distance of the column from its target distribution.", d.ks)
            gauge("loom_drift_psi", "Population stability index of the column against its target.", d.psi)
            gauge(
                "loom_drift_total_variation", "Total variation distance of the column's categories from their target shares.",
                d.totalVariation)
            gauge(
                "loom_drift_chi_square", "Pearson chi-square statistic of the column's categories against their target shares.", d.chiSquare
            )
            gauge(
                "loom_drift_null_rate_difference", "Absolute difference between the column's NULL share and its target.",
                d.nullRate.flatMap { r in d.expectedNullRate.map { abs(r - $0) } })
            gauge(
                "loom_drift_mean_shift", "Distance of the column's mean from its target mean, in target standard deviations.", d.meanShift)
            gauge(
                "loom_drift_shard_distance", "Largest distance of one shard's data from the whole table's (KS or total variation).",
                d.shardDistance)
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
