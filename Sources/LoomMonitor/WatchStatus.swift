import Foundation
import LoomStats

/// What `loom watch` serves at `/api/status`: the last round's verdict on every column of the
/// real tables. `kind` is always `"watch"`, which tells it apart from a monitor's status.
public struct WatchStatus: Codable, Sendable, Equatable {
    /// The value of `kind` in every watch status.
    public static let kindName = "watch"

    public var kind: String
    /// The spec's dataset name.
    public var job: String
    /// The schema of the real tables measured.
    public var schema: String?
    /// Seconds between rounds.
    public var everySeconds: Double?
    /// When the last round was measured; nil before the first.
    public var measuredAt: Date?
    public var rounds: Int
    /// The worst severity of the last round (`ok` before the first).
    public var severity: DriftSeverity
    public var columns: [ColumnDrift]

    public init(
        job: String, schema: String? = nil, everySeconds: Double? = nil, measuredAt: Date? = nil, rounds: Int = 0,
        columns: [ColumnDrift] = []
    ) {
        kind = Self.kindName
        self.job = job
        self.schema = schema
        self.everySeconds = everySeconds
        self.measuredAt = measuredAt
        self.rounds = rounds
        self.columns = columns
        severity = columns.map(\.severity).max() ?? .ok
    }

    /// `table.column`, or `table (per parent)` for the row judging children per parent.
    public static func name(_ d: ColumnDrift) -> String {
        d.column.hasPrefix("(") ? "\(d.table) \(d.column)" : "\(d.table).\(d.column)"
    }

    /// The metrics a column was judged by, e.g. `KS 0.412, PSI 1.930, mean shift 2.10 sd`.
    public static func metrics(_ d: ColumnDrift) -> String {
        var parts: [String] = []
        if let v = d.ks { parts.append(String(format: "KS %.3f", v)) }
        if let v = d.totalVariation { parts.append(String(format: "TV %.3f", v)) }
        if let v = d.psi { parts.append(String(format: "PSI %.3f", v)) }
        if let v = d.meanShift { parts.append(String(format: "mean shift %.2f sd", v)) }
        if let n = d.nullRate, let e = d.expectedNullRate { parts.append(String(format: "NULL Δ %.3f", abs(n - e))) }
        return parts.isEmpty ? "no metric" : parts.joined(separator: ", ")
    }

    /// The JSON encoding used on the wire: snake_case keys, ISO 8601 times.
    public static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.keyEncodingStrategy = .convertToSnakeCase
        e.dateEncodingStrategy = .iso8601
        e.outputFormatting = .sortedKeys
        return e
    }

    /// The decoder matching `encoder`.
    public static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.keyDecodingStrategy = .convertFromSnakeCase
        d.dateDecodingStrategy = .iso8601
        return d
    }
}
