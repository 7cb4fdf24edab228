import Foundation

/// A running stream as the monitor sees it: target and achieved rate of the root rows, lag
/// (commit time − the committed row's due time on the wall clock) and rows per table, for
/// `/metrics` (`loom_stream_*`) and `/api/status`.
public final class StreamStatus: @unchecked Sendable {
    private let lock = NSLock()
    public let stream: String
    public let targetRate: Double
    private let rootTables: Set<String>
    private var rows: [String: Int64] = [:]
    private var rootRows: Int64 = 0
    private var startedWall: Int64 = 0
    private var lastCommitWall: Int64 = 0
    private var lastLag: Double = 0
    private var lags: [Double] = []
    private var watermark: Int64 = 0
    private var pending = 0
    private var commits: Int64 = 0
    private var state = "starting"

    /// - Parameters:
    ///   - targetRate: root rows per wall second the stream aims at.
    ///   - roots: the root tables whose rows count toward the achieved rate (the one the rate is set for).
    public init(stream: String, targetRate: Double, roots: [String]) {
        self.stream = stream
        self.targetRate = targetRate
        rootTables = Set(roots)
    }

    /// Marks the start of pacing (wall microseconds).
    public func started(atWall wall: Int64) {
        lock.withLock {
            startedWall = wall
            state = "streaming"
        }
    }

    /// Records a committed batch: rows per table and each row's lag in seconds.
    public func committed(rows perTable: [String: Int], lags batchLags: [Double], watermark: Int64, pending: Int, atWall wall: Int64) {
        lock.withLock {
            for (t, n) in perTable {
                rows[t, default: 0] += Int64(n)
                if rootTables.contains(t) { rootRows += Int64(n) }
            }
            if let last = batchLags.last { lastLag = last }
            lags.append(contentsOf: batchLags)
            if lags.count > 200_000 { lags.removeFirst(lags.count - 100_000) }
            self.watermark = watermark
            self.pending = pending
            lastCommitWall = wall
            commits += 1
        }
    }

    public func finished() { lock.withLock { state = "finished" } }

    /// A snapshot of the figures.
    public struct Snapshot: Codable, Sendable {
        public var stream: String
        public var state: String
        public var targetRate: Double
        public var achievedRate: Double
        public var lagSeconds: Double
        public var lagP50Seconds: Double
        public var lagP99Seconds: Double
        public var rows: [String: Int64]
        public var rootRows: Int64
        public var commits: Int64
        public var pendingRows: Int
        /// The virtual time every committed row is due by (microseconds since the epoch).
        public var watermark: Int64
    }

    public func snapshot() -> Snapshot {
        lock.withLock {
            let elapsed = Double(max(lastCommitWall - startedWall, 1)) / 1e6
            let sorted = lags.sorted()
            func q(_ p: Double) -> Double { sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
            return Snapshot(
                stream: stream, state: state, targetRate: targetRate, achievedRate: commits == 0 ? 0 : Double(rootRows) / elapsed,
                lagSeconds: lastLag, lagP50Seconds: q(0.5), lagP99Seconds: q(0.99), rows: rows, rootRows: rootRows, commits: commits,
                pendingRows: pending, watermark: watermark)
        }
    }

    /// Prometheus text exposition of the snapshot.
    public func metricsText() -> String {
        let s = snapshot()
        let label = "stream=\"\(s.stream)\""
        var out = ""
        func gauge(_ name: String, _ help: String, _ value: Double, type: String = "gauge") {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name){\(label)} \(value)\n"
        }
        gauge("loom_stream_target_rows_per_second", "Root rows per second the stream aims at.", s.targetRate)
        gauge("loom_stream_achieved_rows_per_second", "Root rows committed per second since the stream started.", s.achievedRate)
        gauge("loom_stream_lag_seconds", "Commit time minus the due time of the last committed row.", s.lagSeconds)
        gauge("loom_stream_lag_p99_seconds", "99th percentile of the lag of committed rows.", s.lagP99Seconds)
        gauge("loom_stream_pending_rows", "Rows generated and waiting for their time.", Double(s.pendingRows))
        gauge("loom_stream_watermark_seconds", "Virtual time every committed row is due by (Unix seconds).", Double(s.watermark) / 1e6)
        out += "# HELP loom_stream_rows_total Rows committed by the stream.\n# TYPE loom_stream_rows_total counter\n"
        for (t, n) in s.rows.sorted(by: { $0.key < $1.key }) { out += "loom_stream_rows_total{\(label),table=\"\(t)\"} \(n)\n" }
        return out
    }

    /// What `/api/status` says it is (`loom status` tells a stream from a monitor by it).
    public static let kindName = "stream"

    /// `/api/status`: `{ "kind": "stream", "stream": { … } }`.
    public func statusJSON() -> Data {
        struct Body: Encodable {
            var kind: String
            var stream: Snapshot
        }
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(Body(kind: Self.kindName, stream: snapshot()))) ?? Data("{}".utf8)
    }

    /// Reads what `statusJSON` wrote.
    public static func decode(_ data: Data) throws -> Snapshot {
        struct Body: Decodable { var stream: Snapshot }
        let decoder = JSONDecoder()
        decoder.keyDecodingStrategy = .convertFromSnakeCase
        return try decoder.decode(Body.self, from: data).stream
    }
}
