import Foundation
import LoomPostgres

/// How close a synthetic table is to a real one, and how much of the real one it gives away.
///
/// Fidelity: per column, shape similarity (1 − KS for numbers, 1 − total variation for
/// categories); per column pair, correlation similarity (numbers: 1 − |r_real − r_syn| / 2) or
/// contingency similarity (1 − total variation of the joint, numbers cut at the real data's
/// quintiles); overall, the mean of the column-shape mean and the pair mean. Privacy: the share
/// of synthetic rows identical to a real row, and distances to the closest real record (on
/// standardised numbers and one-hot categories) of synthetic rows and of a real holdout.
public struct FidelityReport: Codable, Sendable {
    /// One column's shape similarity.
    public struct ColumnScore: Codable, Sendable {
        public var column: String
        /// `numeric`, `categorical` or `length` (high-cardinality text, compared by length).
        public var kind: String
        public var metric: String
        public var score: Double
    }

    /// One column pair's trend similarity.
    public struct PairScore: Codable, Sendable {
        public var a: String
        public var b: String
        public var metric: String
        public var score: Double
        public var real: Double?
        public var synthetic: Double?
    }

    public var real: String
    public var synthetic: String
    public var realRows: Int
    public var syntheticRows: Int
    public var columns: [ColumnScore]
    public var pairs: [PairScore]
    public var columnShapes: Double
    public var pairTrends: Double?
    public var overall: Double
    /// Share of synthetic rows equal (over the compared columns) to some real row.
    public var exactCopies: Double
    /// Share of real rows equal to another real row: how often rows coincide by chance in data
    /// of this cardinality, the yardstick for `exactCopies` (0 when a column is continuous).
    public var realDuplicates: Double = 0
    /// Median distance to the closest training record: of synthetic rows, and of the holdout.
    public var medianDCRSynthetic: Double?
    public var medianDCRHoldout: Double?
    /// Columns left out of the comparison (keys, missing on one side), with the reason.
    public var excluded: [String]
    /// Histograms for the HTML report.
    public var histograms: [Histogram]

    /// Real and synthetic shares over the same bins.
    public struct Histogram: Codable, Sendable {
        public var column: String
        public var labels: [String]
        public var real: [Double]
        public var synthetic: [Double]
    }
}

/// A column's values on both sides, as read for the report.
public struct ComparedColumn: Sendable {
    public enum Kind: String, Sendable { case numeric, categorical, length }
    public var name: String
    public var kind: Kind
    public var real: [String?]
    public var synthetic: [String?]

    public init(name: String, kind: Kind, real: [String?], synthetic: [String?]) {
        self.name = name
        self.kind = kind
        self.real = real
        self.synthetic = synthetic
    }
}

