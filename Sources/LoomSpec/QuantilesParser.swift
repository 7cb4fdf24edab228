/// Parses the `quantiles` generator: `{ 0: 1.5, 0.1: 3.2, …, 1: 99 }`, probabilities from 0 to 1
/// in increasing order with non-decreasing values. Time columns take dates or timestamps (or
/// numbers: days for dates, seconds for timestamps, since 1970-01-01).
struct QuantilesParser {
    let reader: YAMLReader

    func parse(_ node: YAMLNode, type: SQLType, column: String, nameNode: YAMLNode) throws(SpecError) -> GeneratorSpec {
        let kind: ValueKind
        switch type.kind {
        case .int, .float, .decimal, .text: kind = .float
        case .date: kind = .date
        case .timestamp: kind = .timestamp
        default:
            throw reader.error("quantiles makes numbers, dates or timestamps but column '\(column)' is \(type)", nameNode)
        }
        let m = try reader.mapping(node, "quantiles of column '\(column)'")
        var points: [Expectation.QuantilePoint] = []
        for (k, v) in m {
            let p = try reader.probability(k, "quantile probability")
            let raw = try reader.string(v, "quantile \(p)")
            let value: Double
            if let d = Double(raw.replacingUnderscores()), d.isFinite {
                value = d
            } else if kind == .date, let days = CivilTime.parseDate(raw) {
                value = Double(days)
            } else if kind == .timestamp, let micros = CivilTime.parseTimestamp(raw) {
                value = Double(micros) / Double(CivilTime.microsPerSecond)
            } else {
                let hint = kind == .float ? "" : kind == .date ? " or a date like 2024-01-31" : " or a timestamp like 2024-01-31T12:00:00Z"
                throw reader.error("quantile \(p) of column '\(column)' must be a number\(hint), found '\(raw)'", v)
            }
            if let last = points.last {
                guard p > last.p else {
                    throw reader.error(
                        "quantiles of column '\(column)' must be listed by increasing probability; \(p) follows \(last.p)", k)
                }
                guard value >= last.value else {
                    throw reader.error("quantile \(p) of column '\(column)' (\(value)) is below quantile \(last.p) (\(last.value))", v)
                }
            }
            points.append(.init(p: p, value: value))
        }
        guard points.count >= 2, points.first?.p == 0, points.last?.p == 1 else {
            throw reader.error("quantiles of column '\(column)' need at least the points 0 and 1, e.g. { 0: 1, 0.5: 40, 1: 100 }", node)
        }
        return .quantiles(points, kind: kind)
    }
}
