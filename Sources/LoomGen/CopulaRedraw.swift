/// How a copula column is drawn again for `avoid_copies:`: from its law *given the other copula
/// columns of the row* (one Gibbs step), so the redraw changes that column alone and the row
/// stays a sample of the joint law. With Σ = L Lᵀ the copula's correlation and Q = Σ⁻¹, the
/// latent z_i given the others is normal with mean −Σ_{j≠i} Q_ij / Q_ii · z_j and variance
/// 1 / Q_ii; the others' latents are recomputed from the row's own (unsalted) normal draws.
final class CopulaRedraw: Sendable {
    let keys: [UInt64]
    let factor: [Double]
    /// Per column i: the weights −Q_ij / Q_ii of the other columns' latents (0 at i), row-major.
    let given: [Double]
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
        var given = [Double](repeating: 0, count: n * n), sd = [Double](repeating: 0, count: n)
        for i in 0..<n {
            func q(_ a: Int, _ b: Int) -> Double {
                var s = 0.0
                for k in max(a, b)..<n { s += inv[k * n + a] * inv[k * n + b] }
                return s
            }
            let qii = q(i, i)
            sd[i] = (1 / qii).squareRoot()
            for j in 0..<n where j != i { given[i * n + j] = -q(i, j) / qii }
        }
        self.keys = keys
        factor = l
        self.given = given
        self.sd = sd
    }

    /// Column `i`'s latent drawn again: the others' latents from `base`, its own innovation from `salted`.
    func latent(_ i: Int, base: UInt64, salted: UInt64) -> Double {
        let n = keys.count
        var mean = 0.0
        for j in 0..<n where j != i {
            var z = 0.0
            for m in 0...j { z += factor[j * n + m] * Distributions.standardNormal(keys[m], base) }
            mean += given[i * n + j] * z
        }
        return mean + sd[i] * Distributions.standardNormal(keys[i], salted)
    }
}
