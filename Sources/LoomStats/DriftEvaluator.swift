import Foundation

/// Compares a column's sketch with its target and judges the drift.
///
/// Each metric is judged on its excess over sampling noise, so that a correct generator stays
/// green on a few thousand sampled rows and a wrong one is flagged as the sample grows:
/// KS minus its 99% critical value 1.63/√n; a mean shift minus 3/√n; a NULL-rate or category
/// difference minus three standard errors. PSI is judged as it is (its noise is about
/// buckets/n, negligible past the minimum sample).
public enum DriftEvaluator {
    /// Fewer sampled rows than this leave a column `collecting`.
    public static let minimumSample: Int64 = 200
    /// PSI buckets: deciles of the target.
    public static let buckets = 10

    public static func evaluate(_ target: ColumnTarget, _ sketch: ColumnSketch, thresholds: DriftThresholds = .standard) -> ColumnDrift {
        evaluate(target, observation: sketch, thresholds: thresholds)
    }

    /// `hardBounds: false` (real data judged against a profile, whose bounds are means of k
    /// records, so real extremes pass them) reports values past the bounds without raising.
    public static func evaluate(
        _ target: ColumnTarget, observation sketch: some DriftObservation, thresholds: DriftThresholds = .standard, hardBounds: Bool = true
    ) -> ColumnDrift {
        var d = ColumnDrift(table: target.table, column: target.column, target: target.source, sampled: sketch.rows)
        guard sketch.rows >= minimumSample else {
            d.severity = .collecting
            return d
        }
        func judge(_ name: String, _ value: Double, noise: Double, _ level: DriftThresholds.Level, format: String = "%.3f") {
            let excess = value - noise
            let shown = String(format: format, value)
            if excess >= level.alert {
                d.raise(.alert, "\(name) \(shown) ≥ \(level.alert)")
            } else if excess >= level.warn {
                d.raise(.warn, "\(name) \(shown) ≥ \(level.warn)")
            }
        }

        if let expected = target.nullRate {
            let rate = Double(sketch.nulls) / Double(sketch.rows)
            d.nullRate = rate
            d.expectedNullRate = expected
            let diff = abs(rate - expected)
            let p = Swift.min(Swift.max(expected, 1e-9), 1 - 1e-9)
            judge(
                "NULL rate \(String(format: "%.3f", rate)) vs \(String(format: "%.3f", expected)): difference", diff,
                noise: 3 * (p * (1 - p) / Double(sketch.rows)).squareRoot(), thresholds.nullRate)
        }

        if let m = sketch.numericMoments, m.count >= minimumSample {
            let n = m.count
            d.mean = m.mean
            if let dist = target.distribution {
                if let ks = sketch.ks(dist, origin: target.origin) {
                    d.ks = ks
                    judge("KS", ks, noise: 1.63 / Double(n).squareRoot(), thresholds.ks)
                }
                if let psi = sketch.psi(dist, origin: target.origin) {
                    d.psi = psi
                    judge("PSI", psi, noise: 0, thresholds.psi)
                }
            }
            if let mean = target.mean {
                let scale = target.sd.map { $0 > 0 ? $0 : 1 } ?? Swift.max(m.standardDeviation, 1e-12)
                let shift = abs(m.mean - mean) / scale
                d.meanShift = shift
                judge(
                    "mean \(String(format: "%.4g", m.mean)) vs \(String(format: "%.4g", mean)): shift in sd", shift,
                    noise: 3 / Double(n).squareRoot(), thresholds.meanShift)
            }
            if let sd = target.sd, sd > 0 {
                let ratio = abs(m.standardDeviation / sd - 1)
                d.sdRatio = ratio
                judge(
                    "sd \(String(format: "%.4g", m.standardDeviation)) vs \(String(format: "%.4g", sd)): relative difference", ratio,
                    noise: 3 / (2 * Double(n)).squareRoot(), thresholds.sdRatio)
            }
            var outside: [String] = []
            if let lo = target.min, m.min < lo - 1e-9 * Swift.max(1, abs(lo)) {
                outside.append("min \(String(format: "%.6g", m.min)) < \(String(format: "%.6g", lo))")
            }
            if let hi = target.max, m.max > hi + 1e-9 * Swift.max(1, abs(hi)) {
                outside.append("max \(String(format: "%.6g", m.max)) > \(String(format: "%.6g", hi))")
            }
            if target.min != nil || target.max != nil { d.outOfRange = !outside.isEmpty }
            for o in outside {
                if hardBounds { d.raise(.alert, "out of range: \(o)") } else { d.reasons.append("past the spec's bounds: \(o)") }
            }
        }

        if let c = sketch.categories, let expected = target.frequencies, c.total >= minimumSample {
            let observed = c.frequencies
            let tv = Divergence.totalVariation(observed, expected)
            d.totalVariation = tv
            let total = Double(c.total)
            let noise = expected.values.reduce(0) { $0 + ($1 * (1 - $1) / total).squareRoot() }
            judge("total variation", tv, noise: noise, thresholds.totalVariation)
            var counts = c.counts
            if c.other > 0 { counts["(other)"] = c.other }
            d.chiSquare = Divergence.chiSquare(observed: counts, expected: expected)
            let keys = Array(Set(observed.keys).union(expected.keys))
            let psi = Divergence.psi(observed: keys.map { observed[$0] ?? 0 }, expected: keys.map { expected[$0] ?? 0 })
            d.psi = psi
            judge("PSI", psi, noise: Double(keys.count) / total, thresholds.psi)
        }
        return d
    }

