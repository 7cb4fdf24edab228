import LoomSpec

extension GeneratorChooser {
    /// A generator for any value of the column's type: what is left when neither constraints
    /// nor the name chose one.
    static func byType(_ c: Context) -> Choice {
        Choice(gen: typeGenerator(c.sql, column: c.column, room: maxLength(c)))
    }

    /// A generator that makes values of `type` (an array's elements, a range's bounds, a column).
    public static func typeGenerator(_ type: SQLType, column: String = "", room: Int? = nil) -> String {
        switch type {
        case .smallint, .integer, .bigint: return "{ uniform: { min: 0, max: 1000 } }"
        case .real, .double: return "{ uniform: { min: 0, max: 1000 } }"
        case .numeric(_, let s): return "{ uniform: { min: 0, max: \(Fmt.fixed(min(1000, (ValueBounds.of(type)?.hi ?? 1000)), s)) } }"
        case .money: return "{ uniform: { min: 1, max: 500 } }"
        case .text, .varchar, .char: return textGenerator(room: room, char: { if case .char = type { true } else { false } }())
        case .boolean: return "{ bernoulli: 0.5 }"
        case .date: return "{ date: { from: 2020-01-01, to: 2025-12-31 } }"
        case .timestamp, .timestamptz: return "{ timestamp: { from: 2020-01-01, to: 2025-12-31 } }"
        case .uuid: return "uuid"
        case .interval: return "{ interval: { min: 1 minute, max: 30 days } }"
        case .time, .timetz: return "{ time: { from: \"08:00\", to: \"20:00\" } }"
        case .inet: return "ipv4"
        case .cidr: return "{ ipv4: { network: 10.0.0.0/8, prefix: 24 } }"
        case .macaddr: return "mac"
        case .bytea: return "{ bytes: { length: { uniform: { min: 8, max: 64 } } } }"
        case .bit, .varbit: return "bits"
        case .enumeration: return "{ constant: null }"
        case .json, .jsonb: return jsonGenerator
        case .array(let element): return arrayGenerator(element)
        case .range(let bound): return rangeGenerator(bound)
        case .tsvector: return "{ tsvector: { sentence: [5, 20] } }"
        }
    }

    /// Text: letters for short fixed-length columns, else a few words.
    static func textGenerator(room: Int?, char: Bool) -> String {
        if let n = room, n <= 4 || char && n <= 12 { return "{ pattern: \"[A-Z]{\(n)}\" }" }
        return "{ words: [1, 3] }"
    }

    /// A small object with a category, a number, and a flag present in half of the rows.
    static let jsonGenerator =
        "{ json: { source: { choice: [web, mobile, api] }, score: { uniform: { min: 1, max: 100 } }, flagged: { gen: { bernoulli: 0.2 }, optional: 0.5 } } }"

    /// Zero to four elements of the element type.
    static func arrayGenerator(_ element: SQLType) -> String {
        let of: String
        switch element.kind {
        case .text: of = "{ words: 1 }"
        case .int: of = "{ uniform: { min: 1, max: 100 } }"
        default: of = typeGenerator(element)
        }
        return "{ array: { of: \(of), length: { uniform: { min: 0, max: 4 } } } }"
    }

    /// Ranges a few units long starting anywhere in a recent stretch: never empty.
    static func rangeGenerator(_ bound: SQLType) -> String {
        let lower: String, length: String
        switch bound {
        case .date:
            (lower, length) = ("{ date: { from: 2020-01-01, to: 2025-12-31 } }", "{ uniform: { min: 1, max: 30 } }")
        case .timestamp, .timestamptz:
            (lower, length) = ("{ timestamp: { from: 2020-01-01, to: 2025-12-31 } }", "{ uniform: { min: 3600, max: 604800 } }")
        case .numeric:
            (lower, length) = ("{ uniform: { min: 0, max: 1000 } }", "{ uniform: { min: 1, max: 100 } }")
        default:
            (lower, length) = ("{ uniform: { min: 1, max: 1000 } }", "{ uniform: { min: 1, max: 10 } }")
        }
        return "{ range: { lower: \(lower), length: \(length) } }"
    }

    /// An enum column: its labels, equally likely.
    static func byEnum(_ c: Context) -> Choice? {
        guard let labels = c.type.enumeration?.labels else { return nil }
        return Choice(gen: "{ choice: [\(labels.map(Fmt.flowItem).joined(separator: ", "))] }")
    }
}
