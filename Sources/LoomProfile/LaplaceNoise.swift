import Foundation

/// Laplace noise for differential privacy, from a seeded generator: the same seed gives the
/// same noise, so a profile is reproducible. Draws are sequential (SplitMix64), which is fine
/// here: profiling runs once, on one thread.
public final class LaplaceNoise {
    private var state: UInt64
    /// Privacy budget per released count: noise has scale 1/ε.
    public let epsilon: Double

    public init(epsilon: Double, seed: UInt64) {
        precondition(epsilon > 0, "epsilon must be positive")
        self.epsilon = epsilon
        state = seed ^ 0x5DEE_CE66_D1CE_4E5B
    }

    private func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// One draw from Laplace(0, sensitivity/ε).
    public func sample(sensitivity: Double = 1) -> Double {
        // u uniform in (-0.5, 0.5), never exactly ±0.5.
        let u = (Double(next() >> 11) + 0.5) * 0x1p-53 - 0.5
        let b = sensitivity / epsilon
        return u < 0 ? b * log(1 + 2 * u) : -b * log(1 - 2 * u)
    }

    /// `count` plus noise, never below 0.
    public func noisy(_ count: Double) -> Double { max(0, count + sample()) }
}
