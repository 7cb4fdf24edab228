import Foundation

/// The text form of a `TableSketch` that travels with every shard (in the worker's `done`
/// message, the ledger and the monitor's events): `s1:` and the base64 of a compact binary
/// layout (varints, doubles as their bits), a fraction of the JSON's size and read without a
/// JSON parser — the coordinator reads one per shard. `decode` also reads the older JSON form.
///
/// Decoding is strict, since sketches come from the network: every length is checked against
/// the bytes left, histogram bins stay within the range real values reach, and anything else
/// makes it return nil.
public enum SketchCodec {
    static let prefix = "s1:"
    /// Bins a histogram may span or start at (values from 1e-12 to 1e308 at 1% accuracy use about ±36,000).
    static let maxBin: Int64 = 100_000

    public static func encode(_ sketch: TableSketch) -> String {
        var w = Writer()
        w.string(sketch.table)
        w.int(Int64(sketch.shards))
        w.int(sketch.rows)
        w.int(sketch.sampled)
        w.int(Int64(sketch.columns.count))
        for (name, c) in sketch.columns.sorted(by: { $0.key < $1.key }) {
            w.string(name)
            w.double(c.origin)
            let m = c.moments
            w.int(m.count)
            w.int(m.nulls)
            for x in [m.mean, m.sumOfSquares, m.min, m.max] { w.double(x) }
            w.byte((c.histogram == nil ? 0 : 1) | (c.categories == nil ? 0 : 2))
            if let h = c.histogram { w.histogram(h) }
            if let k = c.categories { w.categories(k) }
        }
        return prefix + Data(w.bytes).base64EncodedString()
    }

    public static func decode(_ text: String) -> TableSketch? {
        guard text.hasPrefix(prefix) else {
            return try? JSONDecoder().decode(TableSketch.self, from: Data(text.utf8))
        }
        guard let data = Data(base64Encoded: String(text.dropFirst(prefix.count))) else { return nil }
        var r = Reader(bytes: [UInt8](data))
        return r.tableSketch()
    }
}

extension SketchCodec {
    struct Writer {
        var bytes: [UInt8] = []

        mutating func byte(_ b: UInt8) { bytes.append(b) }

        /// A zigzag varint.
        mutating func int(_ v: Int64) {
            var u = UInt64(bitPattern: (v << 1) ^ (v >> 63))
            while u >= 0x80 {
                bytes.append(UInt8(u & 0x7F) | 0x80)
                u >>= 7
            }
            bytes.append(UInt8(u))
        }

        mutating func double(_ x: Double) {
            withUnsafeBytes(of: x.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        }

        mutating func string(_ s: String) {
            int(Int64(s.utf8.count))
            bytes.append(contentsOf: s.utf8)
        }

        mutating func histogram(_ h: LogHistogram) {
            let p = h.parts
            double(h.alpha)
            int(h.zeros)
            int(h.count)
            for (base, counts) in [(p.posBase, p.pos), (p.negBase, p.neg)] {
                int(Int64(base))
                int(Int64(counts.count))
                for c in counts { int(c) }
            }
        }

        mutating func categories(_ k: CategoryCounts) {
            int(Int64(k.cap))
            int(k.other)
            int(k.nulls)
            int(Int64(k.counts.count))
            for (value, n) in k.counts.sorted(by: { $0.key < $1.key }) {
                string(value)
                int(n)
            }
        }
    }

    struct Reader {
        let bytes: [UInt8]
        var i = 0

        mutating func byte() -> UInt8? {
            guard i < bytes.count else { return nil }
            defer { i += 1 }
            return bytes[i]
        }

        mutating func int() -> Int64? {
            var u: UInt64 = 0
            var shift: UInt64 = 0
            while let b = byte() {
                guard shift < 64 else { return nil }
                u |= UInt64(b & 0x7F) << shift
                if b < 0x80 { return Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1) }
                shift += 7
            }
            return nil
        }

        /// A count or length: at least 0 and at most `limit`.
        mutating func count(_ limit: Int64) -> Int? {
            guard let n = int(), n >= 0, n <= limit else { return nil }
            return Int(n)
        }

        mutating func double() -> Double? {
            guard bytes.count - i >= 8 else { return nil }
            var bits: UInt64 = 0
            for k in 0..<8 { bits |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
            i += 8
            return Double(bitPattern: bits)
        }

        mutating func string() -> String? {
            guard let n = count(Int64(bytes.count)), n <= bytes.count - i else { return nil }
            defer { i += n }
            return String(validating: bytes[i..<(i + n)], as: UTF8.self)
        }

        mutating func tableSketch() -> TableSketch? {
            guard let table = string(), let shards = int(), let rows = int(), let sampled = int(),
                let n = count(Int64(bytes.count))
            else { return nil }
            var sketch = TableSketch(table: table, shards: Int(truncatingIfNeeded: shards), rows: rows, sampled: sampled)
            for _ in 0..<n {
                guard let name = string(), let column = columnSketch() else { return nil }
                sketch.columns[name] = column
            }
            return i == bytes.count ? sketch : nil
        }

        mutating func columnSketch() -> ColumnSketch? {
            guard let origin = double(), let count = int(), let nulls = int(), let mean = double(), let m2 = double(),
                let min = double(), let max = double(), let parts = byte(), parts < 4
            else { return nil }
            let moments = Moments(count: count, nulls: nulls, mean: mean, m2: m2, min: min, max: max)
            var histogram: LogHistogram? = nil
            var categories: CategoryCounts? = nil
            if parts & 1 != 0 { guard let h = self.histogram() else { return nil }; histogram = h }
            if parts & 2 != 0 { guard let k = self.categories() else { return nil }; categories = k }
            return ColumnSketch(moments: moments, histogram: histogram, categories: categories, origin: origin)
        }

        mutating func bins() -> (Int32, [Int64])? {
            guard let base = int(), abs(base) <= SketchCodec.maxBin, let n = count(SketchCodec.maxBin) else { return nil }
            var counts: [Int64] = []
            counts.reserveCapacity(n)
            for _ in 0..<n {
                guard let c = int(), c >= 0 else { return nil }
                counts.append(c)
            }
            return (Int32(base), counts)
        }

        mutating func histogram() -> LogHistogram? {
            guard let alpha = double(), alpha > 0, alpha < 1, let zeros = int(), let count = int(), let (posBase, pos) = bins(),
                let (negBase, neg) = bins()
            else { return nil }
            return LogHistogram(alpha: alpha, posBase: posBase, pos: pos, negBase: negBase, neg: neg, zeros: zeros, count: count)
        }

        mutating func categories() -> CategoryCounts? {
            guard let cap = count(1 << 20), let other = int(), let nulls = int(), let n = count(Int64(cap)) else { return nil }
            var counts: [String: Int64] = [:]
            for _ in 0..<n {
                guard let value = string(), let c = int() else { return nil }
                counts[value] = c
            }
            return CategoryCounts(cap: cap, counts: counts, other: other, nulls: nulls)
        }
    }
}
