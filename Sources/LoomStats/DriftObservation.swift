/// What a column's data looked like, as far as drift is concerned: a sketch of sampled rows
/// (workers, the monitor) or a summary computed by SQL over a loaded table (`loom validate`).
public protocol DriftObservation {
    /// Rows observed, NULLs included.
    var rows: Int64 { get }
    var nulls: Int64 { get }
    /// Moments of the non-NULL values, when the column is numeric (or measured by length).
    var numericMoments: Moments? { get }
    var categories: CategoryCounts? { get }
    /// Kolmogorov–Smirnov distance from `target`, where the observation can tell.
    func ks(_ target: TargetDistribution, origin: Double) -> Double?
    /// Population stability index against `target` over about ten equal-mass buckets.
    func psi(_ target: TargetDistribution, origin: Double) -> Double?
}

extension ColumnSketch: DriftObservation {
    public var numericMoments: Moments? { histogram == nil ? nil : moments }

    public func ks(_ target: TargetDistribution, origin: Double) -> Double? {
        histogram.map { h in Divergence.ks(h, cdf: { target.cdf($0 + origin) }) }
    }

    public func psi(_ target: TargetDistribution, origin: Double) -> Double? {
        histogram.map { DriftEvaluator.psi($0, target, origin: origin) }
    }
}

/// A column summarised by aggregates instead of a sketch: counts, moments, category counts and
/// the number of values at or below chosen points (for KS and PSI).
public struct ColumnSummary: DriftObservation, Sendable, Equatable, Codable {
    /// The number of non-NULL values at or below `x`.
    public struct CDFPoint: Sendable, Equatable, Codable {
        public var x: Double
        public var count: Int64
        public init(x: Double, count: Int64) {
            self.x = x
            self.count = count
        }
    }

    public var rows: Int64
    public var nulls: Int64
    public var numericMoments: Moments?
    public var categories: CategoryCounts?
    /// Sorted by `x`; best chosen at the target's percentiles.
    public var points: [CDFPoint]

    public init(rows: Int64, nulls: Int64, moments: Moments? = nil, categories: CategoryCounts? = nil, points: [CDFPoint] = []) {
        self.rows = rows
        self.nulls = nulls
        numericMoments = moments
        self.categories = categories
        self.points = points
    }

    private var values: Double { Double(rows - nulls) }

    public func ks(_ target: TargetDistribution, origin: Double) -> Double? {
        guard !points.isEmpty, values > 0 else { return nil }
        return points.reduce(0) { max($0, abs(Double($1.count) / values - target.cdf($1.x))) }
    }

    public func psi(_ target: TargetDistribution, origin: Double) -> Double? {
        guard !points.isEmpty, values > 0 else { return nil }
        var observed: [Double] = [], expected: [Double] = []
        var lastCount: Int64 = 0, lastCDF = 0.0
        let step = 1.0 / Double(DriftEvaluator.buckets)
        for p in points {
            let c = target.cdf(p.x)
            guard c - lastCDF >= step * 0.999 else { continue }
            observed.append(Double(p.count - lastCount) / values)
            expected.append(c - lastCDF)
            (lastCount, lastCDF) = (p.count, c)
        }
        observed.append(Double(Int64(values) - lastCount) / values)
        expected.append(1 - lastCDF)
        return Divergence.psi(observed: observed, expected: expected)
    }
}
