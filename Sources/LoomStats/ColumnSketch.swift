/// A mergeable summary of one column's sampled values: count, NULLs and moments always; a
/// histogram for numbers (shifted by `origin`) and text lengths; category counts for categories.
public struct ColumnSketch: Sendable, Equatable, Codable {
    public var moments = Moments()
    public var histogram: LogHistogram?
    public var categories: CategoryCounts?
    public let origin: Double

    /// Histogram accuracy (relative bin width) used for every column.
    public static let alpha = 0.01
    /// Distinct categories kept per column; the rest count as "other".
    public static let categoryCap = 256

    public init(_ kind: ColumnTarget.SketchKind, origin: Double = 0) {
        self.origin = origin
        switch kind {
        case .numeric, .length: histogram = LogHistogram(alpha: Self.alpha)
        case .categorical: categories = CategoryCounts(cap: Self.categoryCap)
        case .presence: break
        }
    }

    /// A sketch from its parts (`SketchCodec`).
    init(moments: Moments, histogram: LogHistogram?, categories: CategoryCounts?, origin: Double) {
        self.moments = moments
        self.histogram = histogram
        self.categories = categories
        self.origin = origin
    }

    public var nulls: Int64 { moments.nulls }
    /// Values seen, NULLs included.
    public var rows: Int64 { moments.count + moments.nulls + (categories?.total ?? 0) }
    public var nullRate: Double { rows == 0 ? 0 : Double(nulls) / Double(rows) }

    @inline(__always)
    public mutating func add(_ x: Double) {
        guard x.isFinite else { return }
        moments.add(x)
        histogram?.add(x - origin)
    }

    public mutating func add(category: String, count: Int64 = 1) {
        categories?.add(category, count: count)
    }

    /// A non-NULL value that is only counted (presence sketches).
    public mutating func addPresent() { moments.add(0) }

    public mutating func addNull() { moments.addNull() }

    public mutating func merge(_ other: ColumnSketch) {
        moments.merge(other.moments)
        if let h = other.histogram, other.origin == origin { histogram?.merge(h) }
        if let c = other.categories { categories?.merge(c) }
    }
}

/// The sketches of one table's columns over some shards.
public struct TableSketch: Sendable, Equatable, Codable {
    public var table: String
    public var shards: Int
    /// Rows generated, sampled or not.
    public var rows: Int64
    /// Rows sketched.
    public var sampled: Int64
    public var columns: [String: ColumnSketch]

    public init(table: String, shards: Int = 0, rows: Int64 = 0, sampled: Int64 = 0, columns: [String: ColumnSketch] = [:]) {
        self.table = table
        self.shards = shards
        self.rows = rows
        self.sampled = sampled
        self.columns = columns
    }

    /// An empty sketch with one column sketch per target.
    public init(_ targets: TableTargets) {
        self.init(table: targets.table)
        for c in targets.columns { columns[c.column] = ColumnSketch(c.sketch, origin: c.origin) }
    }

    public mutating func merge(_ other: TableSketch) {
        shards += other.shards
        rows += other.rows
        sampled += other.sampled
        for (name, sketch) in other.columns {
            if columns[name] == nil { columns[name] = sketch } else { columns[name]!.merge(sketch) }
        }
    }
}