extension FidelityReport {
    /// Reads `realTable` and `syntheticTable` (`SCHEMA.TABLE`) and scores them.
    public static func measure(connection: PostgresConnection, real realTable: String, synthetic syntheticTable: String, seed: UInt64 = 1)
        throws -> FidelityReport
    {
        func split(_ s: String) throws -> (String, String) {
            let parts = s.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ProfileError("'\(s)' must be SCHEMA.TABLE") }
            return (parts[0], parts[1])
        }
        let (rs, rt) = try split(realTable), (ss, st) = try split(syntheticTable)
        let catalog = CatalogReader(connection)
        let ri = try catalog.table(rt, schema: rs), si = try catalog.table(st, schema: ss)
        let keys = Set(ri.primaryKey + Array(ri.unique) + ri.foreignKeys.map(\.column))
        let synthNames = Set(si.columns.map(\.name))
        var excluded: [String] = []
        var chosen: [(TableInfo.Column, ColumnType)] = []
        for c in ri.columns {
            if keys.contains(c.name) { excluded.append("\(c.name) (key)"); continue }
            guard synthNames.contains(c.name) else { excluded.append("\(c.name) (not in the synthetic table)"); continue }
            guard let (_, kind) = ColumnType.map(c.type) else { excluded.append("\(c.name) (type \(c.type))"); continue }
            chosen.append((c, kind))
        }
        guard !chosen.isEmpty else { throw ProfileError("\(realTable) and \(syntheticTable) have no comparable columns") }
        func read(_ schema: String, _ table: String) throws -> PostgresResult {
            let select = chosen.map { $0.1.measure(SchemaDDL.quote($0.0.name), maxText: 2000) }.joined(separator: ", ")
            return try connection.execute("SELECT \(select) FROM \(SchemaDDL.qualified(table, schema: schema))")
        }
        let r = try read(rs, rt), s = try read(ss, st)
        var compared: [ComparedColumn] = []
        for (i, (c, kind)) in chosen.enumerated() {
            let real = (0..<r.rowCount).map { r.value($0, i) }
            let syn = (0..<s.rowCount).map { s.value($0, i) }
            var k: ComparedColumn.Kind = kind.isNumeric ? .numeric : .categorical
            if k == .categorical {
                let distinct = Set(real.compactMap { $0 }).count
                if distinct > 50 && Double(distinct) > 0.2 * Double(max(real.count, 1)) { k = .length }
            }
            compared.append(ComparedColumn(name: c.name, kind: k, real: real, synthetic: syn))
        }
        var report = score(compared, seed: seed)
        report.real = realTable
        report.synthetic = syntheticTable
        report.excluded = excluded
        return report
    }

    /// Scores columns already read (pure; the unit tests call this).
    public static func score(_ columns: [ComparedColumn], seed: UInt64 = 1) -> FidelityReport {
        let prepared = columns.map(Prepared.init)
        var scores: [ColumnScore] = []
        var histograms: [Histogram] = []
        for p in prepared {
            switch p.kind {
            case .numeric, .length:
                scores.append(
                    .init(
                        column: p.name, kind: p.kind.rawValue, metric: "1 - KS",
                        score: 1 - ks(p.realNumbers.compactMap { $0 }, p.synthNumbers.compactMap { $0 })))
            case .categorical:
                scores.append(.init(column: p.name, kind: "categorical", metric: "1 - TV", score: 1 - tv(p.realCats, p.synthCats)))
            }
            histograms.append(p.histogram())
        }
        var pairs: [PairScore] = []
        for i in 0..<prepared.count {
            for j in (i + 1)..<prepared.count where j < prepared.count {
                let a = prepared[i], b = prepared[j]
                if a.kind != .categorical, b.kind != .categorical {
                    let rr = CopulaFitter.pearson(a.realNumbers, b.realNumbers), sr = CopulaFitter.pearson(a.synthNumbers, b.synthNumbers)
                    guard let rr else { continue }
                    let score = 1 - abs(rr - (sr ?? 0)) / 2
                    pairs.append(.init(a: a.name, b: b.name, metric: "correlation", score: score, real: rr, synthetic: sr))
                } else {
                    let jr = joint(a.realBins, b.realBins), js = joint(a.synthBins, b.synthBins)
                    pairs.append(.init(a: a.name, b: b.name, metric: "contingency", score: 1 - tv(jr, js), real: nil, synthetic: nil))
                }
            }
        }
        let shapes = scores.map(\.score).reduce(0, +) / Double(max(scores.count, 1))
        let trends = pairs.isEmpty ? nil : pairs.map(\.score).reduce(0, +) / Double(pairs.count)
        let overall = trends.map { (shapes + $0) / 2 } ?? shapes
        var report = FidelityReport(
            real: "", synthetic: "", realRows: columns.first?.real.count ?? 0, syntheticRows: columns.first?.synthetic.count ?? 0,
            columns: scores, pairs: pairs, columnShapes: shapes, pairTrends: trends, overall: overall,
            exactCopies: 0, medianDCRSynthetic: nil, medianDCRHoldout: nil, excluded: [], histograms: histograms)
        report.exactCopies = exactCopies(columns)
        report.realDuplicates = realDuplicates(columns)
        let dcr = DistanceToClosest(prepared: prepared, seed: seed)
        report.medianDCRSynthetic = dcr.synthetic
        report.medianDCRHoldout = dcr.holdout
        return report
    }

    /// Two-sample KS distance.
    public static func ks(_ a: [Double], _ b: [Double]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return a.isEmpty && b.isEmpty ? 0 : 1 }
        let x = a.sorted(), y = b.sorted()
        var i = 0, j = 0, d = 0.0
        while i < x.count && j < y.count {
            let v = min(x[i], y[j])
            while i < x.count && x[i] == v { i += 1 }
            while j < y.count && y[j] == v { j += 1 }
            d = max(d, abs(Double(i) / Double(x.count) - Double(j) / Double(y.count)))
        }
        return d
    }

    /// Total variation distance between two count tables (normalised to shares).
    public static func tv(_ a: [String: Double], _ b: [String: Double]) -> Double {
        let ta = a.values.reduce(0, +), tb = b.values.reduce(0, +)
        guard ta > 0, tb > 0 else { return ta == tb ? 0 : 1 }
        var sum = 0.0
        for k in Set(a.keys).union(b.keys) { sum += abs((a[k] ?? 0) / ta - (b[k] ?? 0) / tb) }
        return sum / 2
    }

    static func joint(_ a: [String], _ b: [String]) -> [String: Double] {
        var out: [String: Double] = [:]
        for (x, y) in zip(a, b) { out[x + "\u{1F}" + y, default: 0] += 1 }
        return out
    }

    /// Share of real rows whose values equal another real row's.
    static func realDuplicates(_ columns: [ComparedColumn]) -> Double {
        guard let first = columns.first, !first.real.isEmpty else { return 0 }
        var counts: [String: Int] = [:]
        for i in 0..<first.real.count { counts[columns.map { $0.real[i] ?? "\u{0}" }.joined(separator: "\u{1F}"), default: 0] += 1 }
        return Double(counts.values.filter { $0 > 1 }.reduce(0, +)) / Double(first.real.count)
    }

    /// Share of synthetic rows whose values (over every compared column) equal a real row's.
    static func exactCopies(_ columns: [ComparedColumn]) -> Double {
        guard let first = columns.first, !first.synthetic.isEmpty else { return 0 }
        func row(_ side: KeyPath<ComparedColumn, [String?]>, _ i: Int) -> String {
            columns.map { $0[keyPath: side][i] ?? "\u{0}" }.joined(separator: "\u{1F}")
        }
        let real = Set((0..<first.real.count).map { row(\.real, $0) })
        let copies = (0..<first.synthetic.count).filter { real.contains(row(\.synthetic, $0)) }.count
        return Double(copies) / Double(first.synthetic.count)
    }
}

