import Foundation

/// Fits a Gaussian copula: the copula's correlation of a pair is the latent normal correlation
/// that reproduces the pair's Pearson correlation through the columns' laws (`NortaCorrelation`),
/// over the rows where both columns are present; normal scores Φ⁻¹((rank − ½)/n) (ties share
/// their mean rank) remain for pairs that cannot be solved.
public enum CopulaFitter {
    /// Normal scores of `values` (nil stays nil).
    public static func normalScores(_ values: [Double?]) -> [Double?] {
        let present = values.enumerated().compactMap { i, v in v.map { (i, $0) } }.sorted { $0.1 < $1.1 }
        let n = Double(present.count)
        var out = [Double?](repeating: nil, count: values.count)
        var i = 0
        while i < present.count {
            var j = i
            while j < present.count && present[j].1 == present[i].1 { j += 1 }
            let rank = Double(i + j + 1) / 2  // mean of ranks i+1 ... j
            let z = inverseNormal((rank - 0.5) / n)
            for k in i..<j { out[present[k].0] = z }
            i = j
        }
        return out
    }

    /// NORTA through the groups' laws: the latent correlation for which rows drawn from their
    /// groups' laws (each row of `a`'s group `ga[r]` and `b`'s group `gb[r]`, all rows of a
    /// group making its law) have the source's Pearson correlation over the rows both make.
    static func groupedLatent(_ a: [Double?], _ ga: [Int32?]?, _ b: [Double?], _ gb: [Int32?]?, norta: NortaCorrelation) -> Double? {
        /// Row r's group; every row is in group 0 without groups.
        func group(_ groups: [Int32?]?, _ r: Int) -> Int32? {
            guard let groups else { return 0 }
            return r < groups.count ? groups[r] : nil
        }
        func laws(_ values: [Double?], _ groups: [Int32?]?) -> [Int32: NortaCorrelation.Law] {
            var members: [Int32: [Double?]] = [:]
            for (r, v) in values.enumerated() { if let g = group(groups, r) { members[g, default: []].append(v) } }
            return members.mapValues { NortaCorrelation.Law($0) }
        }
        let la = laws(a, ga), lb = laws(b, gb)
        var counts: [[Int32]: Double] = [:]
        var xs: [Double?] = [], ys: [Double?] = []
        for r in a.indices where r < b.count {
            guard let x = a[r], let y = b[r], x.isFinite, y.isFinite,
                let g = group(ga, r), let h = group(gb, r)
            else { continue }
            counts[[g, h], default: 0] += 1
            xs.append(x)
            ys.append(y)
        }
        guard let target = pearson(xs, ys) else { return nil }
        let cells = counts.sorted { $0.key.lexicographicallyPrecedes($1.key) }.compactMap { key, n in
            la[key[0]].flatMap { x in lb[key[1]].map { NortaCorrelation.Cell(weight: n, a: x, b: $0) } }
        }
        return norta.latent(target: target, cells: cells)
    }

    /// Normal scores of `values` ranked within each group (all rows as one group without
    /// `groups`); nil for NULLs and for rows without a group.
    static func groupedScores(_ values: [Double?], _ groups: [Int32?]?) -> [Double?] {
        guard let groups else { return normalScores(values) }
        var members: [Int32: [Int]] = [:]
        for (i, g) in groups.enumerated() where i < values.count { if let g { members[g, default: []].append(i) } }
        var out = [Double?](repeating: nil, count: values.count)
        for rows in members.values {
            for (k, z) in normalScores(rows.map { values[$0] }).enumerated() { out[rows[k]] = z }
        }
        return out
    }

    /// Pearson correlation over the pairs where both are present; nil with fewer than 3 pairs
    /// or no variation.
    public static func pearson(_ a: [Double?], _ b: [Double?]) -> Double? {
        var xs: [Double] = [], ys: [Double] = []
        for (x, y) in zip(a, b) { if let x, let y { xs.append(x); ys.append(y) } }
        guard xs.count >= 3 else { return nil }
        let n = Double(xs.count)
        let mx = xs.reduce(0, +) / n, my = ys.reduce(0, +) / n
        var sxy = 0.0, sxx = 0.0, syy = 0.0
        for (x, y) in zip(xs, ys) {
            sxy += (x - mx) * (y - my); sxx += (x - mx) * (x - mx); syy += (y - my) * (y - my)
        }
        guard sxx > 0, syy > 0 else { return nil }
        return sxy / (sxx * syy).squareRoot()
    }

