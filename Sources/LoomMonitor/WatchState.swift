import Foundation
import LoomStats
import Prometheus

/// What `loom watch` last measured of the real tables a spec was profiled from: each column's
/// drift from the spec, as `loom_drift_*` gauges with `source="real"` and as JSON.
public final class WatchState: @unchecked Sendable {
    private let lock = NSLock()
    private let registry = PrometheusCollectorRegistry()
    private var columns: [ColumnDrift] = []
    private var measuredAt: Date?
    private var rounds = 0
    private let job: String

    public init(job: String) { self.job = job }

    /// Records one measurement.
    public func update(_ drift: [ColumnDrift], at time: Date = Date()) {
        lock.lock()
        defer { lock.unlock() }
        columns = drift
        measuredAt = time
        rounds += 1
        DriftGauges.set(drift, job: job, source: "real", in: registry)
        registry.makeGauge(name: "loom_watch_rounds", labels: [("job", job)], help: "Measurements of the real tables so far.")
            .set(Double(rounds))
    }

    public func metricsText() -> String {
        lock.lock()
        defer { lock.unlock() }
        var buffer: [UInt8] = []
        registry.emit(into: &buffer)
        return String(decoding: buffer, as: UTF8.self)
    }

    /// `{ "job", "measured_at", "rounds", "columns": [...] }`.
    public func statusJSON() -> Data {
        struct Status: Encodable {
            var job: String
            var measuredAt: Date?
            var rounds: Int
            var columns: [ColumnDrift]
        }
        lock.lock()
        let status = Status(job: job, measuredAt: measuredAt, rounds: rounds, columns: columns)
        lock.unlock()
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(status)) ?? Data("{}".utf8)
    }
}
