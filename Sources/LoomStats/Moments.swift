/// Count, nulls, min, max, mean and variance of a numeric column, mergeable across shards
/// (Welford's update; Chan et al.'s combination for merging).
public struct Moments: Sendable, Equatable, Codable {
    public private(set) var count: Int64 = 0
    public private(set) var nulls: Int64 = 0
    public private(set) var mean: Double = 0
    private var m2: Double = 0
    public private(set) var min: Double = .infinity
    public private(set) var max: Double = -.infinity

    public init() {}

    /// Moments from their parts (`SketchCodec`).
    init(count: Int64, nulls: Int64, mean: Double, m2: Double, min: Double, max: Double) {
        self.count = count
        self.nulls = nulls
        self.mean = mean
        self.m2 = m2
        self.min = min
        self.max = max
    }

    /// The sum of squared deviations from the mean (`SketchCodec`).
    var sumOfSquares: Double { m2 }

    /// Moments computed elsewhere (by SQL aggregates, say).
    public init(count: Int64, nulls: Int64, mean: Double, variance: Double, min: Double, max: Double) {
        self.count = count
        self.nulls = nulls
        self.mean = mean
        m2 = variance * Double(Swift.max(count - 1, 0))
        self.min = count > 0 ? min : .infinity
        self.max = count > 0 ? max : -.infinity
    }

    public mutating func add(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        m2 += delta * (x - mean)
        if x < min { min = x }
        if x > max { max = x }
    }

    public mutating func addNull() { nulls += 1 }

    /// Sample variance (n - 1), 0 below two values.
    public var variance: Double { count > 1 ? m2 / Double(count - 1) : 0 }
    public var standardDeviation: Double { variance.squareRoot() }
    /// Share of NULLs among all rows seen.
    public var nullRate: Double { count + nulls == 0 ? 0 : Double(nulls) / Double(count + nulls) }

    public mutating func merge(_ other: Moments) {
        guard other.count > 0 else { nulls += other.nulls; return }
        guard count > 0 else { let n = nulls; self = other; nulls += n; return }
        let n = Double(count + other.count)
        let delta = other.mean - mean
        mean += delta * Double(other.count) / n
        m2 += other.m2 + delta * delta * Double(count) * Double(other.count) / n
        count += other.count
        nulls += other.nulls
        min = Swift.min(min, other.min)
        max = Swift.max(max, other.max)
    }

    private enum CodingKeys: String, CodingKey { case count, nulls, mean, m2, min, max }

    /// JSON has no infinities: min and max are left out while no value has been seen.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(count, forKey: .count)
        try c.encode(nulls, forKey: .nulls)
        try c.encode(mean, forKey: .mean)
        try c.encode(m2, forKey: .m2)
        if count > 0 {
            try c.encode(min, forKey: .min)
            try c.encode(max, forKey: .max)
        }
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        count = try c.decode(Int64.self, forKey: .count)
        nulls = try c.decode(Int64.self, forKey: .nulls)
        mean = try c.decode(Double.self, forKey: .mean)
        m2 = try c.decode(Double.self, forKey: .m2)
        min = try c.decodeIfPresent(Double.self, forKey: .min) ?? .infinity
        max = try c.decodeIfPresent(Double.self, forKey: .max) ?? -.infinity
    }
}
