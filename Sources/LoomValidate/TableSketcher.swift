import LoomGen
import LoomStats

/// Sketches the sampled rows of one table while they are generated: rows whose global index is
/// a multiple of the table's stride, so the sample (and every statistic of it) is the same
/// however the table is split into shards.
public struct TableSketcher {
    private var columns: [ColumnSketch]
    private let kinds: [ColumnTarget.SketchKind]
    private let names: [String]
    private let table: String
    private let mask: UInt64
    /// Per column: counts of text values that live outside the row's arena (choices,
    /// dictionary entries), keyed by address, so counting them needs neither a String nor a
    /// hash; turned into category counts when the sketch is read.
    private var constants: [ConstantCounts]
    /// Per column: the target's category keys by the number they spell, so a generated 22.0
    /// counts under the target's "22" (and 12.5 under "12.50").
    private let numericKeys: [[Double: String]]
    private var rows: Int64 = 0
    private var sampled: Int64 = 0
    private var shards = 0

    public init(_ targets: TableTargets) {
        columns = targets.columns.map { ColumnSketch($0.sketch, origin: $0.origin) }
        constants = Array(repeating: ConstantCounts(), count: targets.columns.count)
        kinds = targets.columns.map(\.sketch)
        numericKeys = targets.columns.map { CategoryKey.byNumber(($0.frequencies ?? [:]).keys) }
        names = targets.columns.map(\.column)
        mask = max(targets.stride, 1) - 1
        table = targets.table
    }

    /// What has been observed so far.
    public var sketch: TableSketch {
        var all = columns
        for (i, c) in constants.enumerated() {
            for (j, n) in c.counts.enumerated() { all[i].add(category: c.keys[j], count: n) }
        }
        return TableSketch(
            table: table, shards: shards, rows: rows, sampled: sampled,
            columns: Dictionary(uniqueKeysWithValues: zip(names, all)))
    }

    /// Counts the row (every row) and sketches it if it is sampled.
    @inline(__always)
    public mutating func observe(_ frame: RowFrame) {
        rows += 1
        guard frame.row & mask == 0 else { return }
        sampled += 1
        for i in 0..<min(kinds.count, frame.count) {
            let v = frame[i]
            if v.isNull {
                columns[i].addNull()
                continue
            }
            switch kinds[i] {
            case .numeric:
                if let x = Self.number(v) { columns[i].add(x) }
            case .length:
                if case .text(let t) = v { columns[i].add(Double(t.count)) }
            case .categorical:
                if case .text(let t) = v, let base = t.baseAddress, !frame.arena.contains(base),
                    constants[i].count(UnsafeRawPointer(base), t.count)
                {
                    continue
                }
                if case .bool(let b) = v {
                    columns[i].add(category: b ? "true" : "false")
                } else if !numericKeys[i].isEmpty, let x = v.asDouble, let k = numericKeys[i][x] {
                    columns[i].add(category: k)
                } else if let k = CategoryKey.of(v) {
                    columns[i].add(category: k)
                }
            case .presence:
                columns[i].addPresent()
            }
        }
    }

    /// Marks the sketch as covering one more shard.
    public mutating func finishShard() { shards += 1 }

    /// A value as the number it is sketched as: dates in days, timestamps and intervals in seconds.
    @inline(__always)
    static func number(_ v: Value) -> Double? {
        switch v {
        case .date(let d): return Double(d)
        case .timestamp(let t), .interval(let t): return Double(t) / 1e6
        default: return v.asDouble
        }
    }
}

/// Counts of up to 64 distinct constant text values, found by address and length.
struct ConstantCounts {
    private var addresses: [UnsafeRawPointer] = []
    private var lengths: [Int] = []
    private(set) var counts: [Int64] = []
    private(set) var keys: [String] = []

    /// Counts the value; false when the table is full and the caller must count it itself.
    @inline(__always)
    mutating func count(_ address: UnsafeRawPointer, _ length: Int) -> Bool {
        for i in 0..<addresses.count where addresses[i] == address && lengths[i] == length {
            counts[i] += 1
            return true
        }
        guard addresses.count < 64 else { return false }
        addresses.append(address)
        lengths.append(length)
        counts.append(1)
        keys.append(String(decoding: UnsafeBufferPointer(start: address.assumingMemoryBound(to: UInt8.self), count: length), as: UTF8.self))
        return true
    }
}
