import Foundation

/// The copula correlation that reproduces a pair's Pearson correlation on the columns' own scale
/// (NORTA, "normal to anything"): the latent normal correlation ρ for which
/// `corr(F⁻¹(Φ(Z₁)), G⁻¹(Φ(Z₂)))`, with F and G the columns' empirical laws and `corr(Z₁, Z₂) = ρ`,
/// equals the Pearson correlation of the source values.
///
/// The Pearson correlation of normal scores matches the ranks' dependence only when it is
/// Gaussian; skewed columns, ties and outliers make the generated values' Pearson correlation
/// drift from the source's (0.63 for 0.79 on a 178-row table). Solving for ρ through the
/// marginals removes that drift. The expectation over (Z₁, Z₂) is a fixed two-dimensional
/// lattice of `points` pairs (stratified first coordinate, golden-ratio second), so the fit is
/// deterministic, and ρ is found by bisection (the correlation grows with ρ).
public struct NortaCorrelation {
    /// Lattice size: the expectation's error is well below the noise of any source correlation.
    public static let points = 2048
    let z1: [Double], e: [Double]

    public init(points: Int = NortaCorrelation.points) {
        var z1: [Double] = [], e: [Double] = []
        let golden = 0.6180339887498949
        for m in 0..<points {
            z1.append(CopulaFitter.inverseNormal((Double(m) + 0.5) / Double(points)))
            let u = (Double(m) * golden + 0.5).truncatingRemainder(dividingBy: 1)
            e.append(CopulaFitter.inverseNormal(min(max(u, 0.5 / Double(points)), 1 - 0.5 / Double(points))))
        }
        self.z1 = z1
        self.e = e
    }

    /// A column's empirical inverse CDF over its present values.
    public struct Law {
        let sorted: [Double]
        public init(_ values: [Double?]) { sorted = values.compactMap { $0 }.filter(\.isFinite).sorted() }
        @inline(__always)
        func quantile(_ u: Double) -> Double {
            let n = sorted.count
            return sorted[min(n - 1, max(0, Int(u * Double(n))))]
        }
    }

    /// The latent ρ in [-0.99, 0.99] whose generated Pearson correlation is closest to `target`,
    /// nil when a column has fewer than 2 values or does not vary.
    public func latent(target: Double, _ a: Law, _ b: Law) -> Double? {
        guard a.sorted.count > 1, b.sorted.count > 1, a.sorted.first! < a.sorted.last!, b.sorted.first! < b.sorted.last!,
            target.isFinite
        else { return nil }
        let xs = z1.map { a.quantile(Self.cdf($0)) }
        var lo = -0.99, hi = 0.99
        guard pearson(xs, b, rho: lo) < target else { return lo }
        guard pearson(xs, b, rho: hi) > target else { return hi }
        for _ in 0..<22 {
            let mid = (lo + hi) / 2
            if pearson(xs, b, rho: mid) < target { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// A pair's cell of a mixture: rows drawn from laws `a` and `b` (one case each of two `by:`
    /// generators), with their share of the rows.
    public struct Cell {
        public var weight: Double
        public var a: Law, b: Law
        public init(weight: Double, a: Law, b: Law) {
            self.weight = weight
            self.a = a
            self.b = b
        }
    }

    /// The latent ρ in [-0.99, 0.99] whose generated Pearson correlation over the mixture of
    /// `cells` (each row drawn from its cell's laws, the same ρ in every cell) is closest to
    /// `target`; nil when the mixture's values do not vary. Each cell takes a share of the
    /// lattice by its weight (at least 64 pairs).
    public func latent(target: Double, cells: [Cell]) -> Double? {
        let cells = cells.filter { $0.weight > 0 && !$0.a.sorted.isEmpty && !$0.b.sorted.isEmpty }
        let total = cells.reduce(0) { $0 + $1.weight }
        guard total > 0, target.isFinite else { return nil }
        var lattices: [Int: NortaCorrelation] = [:]
        let parts = cells.map { c -> (w: Double, lattice: NortaCorrelation, xs: [Double], b: Law) in
            let n = max(64, Int((Double(z1.count) * c.weight / total).rounded()))
            let lattice = n == z1.count ? self : lattices[n] ?? NortaCorrelation(points: n)
            lattices[n] = lattice
            return (c.weight / total / Double(n), lattice, lattice.z1.map { c.a.quantile(Self.cdf($0)) }, c.b)
        }
        func pearson(_ rho: Double) -> Double? {
            let s = (1 - rho * rho).squareRoot()
            var sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
            for p in parts {
                for m in p.xs.indices {
                    let y = p.b.quantile(Self.cdf(rho * p.lattice.z1[m] + s * p.lattice.e[m])), x = p.xs[m]
                    sx += p.w * x; sy += p.w * y; sxx += p.w * x * x; syy += p.w * y * y; sxy += p.w * x * y
                }
            }
            let vx = sxx - sx * sx, vy = syy - sy * sy
            guard vx > 1e-12 * max(1, sxx), vy > 1e-12 * max(1, syy) else { return nil }
            return (sxy - sx * sy) / (vx * vy).squareRoot()
        }
        var lo = -0.99, hi = 0.99
        guard let low = pearson(lo), let high = pearson(hi) else { return nil }
        guard low < target else { return lo }
        guard high > target else { return hi }
        for _ in 0..<22 {
            let mid = (lo + hi) / 2
            if (pearson(mid) ?? target) < target { lo = mid } else { hi = mid }
        }
        return (lo + hi) / 2
    }

    /// Φ(z), computed on the side that keeps precision (as the engine's copula does).
    @inline(__always)
    static func cdf(_ z: Double) -> Double { 0.5 * erfc(-z * 0.7071067811865476) }

    /// Pearson correlation of `xs` with b's values at the lattice's second normal for `rho`.
    func pearson(_ xs: [Double], _ b: Law, rho: Double) -> Double {
        let s = (1 - rho * rho).squareRoot()
        var sx = 0.0, sy = 0.0, sxx = 0.0, syy = 0.0, sxy = 0.0
        for m in xs.indices {
            let y = b.quantile(Self.cdf(rho * z1[m] + s * e[m]))
            let x = xs[m]
            sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y
        }
        let n = Double(xs.count)
        let vx = sxx - sx * sx / n, vy = syy - sy * sy / n
        guard vx > 0, vy > 0 else { return 0 }
        return (sxy - sx * sy / n) / (vx * vy).squareRoot()
    }
}