    /// PSI over the target's deciles, with each decile edge moved down to the nearest bin
    /// boundary of the histogram, where both the data's and the target's shares are exact. For a
    /// law on a lattice the deciles are taken half a step above their lattice point: a value
    /// sitting exactly on a bin boundary (an integer one below the origin is on the boundary at
    /// -1) would otherwise be counted on the wrong side, as `loom validate` never does.
    static func psi(_ h: LogHistogram, _ dist: TargetDistribution, origin: Double) -> Double {
        let half = dist.halfStep ?? 0
        let n = Double(h.count)
        var observed: [Double] = [], expected: [Double] = []
        var lastCount: Int64 = 0, lastCDF = 0.0, lastEdge = -Double.infinity
        for i in 1..<buckets {
            let (edge, count) = h.boundary(atOrBelow: dist.quantile(Double(i) / Double(buckets)) + half - origin)
            guard edge > lastEdge else { continue }
            let c = dist.cdf(edge + origin)
            observed.append(Double(count - lastCount) / n)
            expected.append(c - lastCDF)
            (lastCount, lastCDF, lastEdge) = (count, c, edge)
        }
        observed.append(Double(h.count - lastCount) / n)
        expected.append(1 - lastCDF)
        return Divergence.psi(observed: observed, expected: expected)
    }

    /// How far one shard's sketch is from the whole's: KS for numbers and lengths, total
    /// variation for categories, with the excess over the two-sample noise.
    public static func shardDistance(_ shard: ColumnSketch, whole: ColumnSketch) -> (distance: Double, excess: Double)? {
        if let a = shard.histogram, let b = whole.histogram, a.count >= minimumSample, b.count > a.count {
            let ks = a.ks(b)
            let n = Double(a.count), m = Double(b.count)
            return (ks, ks - 1.63 * ((n + m) / (n * m)).squareRoot())
        }
        if let a = shard.categories, let b = whole.categories, a.total >= minimumSample, b.total > a.total {
            let p = a.frequencies, q = b.frequencies
            let tv = Divergence.totalVariation(p, q)
            let noise = q.values.reduce(0) { $0 + ($1 * (1 - $1) / Double(a.total)).squareRoot() }
            return (tv, tv - noise)
        }
        return nil
    }
}
