import Foundation

/// A table's `avoid_copies:` section: no generated row may equal, over `columns`, one of the
/// source rows a profile read. The source rows are kept only as a bitmap of row fingerprints
/// (`RowFingerprint` in LoomGen) with deliberately few bits: between one in sixteen and one in
/// eight of all other rows also hit a set bit, so the bitmap cannot tell whether a given row
/// was in the source.
/// A generated row that hits a set bit is drawn again.
public struct AvoidCopies: Sendable, Hashable {
    /// The compared columns, in fingerprint order.
    public var columns: [String]
    /// Distinct source rows behind the bitmap (for the report; not used to generate).
    public var sourceRows: Int64
    /// The bitmap: bit `i` is set when some source row's fingerprint has `i` as its top
    /// `bits` bits. Its size in bytes is a power of two, at least 8.
    public var filter: [UInt8]
    public var location: SourceLocation
    public var columnLocations: [SourceLocation] = []

    public init(columns: [String], sourceRows: Int64, filter: [UInt8], location: SourceLocation) {
        self.columns = columns
        self.sourceRows = sourceRows
        self.filter = filter
        self.location = location
    }

    /// Number of fingerprint bits the bitmap is indexed by.
    public var bits: Int { (filter.count * 8).trailingZeroBitCount }

    /// Share of the bitmap's bits that are set: the chance that a row not in the source is
    /// drawn again anyway.
    public var fill: Double {
        Double(filter.reduce(0) { $0 + $1.nonzeroBitCount }) / Double(max(filter.count * 8, 1))
    }

    /// Builds the bitmap for `fingerprints`, with 2^bits ≥ 8 × (distinct fingerprints).
    public static func bitmap(_ fingerprints: [UInt64]) -> [UInt8] {
        let distinct = Set(fingerprints).count
        var bits = 6
        while (1 << bits) < 8 * max(distinct, 1) { bits += 1 }
        var out = [UInt8](repeating: 0, count: (1 << bits) / 8)
        for f in fingerprints {
            let i = Int(f >> UInt64(64 - bits))
            out[i >> 3] |= 1 << UInt8(i & 7)
        }
        return out
    }
}

extension AvoidCopies {
    /// Parses `avoid_copies: { columns: [...], source_rows: N, filter: BASE64 }`.
    static func parse(_ key: YAMLNode, _ node: YAMLNode, reader: YAMLReader, table: String) throws(SpecError) -> AvoidCopies {
        let what = "avoid_copies of table '\(table)'"
        let m = try reader.mapping(node, what)
        try reader.checkKeys(m, allowed: ["columns", "source_rows", "filter", "description"], in: what)
        guard let c = reader.entry(m, "columns") else { throw reader.error("\(what) needs 'columns: [...]', the compared columns", key) }
        let columns = try reader.stringList(c.value, "columns of \(what)")
        var locations: [SourceLocation] = []
        if case .sequence(let seq) = c.value { locations = seq.map { reader.location($0) } } else { locations = [reader.location(c.value)] }
        var seen = Set<String>()
        for (i, name) in columns.enumerated() where !seen.insert(name).inserted {
            throw SpecError("\(what) names column '\(name)' twice", at: locations[i])
        }
        guard let f = reader.entry(m, "filter") else {
            throw reader.error("\(what) needs 'filter:', the base64 bitmap 'loom profile' writes", key)
        }
        let text = try reader.string(f.value, "filter")
        guard let data = Data(base64Encoded: text), data.count >= 8, data.count.nonzeroBitCount == 1 else {
            throw reader.error(
                "\(what): 'filter' must be base64 of a bitmap whose size in bytes is a power of two (at least 8), as 'loom profile' writes it",
                f.value)
        }
        var rows: Int64 = 0
        if let r = reader.entry(m, "source_rows") {
            rows = try reader.int(r.value, "source_rows")
            guard rows >= 0 else { throw reader.error("source_rows must not be negative", r.value) }
        }
        var out = AvoidCopies(columns: columns, sourceRows: rows, filter: [UInt8](data), location: reader.location(key))
        out.columnLocations = locations
        return out
    }
}
