import LoomGen
import LoomPostgres
import LoomSpec

/// Fingerprints of source rows as read by the profiler (see `ColumnType.measure`), equal to
/// the `RowFingerprint` of the same values when Loom generates them.
enum SourceFingerprints {
    /// Folds one measured value in.
    static func fold(_ h: UInt64, _ text: String?, _ kind: ColumnType) -> UInt64 {
        guard let text else { return RowFingerprint.null(h) }
        switch kind {
        case .integer, .float, .decimal, .date, .timestamp: return RowFingerprint.number(h, Double(text) ?? .nan)
        case .bool: return RowFingerprint.number(h, text == "true" ? 1 : 0)
        case .text, .bytes, .generic: return RowFingerprint.text(h, text)
        case .uuid:
            let hex = text.filter { $0 != "-" }
            guard hex.count == 32, let hi = UInt64(hex.prefix(16), radix: 16), let lo = UInt64(hex.suffix(16), radix: 16) else {
                return RowFingerprint.text(h, text)
            }
            return RowFingerprint.uuid(h, hi, lo)
        }
    }

    /// `avoid_copies:` over `columns` (result column index and kind, in order) of `result`'s
    /// rows, or nil with the reason when the table has too many distinct rows for a bitmap.
    static func avoidCopies(_ result: PostgresResult, columns: [(name: String, index: Int, kind: ColumnType)], maxRows: Int) -> (
        AvoidCopies?, String?
    ) {
        guard !columns.isEmpty, result.rowCount > 0 else { return (nil, nil) }
        var prints: [UInt64] = []
        prints.reserveCapacity(result.rowCount)
        for r in 0..<result.rowCount {
            var h = RowFingerprint.start
            for c in columns { h = fold(h, result.value(r, c.index), c.kind) }
            prints.append(h)
        }
        let distinct = Set(prints).count
        guard distinct <= maxRows else {
            return (nil, "\(distinct) distinct rows are more than avoid_copies keeps (\(maxRows))")
        }
        let avoid = AvoidCopies(
            columns: columns.map(\.name), sourceRows: Int64(distinct), filter: AvoidCopies.bitmap(prints),
            location: SourceLocation(file: "profile", line: 0, column: 0))
        return (avoid, nil)
    }
}