/// A compared column in the forms the scores need.
struct Prepared {
    let name: String
    let kind: ComparedColumn.Kind
    let realNumbers: [Double?], synthNumbers: [Double?]
    let realCats: [String: Double], synthCats: [String: Double]
    /// Each row's category or quintile bin (numbers), for contingency tables.
    let realBins: [String], synthBins: [String]
    let edges: [Double]

    init(_ c: ComparedColumn) {
        name = c.name
        kind = c.kind
        func number(_ s: String?) -> Double? {
            guard let s else { return nil }
            if c.kind == .length { return Double(s.utf8.count) }
            return Double(s).flatMap { $0.isFinite ? $0 : nil }
        }
        realNumbers = c.kind == .categorical ? [] : c.real.map(number)
        synthNumbers = c.kind == .categorical ? [] : c.synthetic.map(number)
        var rc: [String: Double] = [:], sc: [String: Double] = [:]
        if c.kind == .categorical {
            for v in c.real { rc[v ?? "NULL", default: 0] += 1 }
            for v in c.synthetic { sc[v ?? "NULL", default: 0] += 1 }
        }
        realCats = rc
        synthCats = sc
        if c.kind == .categorical {
            edges = []
            realBins = c.real.map { $0 ?? "NULL" }
            synthBins = c.synthetic.map { $0 ?? "NULL" }
        } else {
            let sorted = realNumbers.compactMap { $0 }.sorted()
            var e: [Double] = []
            if !sorted.isEmpty { for q in 1...4 { e.append(sorted[min(sorted.count - 1, sorted.count * q / 5)]) } }
            edges = e
            func bin(_ x: Double?) -> String {
                guard let x else { return "NULL" }
                return String(e.firstIndex { x < $0 } ?? e.count)
            }
            realBins = realNumbers.map(bin)
            synthBins = synthNumbers.map(bin)
        }
    }

    /// Shares over 20 equal bins of the real range (numbers) or the 12 most frequent real
    /// categories.
    func histogram() -> FidelityReport.Histogram {
        if kind == .categorical {
            let top = realCats.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(12).map(\.key)
            let tr = realCats.values.reduce(0, +), ts = synthCats.values.reduce(0, +)
            return .init(
                column: name, labels: top, real: top.map { (realCats[$0] ?? 0) / max(tr, 1) },
                synthetic: top.map { (synthCats[$0] ?? 0) / max(ts, 1) })
        }
        let r = realNumbers.compactMap { $0 }, s = synthNumbers.compactMap { $0 }
        guard let lo = r.min(), let hi = r.max(), hi > lo else {
            return .init(column: name, labels: [], real: [], synthetic: [])
        }
        let bins = 20, w = (hi - lo) / Double(bins)
        func shares(_ xs: [Double]) -> [Double] {
            var c = [Double](repeating: 0, count: bins)
            for x in xs { c[min(bins - 1, max(0, Int((x - lo) / w)))] += 1 }
            return c.map { $0 / Double(max(xs.count, 1)) }
        }
        let labels = (0..<bins).map { String(format: "%.4g", lo + Double($0) * w) }
        return .init(column: name, labels: labels, real: shares(r), synthetic: shares(s))
    }
}
