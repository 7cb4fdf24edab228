/// A random forest of regression trees on binned features (scikit-learn's defaults where they
/// matter: 100 trees, bootstrap samples, √p features tried per split for classification, all
/// for regression): each tree splits by the least squared error, which for 0/1 labels is the
/// Gini criterion; the forest predicts the mean of its trees' leaves (a probability for 0/1
/// labels). Deterministic for a seed.
struct RandomForest {
    /// A node: a split (feature, bin threshold, children) or a leaf value.
    struct Node {
        var feature: Int32 = -1
        var threshold: UInt8 = 0
        var left: Int32 = 0
        var right: Int32 = 0
        var value: Double = 0
    }

    var trees: [[Node]] = []
    /// Upper edges of each feature's bins (a value goes in the first bin whose edge it does not pass).
    var edges: [[Double]]

    static let bins = 32

    init(_ x: FeatureMatrix, _ y: [Double], trees count: Int = 100, maxDepth: Int = 40, classification: Bool, seed: UInt64 = 1) {
        let n = x.rows, p = x.width
        edges = (0..<p).map { k in Self.binEdges((0..<n).map { x.values[$0 * p + k] }) }
        var binned = [UInt8](repeating: 0, count: n * p)
        for r in 0..<n { for k in 0..<p { binned[r * p + k] = Self.bin(x.values[r * p + k], edges[k]) } }
        var rng = seed &* 0x9E37_79B9_7F4A_7C15 | 1
        func next() -> UInt64 {
            rng ^= rng << 13
            rng ^= rng >> 7
            rng ^= rng << 17
            return rng
        }
        let tried = classification ? max(1, Int(Double(p).squareRoot())) : p
        for _ in 0..<count {
            let sample = (0..<n).map { _ in Int(next() % UInt64(max(n, 1))) }
            var builder = TreeBuilder(binned: binned, y: y, width: p, tried: tried, maxDepth: maxDepth, next: next)
            _ = builder.grow(sample, depth: 0)
            trees.append(builder.nodes)
        }
    }

    static func binEdges(_ values: [Double]) -> [Double] {
        let sorted = values.sorted()
        guard !sorted.isEmpty else { return [] }
        var out: [Double] = []
        for i in 1..<bins {
            let v = sorted[min(sorted.count - 1, i * sorted.count / bins)]
            if v > (out.last ?? -.infinity), v > sorted.first! { out.append(v) }
        }
        return out
    }

    @inline(__always) static func bin(_ v: Double, _ edges: [Double]) -> UInt8 {
        var lo = 0, hi = edges.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if v >= edges[mid] { lo = mid + 1 } else { hi = mid }
        }
        return UInt8(lo)
    }

    func predict(_ row: ArraySlice<Double>) -> Double {
        let values = Array(row)
        let b = values.enumerated().map { Self.bin($1, edges[$0]) }
        var sum = 0.0
        for tree in trees {
            var i = 0
            while tree[i].feature >= 0 { i = Int(b[Int(tree[i].feature)] <= tree[i].threshold ? tree[i].left : tree[i].right) }
            sum += tree[i].value
        }
        return trees.isEmpty ? 0 : sum / Double(trees.count)
    }
}

/// Grows one tree of a `RandomForest`.
private struct TreeBuilder {
    let binned: [UInt8]
    let y: [Double]
    let width: Int
    let tried: Int
    let maxDepth: Int
    let next: () -> UInt64
    var nodes: [RandomForest.Node] = []

    init(binned: [UInt8], y: [Double], width: Int, tried: Int, maxDepth: Int, next: @escaping () -> UInt64) {
        self.binned = binned
        self.y = y
        self.width = width
        self.tried = tried
        self.maxDepth = maxDepth
        self.next = next
    }

    /// Adds the subtree for `rows` and returns its index.
    mutating func grow(_ rows: [Int], depth: Int) -> Int32 {
        let index = Int32(nodes.count)
        let sum = rows.reduce(0.0) { $0 + y[$1] }
        nodes.append(RandomForest.Node(value: rows.isEmpty ? 0 : sum / Double(rows.count)))
        guard depth < maxDepth, rows.count >= 2, let split = bestSplit(rows, sum: sum) else { return index }
        let left = rows.filter { binned[$0 * width + split.feature] <= split.threshold }
        let right = rows.filter { binned[$0 * width + split.feature] > split.threshold }
        guard !left.isEmpty, !right.isEmpty else { return index }
        let l = grow(left, depth: depth + 1), r = grow(right, depth: depth + 1)
        nodes[Int(index)].feature = Int32(split.feature)
        nodes[Int(index)].threshold = split.threshold
        nodes[Int(index)].left = l
        nodes[Int(index)].right = r
        return index
    }

    /// The split of the least squared error among `tried` random features, nil when none helps.
    func bestSplit(_ rows: [Int], sum: Double) -> (feature: Int, threshold: UInt8)? {
        let n = Double(rows.count)
        var best: (feature: Int, threshold: UInt8)? = nil
        var bestGain = 1e-12
        let parentScore = sum * sum / n
        var counts = [Double](repeating: 0, count: RandomForest.bins), sums = counts
        for _ in 0..<tried {
            let k = Int(next() % UInt64(width))
            for b in 0..<counts.count {
                counts[b] = 0
                sums[b] = 0
            }
            for r in rows {
                let b = Int(binned[r * width + k])
                counts[b] += 1
                sums[b] += y[r]
            }
            var leftN = 0.0, leftSum = 0.0
            for b in 0..<(RandomForest.bins - 1) {
                leftN += counts[b]
                leftSum += sums[b]
                let rightN = n - leftN
                guard leftN > 0, rightN > 0 else { continue }
                let rightSum = sum - leftSum
                let gain = leftSum * leftSum / leftN + rightSum * rightSum / rightN - parentScore
                if gain > bestGain {
                    bestGain = gain
                    best = (k, UInt8(b))
                }
            }
        }
        return best
    }
}
