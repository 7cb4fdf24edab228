/// What one column's data should look like, and how to sketch it: the analytic law of its
/// generator, or the spec's `expectations` for it. Sent from the coordinator to the monitor, so
/// it is plain data.
public struct ColumnTarget: Sendable, Equatable, Codable {
    /// What a worker records for the column.
    public enum SketchKind: String, Sendable, Equatable, Codable {
        /// Numbers, dates (days) and timestamps (seconds): moments and a histogram.
        case numeric
        /// Values counted by category (text choices, booleans).
        case categorical
        /// Text of no fixed vocabulary: the byte length as a number.
        case length
        /// Only whether the value is NULL (uuids).
        case presence
    }

    public var table: String
    public var column: String
    public var sketch: SketchKind
    /// Numeric values are histogrammed as `value - origin`, so the log-spaced bins are fine
    /// where the data is (a timestamp's bins would be months wide around 0).
    public var origin: Double
    public var distribution: TargetDistribution?
    /// Expected share of each category among non-NULL values.
    public var frequencies: [String: Double]?
    public var mean: Double?
    public var sd: Double?
    public var min: Double?
    public var max: Double?
    public var nullRate: Double?
    /// Where the target comes from, for people: "normal(38, 12) generator", "expectations at
    /// Configs/shop.yaml:88:5".
    public var source: String
    /// Values follow the row index (sequences, a child's key of its parent, expressions of
    /// them), so one shard's values differ from the whole by design and are not compared.
    public var positional = false

    public init(table: String, column: String, sketch: SketchKind, origin: Double = 0, source: String) {
        self.table = table
        self.column = column
        self.sketch = sketch
        self.origin = origin
        self.source = source
    }

    /// Whether anything is checked for this column (otherwise it is only sketched, for
    /// shard-against-whole comparison).
    public var hasTarget: Bool {
        distribution != nil || frequencies != nil || mean != nil || sd != nil || min != nil || max != nil || nullRate != nil
    }
}

/// The targets of one table's columns and how densely its rows are sampled.
public struct TableTargets: Sendable, Equatable, Codable {
    public var table: String
    /// Rows whose index is a multiple of `stride` are sketched (a power of two).
    public var stride: UInt64
    public var columns: [ColumnTarget]

    public init(table: String, stride: UInt64, columns: [ColumnTarget]) {
        self.table = table
        self.stride = stride
        self.columns = columns
    }
}

/// Everything needed to judge a job's drift: each table's targets and the thresholds.
public struct DriftPlan: Sendable, Equatable, Codable {
    public var thresholds: DriftThresholds
    public var tables: [TableTargets]

    public init(thresholds: DriftThresholds, tables: [TableTargets]) {
        self.thresholds = thresholds
        self.tables = tables
    }

    /// Every targeted column's verdict over the merged `sketches` (by table), in the plan's
    /// table order. `amend` may add to a verdict (the monitor adds its worst shard) and keeps
    /// a column without a target by returning true.
    public func evaluate(_ sketches: [String: TableSketch],
                         amend: (TableTargets, ColumnTarget, inout ColumnDrift) -> Bool = { _, _, _ in false }) -> [ColumnDrift] {
        var out: [ColumnDrift] = []
        for t in tables {
            guard let sketch = sketches[t.table] else { continue }
            for target in t.columns {
                guard let cs = sketch.columns[target.column] else { continue }
                var d = DriftEvaluator.evaluate(target, cs, thresholds: thresholds)
                if amend(t, target, &d) || target.hasTarget { out.append(d) }
            }
        }
        return out
    }
}
