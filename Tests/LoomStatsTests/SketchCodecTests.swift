import Foundation
import Testing

@testable import LoomStats

/// The compact text form of sketches: a faithful round trip, the older JSON still read, and
/// hostile input refused.
@Suite struct SketchCodecTests {
    static func sample() -> TableSketch {
        var numbers = ColumnSketch(.numeric, origin: 10)
        for i in 0..<5_000 { numbers.add(Double(i % 97) * 1.5 - 30) }
        numbers.add(0)
        numbers.addNull()
        var words = ColumnSketch(.categorical)
        for i in 0..<300 { words.add(category: "v\(i % 40) é", count: Int64(i % 3 + 1)) }
        var lengths = ColumnSketch(.length)
        for i in 0..<100 { lengths.add(Double(i % 12)) }
        let presence = ColumnSketch(.presence)
        return TableSketch(
            table: "users", shards: 3, rows: 9_000, sampled: 5_001, columns: ["n": numbers, "w": words, "l": lengths, "p": presence])
    }

    /// Equality by what the sketches tell: moments, bins and categories.
    static func same(_ a: TableSketch, _ b: TableSketch) -> Bool {
        guard a.table == b.table, a.shards == b.shards, a.rows == b.rows, a.sampled == b.sampled,
            Set(a.columns.keys) == Set(b.columns.keys)
        else { return false }
        return a.columns.allSatisfy { name, x in
            let y = b.columns[name]!
            return x.moments == y.moments && x.categories == y.categories && x.origin == y.origin
                && x.histogram?.positive == y.histogram?.positive && x.histogram?.negative == y.histogram?.negative
                && x.histogram?.zeros == y.histogram?.zeros && x.histogram?.count == y.histogram?.count
        }
    }

    @Test func roundTrip() throws {
        let sketch = Self.sample()
        let text = SketchCodec.encode(sketch)
        #expect(text.hasPrefix("s1:"))
        let back = try #require(SketchCodec.decode(text))
        #expect(Self.same(sketch, back))
        let json = String(decoding: try JSONEncoder().encode(sketch), as: UTF8.self)
        #expect(text.utf8.count < json.utf8.count, "\(text.utf8.count) bytes against \(json.utf8.count) of JSON")
    }

    @Test func mergingDecodedSketchesEqualsMergingTheOriginals() throws {
        var a = Self.sample(), b = Self.sample()
        a.merge(Self.sample())
        b.merge(try #require(SketchCodec.decode(SketchCodec.encode(Self.sample()))))
        #expect(Self.same(a, b))
    }

    @Test func theOlderJSONIsStillRead() throws {
        let sketch = Self.sample()
        let json = String(decoding: try JSONEncoder().encode(sketch), as: UTF8.self)
        #expect(Self.same(sketch, try #require(SketchCodec.decode(json))))
    }

    @Test func hostileInputIsRefused() throws {
        let good = Array(Data(base64Encoded: String(SketchCodec.encode(Self.sample()).dropFirst(3)))!)
        func text(_ bytes: [UInt8]) -> String { "s1:" + Data(bytes).base64EncodedString() }
        #expect(SketchCodec.decode("s1:not base64!") == nil)
        #expect(SketchCodec.decode(text(Array(good.dropLast()))) == nil, "truncated")
        #expect(SketchCodec.decode(text(good + [0])) == nil, "trailing bytes")
        for cut in stride(from: 1, to: good.count, by: max(1, good.count / 200)) {
            _ = SketchCodec.decode(text(Array(good.prefix(cut))))
        }
        // A histogram starting at bin 2^40 would make merges allocate without end.
        var w = SketchCodec.Writer()
        w.string("t"); w.int(1); w.int(1); w.int(1); w.int(1)
        w.string("c"); w.double(0); w.int(1); w.int(0)
        for x in [1.0, 0, 1, 1] { w.double(x) }
        w.byte(1)
        w.double(0.01); w.int(0); w.int(1); w.int(1 << 40); w.int(1); w.int(1); w.int(0); w.int(0)
        #expect(SketchCodec.decode(text(w.bytes)) == nil)
    }
}
