/// One entry of a table's `correlate:` section: the target Pearson-like correlation of two
/// numeric columns, realised through a Gaussian copula (each column keeps its own law).
public struct Correlation: Sendable, Hashable {
    public var first: String
    public var second: String
    public var rho: Double
    /// Where the pair (the key) is written.
    public var location: SourceLocation
    /// Where each column name is written.
    public var firstLocation: SourceLocation
    public var secondLocation: SourceLocation

    public init(first: String, second: String, rho: Double, location: SourceLocation,
                firstLocation: SourceLocation, secondLocation: SourceLocation) {
        self.first = first
        self.second = second
        self.rho = rho
        self.location = location
        self.firstLocation = firstLocation
        self.secondLocation = secondLocation
    }
}

/// Cholesky factorisation of small symmetric matrices, used to check that a table's
/// correlations form a valid (positive definite) matrix and to mix independent normals.
public enum Cholesky {
    /// The lower-triangular L with L·Lᵀ = `matrix` (row-major n×n), or nil when the matrix is
    /// not positive definite.
    public static func factor(_ matrix: [Double], n: Int) -> [Double]? {
        var l = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0...i {
                var s = matrix[i * n + j]
                for k in 0..<j { s -= l[i * n + k] * l[j * n + k] }
                if i == j {
                    guard s > 1e-9 else { return nil }
                    l[i * n + i] = s.squareRoot()
                } else {
                    l[i * n + j] = s / l[j * n + j]
                }
            }
        }
        return l
    }
}
