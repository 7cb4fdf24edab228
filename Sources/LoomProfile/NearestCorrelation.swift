import Foundation

/// Repairs a symmetric matrix with unit diagonal into a positive definite correlation matrix
/// by clipping its eigenvalues at a floor and rescaling back to a unit diagonal (one step of
/// Higham's nearest-correlation projection).
///
/// Pairwise estimates (and pairs dropped as too weak) need not form a valid matrix; shrinking
/// every correlation alike until it is valid weakens the strong pairs most in absolute terms
/// (0.94 became 0.51 on a table of population counts), while clipping only removes the
/// directions that break validity.
public enum NearestCorrelation {
    /// The repaired matrix (row-major, n × n).
    public static func repair(_ m: [[Double]], floor: Double = 0.01) -> [[Double]] {
        let n = m.count
        guard n > 1 else { return m }
        let (values, vectors) = eigen(m)
        var out = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in i..<n {
                var s = 0.0
                for k in 0..<n { s += vectors[i][k] * max(values[k], floor) * vectors[j][k] }
                out[i][j] = s
                out[j][i] = s
            }
        }
        let d = (0..<n).map { out[$0][$0].squareRoot() }
        for i in 0..<n { for j in 0..<n { out[i][j] = i == j ? 1 : out[i][j] / (d[i] * d[j]) } }
        return out
    }

    /// Eigenvalues and eigenvectors (as columns: `vectors[i][k]` is entry i of vector k) of a
    /// symmetric matrix, by cyclic Jacobi rotations.
    static func eigen(_ m: [[Double]]) -> (values: [Double], vectors: [[Double]]) {
        let n = m.count
        var a = m
        var v = (0..<n).map { i in (0..<n).map { $0 == i ? 1.0 : 0.0 } }
        for _ in 0..<100 {
            var off = 0.0
            for i in 0..<n { for j in (i + 1)..<n where j < n { off += a[i][j] * a[i][j] } }
            if off < 1e-22 { break }
            for p in 0..<n {
                for q in (p + 1)..<n where q < n && abs(a[p][q]) > 1e-300 {
                    let theta = (a[q][q] - a[p][p]) / (2 * a[p][q])
                    let t = (theta >= 0 ? 1 : -1) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k][p], akq = a[k][q]
                        a[k][p] = c * akp - s * akq
                        a[k][q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p][k], aqk = a[q][k]
                        a[p][k] = c * apk - s * aqk
                        a[q][k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k][p], vkq = v[k][q]
                        v[k][p] = c * vkp - s * vkq
                        v[k][q] = s * vkp + c * vkq
                    }
                }
            }
        }
        return ((0..<n).map { a[$0][$0] }, v)
    }
}
