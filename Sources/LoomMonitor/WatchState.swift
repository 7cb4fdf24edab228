import Foundation
import LoomStats
import Prometheus

/// What `loom watch` last measured of the real tables a spec was profiled from: each column's
/// drift from the spec, as `loom_drift_*` gauges with `source="real"`, as JSON and as a page.
public final class WatchState: @unchecked Sendable {
    private let lock = NSLock()
    private let registry = PrometheusCollectorRegistry()
    private var status: WatchStatus

    /// `job` is the spec's dataset, `schema` the real tables' schema, `everySeconds` the period.
    public init(job: String, schema: String? = nil, everySeconds: Double? = nil) {
        status = WatchStatus(job: job, schema: schema, everySeconds: everySeconds)
    }

    /// Records one measurement.
    public func update(_ drift: [ColumnDrift], at time: Date = Date()) {
        lock.lock()
        defer { lock.unlock() }
        status = WatchStatus(
            job: status.job, schema: status.schema, everySeconds: status.everySeconds, measuredAt: time, rounds: status.rounds + 1,
            columns: drift)
        DriftGauges.set(drift, job: status.job, source: "real", in: registry)
        registry.makeGauge(name: "loom_watch_rounds", labels: [("job", status.job)], help: "Measurements of the real tables so far.")
            .set(Double(status.rounds))
    }

    /// The last round.
    public func snapshot() -> WatchStatus {
        lock.lock()
        defer { lock.unlock() }
        return status
    }

    public func metricsText() -> String {
        lock.lock()
        defer { lock.unlock() }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// The last round as JSON (`WatchStatus`): `{ "kind": "watch", "job", "measured_at", "rounds", "columns": [...], … }`.
    public func statusJSON() -> Data {
        (try? WatchStatus.encoder.encode(snapshot())) ?? Data("{}".utf8)
    }
}
