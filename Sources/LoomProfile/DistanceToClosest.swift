import Foundation

/// Distance to the closest record (DCR): real rows are split into a training part (4/5) and a
/// holdout (1/5) by a seeded hash of the row index; the median distance from synthetic rows to
/// their nearest training row is compared with the median from holdout rows. Synthetic data
/// that copies its source sits much closer than the holdout; data that generalises sits about
/// as far. Rows are vectors of standardised numbers (NULL at the mean) and one-hot categories
/// (the 20 most frequent real values). At most 1 000 synthetic and holdout rows and 5 000
/// training rows are used.
struct DistanceToClosest {
    var synthetic: Double?
    var holdout: Double?

    init(prepared: [Prepared], seed: UInt64) {
        guard let first = prepared.first else { return }
        let nReal = first.kind == .categorical ? first.realBins.count : first.realNumbers.count
        let nSyn = first.kind == .categorical ? first.synthBins.count : first.synthNumbers.count
        guard nReal >= 10, nSyn >= 1 else { return }
        func hash(_ i: Int, _ salt: UInt64) -> UInt64 {
            var z = seed &+ salt &+ UInt64(i) &* 0x9E37_79B9_7F4A_7C15
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        var train: [Int] = [], hold: [Int] = []
        for i in 0..<nReal { if hash(i, 1) % 5 == 0 { hold.append(i) } else { train.append(i) } }
        func cap(_ xs: [Int], _ n: Int, _ salt: UInt64) -> [Int] {
            xs.count <= n ? xs : Array(xs.sorted { hash($0, salt) < hash($1, salt) }.prefix(n))
        }
        train = cap(train, 5000, 2)
        hold = cap(hold, 1000, 3)
        let syn = cap(Array(0..<nSyn), 1000, 4)
        guard !train.isEmpty, !hold.isEmpty else { return }

        // Feature encoders fitted on the real rows.
        var encoders: [(Bool, Int) -> [Double]] = []
        for p in prepared {
            if p.kind == .categorical {
                let top = p.realCats.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(20).map(\.key)
                let index = Dictionary(uniqueKeysWithValues: top.enumerated().map { ($1, $0) })
                encoders.append { real, i in
                    var v = [Double](repeating: 0, count: top.count)
                    if let k = index[real ? p.realBins[i] : p.synthBins[i]] { v[k] = 1 }
                    return v
                }
            } else {
                let xs = p.realNumbers.compactMap { $0 }
                let mean = xs.reduce(0, +) / Double(max(xs.count, 1))
                let sd = (xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(xs.count - 1, 1))).squareRoot()
                encoders.append { real, i in
                    guard let x = real ? p.realNumbers[i] : p.synthNumbers[i] else { return [0] }
                    return [sd > 0 ? (x - mean) / sd : 0]
                }
            }
        }
        func vector(_ real: Bool, _ i: Int) -> [Double] { encoders.flatMap { $0(real, i) } }
        let dims = vector(true, 0).count
        let trainFlat = train.flatMap { vector(true, $0) }
        func nearest(_ v: [Double]) -> Double {
            var best = Double.infinity
            trainFlat.withUnsafeBufferPointer { t in
                v.withUnsafeBufferPointer { q in
                    var r = 0
                    while r < train.count {
                        var d = 0.0
                        let base = r * dims
                        var k = 0
                        while k < dims { let x = t[base + k] - q[k]; d += x * x; k += 1 }
                        if d < best { best = d }
                        r += 1
                    }
                }
            }
            return best.squareRoot()
        }
        func median(_ xs: [Double]) -> Double {
            let s = xs.sorted()
            return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
        }
        synthetic = median(syn.map { nearest(vector(false, $0)) })
        holdout = median(hold.map { nearest(vector(true, $0)) })
    }
}