    /// The copula correlation of every pair of `columns` (by name), in column order: the latent
    /// correlation that gives the generated values the source's Pearson correlation through the
    /// columns' own laws (`NortaCorrelation`); the Pearson correlation of normal scores when
    /// that cannot be solved.
    ///
    /// A column in `groups` is drawn from one law per group of rows (a `by:` generator: the
    /// group of each row, nil for rows never generated), and the copula moves a value within its
    /// group's law; its pairs are solved by NORTA through the groups' laws (`groupedLatent`: the
    /// one latent correlation that, applied within every group, gives the source's Pearson
    /// correlation over all rows), else the Pearson correlation of normal scores ranked within
    /// each group. Fitted across all rows as if from one law, the correlation would count the
    /// groups' differences twice (once in the laws, once in the copula) and squeeze every group
    /// onto that slope.
    public static func correlations(
        _ columns: [(name: String, values: [Double?])], groups: [String: [Int32?]] = [:]
    ) -> [(a: String, b: String, r: Double)] {
        let laws = columns.map { NortaCorrelation.Law($0.values) }
        let norta = NortaCorrelation()
        var scores: [[Double?]?] = Array(repeating: nil, count: columns.count)
        var out: [(String, String, Double)] = []
        for i in 0..<columns.count {
            for j in (i + 1)..<columns.count where j < columns.count {
                if groups[columns[i].name] != nil || groups[columns[j].name] != nil {
                    let gi = groups[columns[i].name], gj = groups[columns[j].name]
                    if let r = groupedLatent(columns[i].values, gi, columns[j].values, gj, norta: norta)
                        ?? pearson(groupedScores(columns[i].values, gi), groupedScores(columns[j].values, gj))
                    {
                        out.append((columns[i].name, columns[j].name, r))
                    }
                    continue
                }
                guard let target = pearson(columns[i].values, columns[j].values) else { continue }
                if let r = norta.latent(target: target, laws[i], laws[j]) {
                    out.append((columns[i].name, columns[j].name, r))
                    continue
                }
                if scores[i] == nil { scores[i] = normalScores(columns[i].values) }
                if scores[j] == nil { scores[j] = normalScores(columns[j].values) }
                if let r = pearson(scores[i]!, scores[j]!) { out.append((columns[i].name, columns[j].name, r)) }
            }
        }
        return out
    }

    /// Correlations weaker than this are left out (a column in no pair leaves the copula): they
    /// explain under 0.25% of a column's variance, and every column in the copula costs each row.
    public static let noiseFloor = 0.05

    /// The pairs among `allowed` columns, each |r| at most 0.99, repaired into the nearest valid
    /// correlation matrix when they do not form one (then every pair of the copula's columns is
    /// written), and shrunk toward independence (all off-diagonal entries scaled alike) if that
    /// still fails — what `correlate:` accepts. Pairs with other columns are left out.
    public static func usable(_ pairs: [(a: String, b: String, r: Double)], allowed: Set<String>) -> [(a: String, b: String, r: Double)] {
        var kept = pairs.filter { allowed.contains($0.a) && allowed.contains($0.b) && $0.r.isFinite && abs($0.r) >= noiseFloor }
            .map { (a: $0.a, b: $0.b, r: max(-0.99, min(0.99, $0.r))) }
        var names: [String] = []
        for p in kept { for n in [p.a, p.b] where !names.contains(n) { names.append(n) } }
        let index = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0) })
        kept = repaired(kept, names: names, index: index)
        for _ in 0..<200 {
            var m = [[Double]](repeating: [Double](repeating: 0, count: names.count), count: names.count)
            for i in names.indices { m[i][i] = 1 }
            for p in kept { m[index[p.a]!][index[p.b]!] = p.r; m[index[p.b]!][index[p.a]!] = p.r }
            if isPositiveDefinite(m) { return kept }
            kept = kept.map { (a: $0.a, b: $0.b, r: $0.r * 0.95) }
        }
        return []
    }

    /// `pairs` unchanged when their matrix is positive definite; otherwise every pair of `names`
    /// from the nearest valid correlation matrix (`NearestCorrelation`), rounded as the spec
    /// writes it, so the strong pairs keep their strength.
    static func repaired(_ pairs: [(a: String, b: String, r: Double)], names: [String], index: [String: Int]) -> [(
        a: String, b: String, r: Double
    )] {
        var m = [[Double]](repeating: [Double](repeating: 0, count: names.count), count: names.count)
        for i in names.indices { m[i][i] = 1 }
        for p in pairs { m[index[p.a]!][index[p.b]!] = p.r; m[index[p.b]!][index[p.a]!] = p.r }
        if isPositiveDefinite(m) { return pairs }
        let fixed = NearestCorrelation.repair(m)
        var out: [(a: String, b: String, r: Double)] = []
        for i in names.indices {
            for j in (i + 1)..<names.count where j < names.count {
                let r = max(-0.99, min(0.99, (fixed[i][j] * 1000).rounded() / 1000))
                if r != 0 { out.append((names[i], names[j], r)) }
            }
        }
        return out
    }

    /// Cholesky succeeds with every pivot above a small margin.
    static func isPositiveDefinite(_ m: [[Double]]) -> Bool {
        let n = m.count
        var l = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
        for i in 0..<n {
            for j in 0...i {
                var sum = m[i][j]
                for k in 0..<j { sum -= l[i][k] * l[j][k] }
                if i == j {
                    guard sum > 1e-6 else { return false }
                    l[i][i] = sum.squareRoot()
                } else {
                    l[i][j] = sum / l[j][j]
                }
            }
        }
        return true
    }

    /// Φ⁻¹(p), Acklam's rational approximation.
    static func inverseNormal(_ p: Double) -> Double {
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01,
            2.506628277459239e+00,
        ]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00,
            2.938163982698783e+00,
        ]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        if p < low || p > 1 - low {
            let q = (-2 * log(p < low ? p : 1 - p)).squareRoot()
            let x =
                (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
            return p < low ? x : -x
        }
        let q = p - 0.5, r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}
