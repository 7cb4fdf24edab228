import Foundation

/// The tree of strongest links between discretised columns (Chow and Liu, 1968): a maximum
/// spanning tree over the pairwise mutual information, rooted at the column most linked to the
/// others and directed away from it, so each column depends on one parent column and the
/// product of these conditionals is the best tree-shaped approximation of the joint law.
struct ChowLiuTree {
    /// A directed link: `child` drawn given `parent`, with their normalised mutual information.
    struct Link {
        var parent: Int
        var child: Int
        var strength: Double
    }

    var links: [Link]

    /// Mutual information of two columns divided by the smaller of their entropies (0: no
    /// relation, 1: one determines the other), over the rows where both have a bin; nil below
    /// `minRows` such rows. The information is corrected for its bias (Miller–Madow: minus
    /// (bins of a − 1)(bins of b − 1) / 2n over the bins seen), so a column of many categories
    /// is not linked for the noise its small bins carry.
    static func strength(_ a: DiscreteColumn, _ b: DiscreteColumn, minRows: Int) -> Double? {
        let nb = b.bins
        var joint = [Int](repeating: 0, count: a.bins * nb)
        var n = 0
        for i in a.codes.indices {
            let x = a.codes[i], y = b.codes[i]
            guard x >= 0, y >= 0 else { continue }
            joint[Int(x) * nb + Int(y)] += 1
            n += 1
        }
        guard n >= minRows else { return nil }
        var pa = [Double](repeating: 0, count: a.bins), pb = [Double](repeating: 0, count: nb)
        for x in 0..<a.bins {
            for y in 0..<nb {
                let c = Double(joint[x * nb + y])
                pa[x] += c
                pb[y] += c
            }
        }
        let total = Double(n)
        let seenA = pa.filter { $0 > 0 }.count, seenB = pb.filter { $0 > 0 }.count
        var mi = -Double((seenA - 1) * (seenB - 1)) / (2 * total)
        for x in 0..<a.bins {
            for y in 0..<nb where joint[x * nb + y] > 0 {
                let p = Double(joint[x * nb + y]) / total
                mi += p * log(p / (pa[x] / total * pb[y] / total))
            }
        }
        func entropy(_ q: [Double]) -> Double { q.reduce(0) { $1 > 0 ? $0 - $1 / total * log($1 / total) : $0 } }
        let h = min(entropy(pa), entropy(pb))
        return h > 1e-12 ? max(0, mi / h) : 0
    }

    /// The tree over `columns` from the pairwise `weight` (nil or 0: no link), keeping links of
    /// at least `threshold`. Prim's algorithm on the complete graph: O(columns²) weights.
    init(columns: Int, weight: (Int, Int) -> Double?, threshold: Double, rootPreference: (Int) -> Int) {
        guard columns > 1 else {
            links = []
            return
        }
        var w = [[Double]](repeating: [Double](repeating: 0, count: columns), count: columns)
        for i in 0..<columns {
            for j in (i + 1)..<columns {
                let x = weight(i, j) ?? 0
                w[i][j] = x
                w[j][i] = x
            }
        }
        var inTree = [Bool](repeating: false, count: columns)
        var best = [Double](repeating: -1, count: columns), via = [Int](repeating: -1, count: columns)
        var edges: [(Int, Int, Double)] = []
        best[0] = 0
        for _ in 0..<columns {
            var u = -1
            for v in 0..<columns where !inTree[v] && (u < 0 || best[v] > best[u]) { u = v }
            inTree[u] = true
            if via[u] >= 0, best[u] >= threshold { edges.append((via[u], u, best[u])) }
            for v in 0..<columns where !inTree[v] && w[u][v] > best[v] {
                best[v] = w[u][v]
                via[v] = u
            }
        }
        links = Self.orient(edges, columns: columns, rootPreference: rootPreference)
    }

    /// Directs each component's edges away from its root: the column of the highest preference
    /// and, among those, the most total strength.
    static func orient(_ edges: [(Int, Int, Double)], columns: Int, rootPreference: (Int) -> Int) -> [Link] {
        var adjacent = [[(Int, Double)]](repeating: [], count: columns)
        for (a, b, s) in edges {
            adjacent[a].append((b, s))
            adjacent[b].append((a, s))
        }
        var seen = [Bool](repeating: false, count: columns)
        var out: [Link] = []
        let order = (0..<columns).sorted { a, b in
            let pa = rootPreference(a), pb = rootPreference(b)
            if pa != pb { return pa > pb }
            let sa = adjacent[a].reduce(0) { $0 + $1.1 }, sb = adjacent[b].reduce(0) { $0 + $1.1 }
            return sa != sb ? sa > sb : a < b
        }
        for root in order where !seen[root] {
            seen[root] = true
            var queue = [root]
            while let u = queue.popLast() {
                for (v, s) in adjacent[u] where !seen[v] {
                    seen[v] = true
                    out.append(Link(parent: u, child: v, strength: s))
                    queue.append(v)
                }
            }
        }
        return out
    }
}
