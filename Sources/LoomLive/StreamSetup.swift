import LoomGen
import LoomSpec

/// What a stream streams: the tables (with their ancestors), the root tables, and the column
/// that says when each table's rows happen — decided from the spec alone.
public struct StreamSetup: Sendable, Equatable {
    /// Streamed tables in load order.
    public var tables: [String]
    /// Streamed root tables, the one the rate is given for first (the largest).
    public var roots: [String]
    /// Per table, the column whose value is the row's time (absent: the row happens with its parent).
    public var timeColumns: [String: String]
    /// Tables added because a streamed table descends from them.
    public var addedAncestors: [String]

    /// - Parameters:
    ///   - only: the tables asked for (nil: every table).
    ///   - timeOverrides: `table → column` choices that replace the automatic ones.
    public init(spec: Spec, only: [String]?, timeOverrides: [String: String] = [:]) throws(StreamError) {
        var chosen = Set<String>()
        var added: [String] = []
        for name in only ?? spec.tables.map(\.name) {
            guard spec.table(name) != nil else { throw StreamError("--tables: no table '\(name)' in the spec") }
            chosen.insert(name)
        }
        for name in chosen.sorted() {
            var cur = spec.table(name)?.parent
            while let p = cur {
                if chosen.insert(p).inserted { added.append(p) }
                cur = spec.table(p)?.parent
            }
        }
        tables = spec.loadOrder.map(\.name).filter(chosen.contains)
        let rootSpecs = spec.loadOrder.filter { chosen.contains($0.name) && $0.parent == nil }
        roots = rootSpecs.sorted { Self.plannedRows($0) > Self.plannedRows($1) }.map(\.name)
        addedAncestors = added.sorted()
        var times: [String: String] = [:]
        for name in tables {
            let t = spec.table(name)!
            if let c = timeOverrides[name] {
                guard let col = t.column(c), col.type.kind == .timestamp || col.type.kind == .date else {
                    throw StreamError("--time \(name).\(c): no timestamp or date column '\(c)' in table '\(name)'")
                }
                times[name] = c
            } else if let c = Self.timeColumn(of: t) {
                times[name] = c
            }
        }
        timeColumns = times
    }

    static func plannedRows(_ t: TableSpec) -> Int64 {
        if case .fixed(let n) = t.rows { return n }
        return 0
    }

    /// The column that says when a row happens: the first timestamp (else date) column that is
    /// never NULL, computed rather than referenced.
    static func timeColumn(of t: TableSpec) -> String? {
        let candidates = t.columns.filter { c in
            guard c.nullRate == 0 else { return false }
            if case .reference = c.source { return false }
            return true
        }
        return candidates.first { $0.type.kind == .timestamp }?.name ?? candidates.first { $0.type.kind == .date }?.name
    }
}

/// A stream that cannot start or go on, with what to do about it.
public struct StreamError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ message: String) { description = message }
}
