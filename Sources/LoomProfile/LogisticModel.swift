import Foundation
import LoomSpec

/// L2-regularised logistic regression (C = 1, as scikit-learn's default), fitted by Newton's
/// method on standardised features: P(y = 1 | x) = σ(b + w·x).
struct LogisticModel {
    var weights: [Double]
    var bias: Double

    init(_ x: FeatureMatrix, _ y: [Double], iterations: Int = 25) {
        let p = x.width, n = x.rows
        var w = [Double](repeating: 0, count: p + 1)  // bias last, not penalised
        for _ in 0..<iterations {
            var gradient = [Double](repeating: 0, count: p + 1)
            var hessian = [Double](repeating: 0, count: (p + 1) * (p + 1))
            for r in 0..<n {
                let row = x.row(r)
                var z = w[p]
                for (k, v) in row.enumerated() where v != 0 { z += w[k] * v }
                let mu = 1 / (1 + exp(-z)), s = max(mu * (1 - mu), 1e-9), e = mu - y[r]
                var nz: [(Int, Double)] = row.enumerated().filter { $0.element != 0 }.map { ($0.offset, $0.element) }
                nz.append((p, 1))
                for (a, va) in nz {
                    gradient[a] += e * va
                    for (b, vb) in nz { hessian[a * (p + 1) + b] += s * va * vb }
                }
            }
            for k in 0..<p {
                gradient[k] += w[k]
                hessian[k * (p + 1) + k] += 1
            }
            hessian[p * (p + 1) + p] += 1e-9
            guard let step = Self.solve(hessian, gradient, p + 1) else { break }
            var moved = 0.0
            for k in 0...p {
                w[k] -= step[k]
                moved = max(moved, abs(step[k]))
            }
            if moved < 1e-8 { break }
        }
        weights = Array(w[0..<p])
        bias = w[p]
    }

    func probability(_ row: ArraySlice<Double>) -> Double {
        var z = bias
        for (k, v) in row.enumerated() where v != 0 { z += weights[k] * v }
        return 1 / (1 + exp(-z))
    }

    /// Solves A x = b (A symmetric positive definite, n×n, row-major) by Cholesky; nil if singular.
    static func solve(_ a: [Double], _ b: [Double], _ n: Int) -> [Double]? {
        guard let l = Cholesky.factor(a, n: n) else { return nil }
        var z = b
        for i in 0..<n {
            for k in 0..<i { z[i] -= l[i * n + k] * z[k] }
            z[i] /= l[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {
            for k in (i + 1)..<n { z[i] -= l[k * n + i] * z[k] }
            z[i] /= l[i * n + i]
        }
        return z
    }
}

/// Ridge regression (α = 1, as scikit-learn's `Ridge`) on standardised features.
struct RidgeModel {
    var weights: [Double]
    var bias: Double

    init(_ x: FeatureMatrix, _ y: [Double]) {
        let p = x.width, n = x.rows
        let mean = y.isEmpty ? 0 : y.reduce(0, +) / Double(n)
        var a = [Double](repeating: 0, count: p * p), b = [Double](repeating: 0, count: p)
        var xm = [Double](repeating: 0, count: p)
        for r in 0..<n { for (k, v) in x.row(r).enumerated() { xm[k] += v / Double(max(n, 1)) } }
        for r in 0..<n {
            let row = Array(x.row(r))
            for i in 0..<p {
                let vi = row[i] - xm[i]
                b[i] += vi * (y[r] - mean)
                for j in 0..<p { a[i * p + j] += vi * (row[j] - xm[j]) }
            }
        }
        for i in 0..<p { a[i * p + i] += 1 }
        weights = LogisticModel.solve(a, b, p) ?? [Double](repeating: 0, count: p)
        bias = mean - zip(weights, xm).reduce(0) { $0 + $1.0 * $1.1 }
    }

    func predict(_ row: ArraySlice<Double>) -> Double {
        var z = bias
        for (k, v) in row.enumerated() { z += weights[k] * v }
        return z
    }
}
