/// Rows as numbers for the utility models: numeric columns as they are (missing → the training
/// mean), category columns one-hot over their most frequent training values (others and NULL
/// → all zeros), every feature standardised by the training rows' mean and deviation.
struct FeatureMatrix {
    /// How one source column becomes features, fitted on training rows.
    enum Encoding {
        case number(mean: Double, sd: Double)
        case categories([String])
    }

    var encodings: [Encoding]
    /// Row-major features, `width` per row.
    var values: [Double] = []
    var width: Int
    var rows: Int { width == 0 ? 0 : values.count / width }

    static let maxCategories = 20

    /// Fits the encodings on `columns` (training rows): `numeric[i]` says how column i is read.
    init(fit columns: [[String?]], numeric: [Bool]) {
        var encodings: [Encoding] = []
        for (i, col) in columns.enumerated() {
            if numeric[i] {
                let xs = col.compactMap { $0.flatMap(Double.init) }.filter(\.isFinite)
                let mean = xs.isEmpty ? 0 : xs.reduce(0, +) / Double(xs.count)
                let sd = xs.count > 1 ? (xs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(xs.count - 1)).squareRoot() : 1
                encodings.append(.number(mean: mean, sd: sd > 0 ? sd : 1))
            } else {
                var counts: [String: Int] = [:]
                for v in col { if let v { counts[v, default: 0] += 1 } }
                let top = counts.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.prefix(Self.maxCategories)
                encodings.append(.categories(top.map(\.key)))
            }
        }
        self.encodings = encodings
        width = encodings.reduce(0) {
            switch $1 {
            case .number: $0 + 1
            case .categories(let c): $0 + c.count
            }
        }
    }

    /// `columns` (same order as fitted) encoded with the fitted encodings.
    func encode(_ columns: [[String?]]) -> FeatureMatrix {
        var out = self
        let n = columns.first?.count ?? 0
        out.values = [Double](repeating: 0, count: n * width)
        var offset = 0
        for (j, e) in encodings.enumerated() {
            switch e {
            case .number(let mean, let sd):
                for r in 0..<n {
                    let x = columns[j][r].flatMap(Double.init).flatMap { $0.isFinite ? $0 : nil } ?? mean
                    out.values[r * width + offset] = (x - mean) / sd
                }
                offset += 1
            case .categories(let cats):
                let index = Dictionary(uniqueKeysWithValues: cats.enumerated().map { ($1, $0) })
                for r in 0..<n { if let v = columns[j][r], let k = index[v] { out.values[r * width + offset + k] = 1 } }
                offset += cats.count
            }
        }
        return out
    }

    @inline(__always) func row(_ r: Int) -> ArraySlice<Double> { values[(r * width)..<((r + 1) * width)] }
}
