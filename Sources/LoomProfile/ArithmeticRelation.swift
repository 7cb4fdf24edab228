/// A numeric column computed from two others on (nearly) every row of the source:
/// `target = a + b`, `a - b`, `a * b` or `a / b` (a ratio: the engine divides as floats, and a
/// zero divisor gives NULL), found by `find` and written as `expr:`.
public struct ArithmeticRelation: Sendable, Equatable {
    public enum Operation: String, Sendable, CaseIterable {
        case sum = "+"
        case difference = "-"
        case product = "*"
        case quotient = "/"
    }

    public var target: String
    public var a: String
    public var b: String
    public var operation: Operation

    /// The expression text, e.g. `qty * price`.
    public var expression: String { "\(a) \(operation.rawValue) \(b)" }

    /// A numeric column's values by row (nil: NULL) and the half-width of its rounding (0.005
    /// for two decimals, 0 for floats that are compared with a relative tolerance).
    public struct Column: Sendable {
        public var name: String
        public var values: [Double?]
        public var tolerance: Double

        public init(name: String, values: [Double?], tolerance: Double) {
            self.name = name
            self.values = values
            self.tolerance = tolerance
        }
    }

    /// Whether an expression can name the column: a plain identifier that is no keyword.
    public static func canName(_ name: String) -> Bool {
        guard let first = name.first, first.isLetter || first == "_" else { return false }
        let keywords: Set = ["and", "or", "not", "true", "false", "null", "parent"]
        return name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") } && !keywords.contains(name.lowercased())
    }

    /// Least share of the rows where all three columns are present on which a relation must hold.
    public static let minShare = 0.999

    /// Relations among `columns`, at most one per target, tried from the last column to the
    /// first (derived columns tend to come after what they derive from); a relation that would
    /// make the expressions form a cycle is skipped. Needs `minRows` rows with all three values.
    public static func find(_ columns: [Column], minRows: Int) -> [ArithmeticRelation] {
        var found: [ArithmeticRelation] = []
        var graph = ExpressionReads()
        for t in columns.reversed() {
            search: for (i, a) in columns.enumerated() where a.name != t.name && !graph.depends(a.name, on: t.name) {
                for b in columns[i...] where b.name != t.name && !graph.depends(b.name, on: t.name) {
                    for op in Operation.allCases {
                        for (x, y) in op == .difference || op == .quotient ? [(a, b), (b, a)] : [(a, b)]
                        where holds(op, x, y, target: t, minRows: minRows) {
                            found.append(ArithmeticRelation(target: t.name, a: x.name, b: y.name, operation: op))
                            graph.record(t.name, reads: [x.name, y.name])
                            break search
                        }
                    }
                }
            }
        }
        return found
    }

    static func apply(_ op: Operation, _ x: Double, _ y: Double) -> Double {
        switch op {
        case .sum: x + y
        case .difference: x - y
        case .product: x * y
        case .quotient: y == 0 ? .nan : x / y
        }
    }

    /// Whether `target = x op y` on at least `minShare` of at least `minRows` complete rows;
    /// the first 50 complete rows must all agree, so most pairs are ruled out at once.
    static func holds(_ op: Operation, _ x: Column, _ y: Column, target: Column, minRows: Int) -> Bool {
        var complete = 0, agree = 0
        for r in target.values.indices {
            guard let t = target.values[r], let a = x.values[r], let b = y.values[r] else { continue }
            complete += 1
            let v = apply(op, a, b)
            if abs(t - v) <= target.tolerance + 1e-9 * max(1, abs(t)) {
                agree += 1
            } else if complete <= 50 {
                return false
            }
        }
        guard complete >= minRows, Double(agree) >= minShare * Double(complete) else { return false }
        // A constant column makes trivial relations (x + 0, x * 1): every column must vary.
        return [target, x, y].allSatisfy { Set($0.values.prefix(500).compactMap { $0 }).count > 1 }
    }
}
