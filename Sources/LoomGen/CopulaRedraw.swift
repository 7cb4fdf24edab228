/// How a copula column is drawn again for `avoid_copies:`: from its law *given the other copula
/// columns of the row* (one Gibbs step), so the redraw changes that column alone and the row
/// stays a sample of the joint law. With Σ = L Lᵀ the copula's correlation and Q = Σ⁻¹, the
/// latent z_i given the others is normal with mean −Σ_{j≠i} Q_ij / Q_ii · z_j and variance
/// 1 / Q_ii. As z_j = Σ_m L_jm ε_m over the row's own (unsalted) normal draws ε, the mean is
/// Σ_m W_im ε_m with W = (−Q_ij / Q_ii) L folded at plan time: one normal per column per redraw.
final class CopulaRedraw: Sendable {
    let keys: [UInt64]
    /// Per column i: the weights W_im of the row's normal draws in its conditional mean, row-major.
    let weights: [Double]
    let sd: [Double]

    /// Nil when the factor cannot be inverted (it always can for a Cholesky factor of a valid matrix).
    init?(keys: [UInt64], factor l: [Double]) {
        let n = keys.count
        var inv = [Double](repeating: 0, count: n * n)
        for c in 0..<n {
            for r in c..<n {
                var s = r == c ? 1.0 : 0.0
                for k in c..<r { s -= l[r * n + k] * inv[k * n + c] }
                guard l[r * n + r] != 0 else { return nil }
                inv[r * n + c] = s / l[r * n + r]
            }
        }
        func q(_ a: Int, _ b: Int) -> Double {
            var s = 0.0
            for k in max(a, b)..<n { s += inv[k * n + a] * inv[k * n + b] }
            return s
        }
        var weights = [Double](repeating: 0, count: n * n), sd = [Double](repeating: 0, count: n)
        for i in 0..<n {
            let qii = q(i, i)
            sd[i] = (1 / qii).squareRoot()
            for j in 0..<n where j != i {
                let g = -q(i, j) / qii
                for m in 0...j { weights[i * n + m] += g * l[j * n + m] }
            }
        }
        self.keys = keys
        self.weights = weights
        self.sd = sd
    }

    /// Column `i`'s latent drawn again: the others' part from `base`, its own innovation from `salted`.
    func latent(_ i: Int, base: UInt64, salted: UInt64) -> Double {
        let n = keys.count
        var mean = 0.0
        for m in 0..<n where weights[i * n + m] != 0 { mean += weights[i * n + m] * Distributions.standardNormal(keys[m], base) }
        return mean + sd[i] * Distributions.standardNormal(keys[i], salted)
    }
}
