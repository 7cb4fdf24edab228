import LoomGen
import LoomSpec

/// How far a column's law moved between two specs: values drawn from both with the generator
/// engine (the same rows, deterministically) and compared by the two-sample KS distance
/// (numbers, dates, times, intervals) or total variation (categories, booleans, text; NULL
/// counts as a category). Children per parent row are compared by KS over the first parents.
public struct LawShift {
    /// Rows drawn from each spec per table.
    public static let rows = 5_000

    let before: Spec
    let after: Spec

    public init(before: Spec, after: Spec) {
        self.before = before
        self.after = after
    }

    /// Fills `measure` and `distance` of the refitted columns (left nil where a table cannot be drawn).
    public func measure(_ columns: inout [ColumnRefit]) {
        guard let old = try? DatasetPlan(spec: before), let new = try? DatasetPlan(spec: after) else { return }
        let tables = Set(columns.filter { $0.outcome == .refitted }.map(\.table))
        for table in tables.sorted() {
            guard let oldTable = before.table(table), let newTable = after.table(table) else { continue }
            if let i = columns.firstIndex(where: { $0.table == table && $0.isCount && $0.outcome == .refitted }),
                let a = Self.childCounts(old, table), let b = Self.childCounts(new, table)
            {
                columns[i].measure = "KS"
                columns[i].distance = FidelityReport.ks(a, b)
            }
            let wanted = columns.indices.filter { columns[$0].table == table && !columns[$0].isCount && columns[$0].outcome == .refitted }
            let names = wanted.map { columns[$0].column }
            guard let a = Self.draw(old, oldTable, names), let b = Self.draw(new, newTable, names) else { continue }
            for (k, i) in wanted.enumerated() {
                guard let column = newTable.columns.first(where: { $0.name == names[k] }) else { continue }
                if Self.continuous(column.type.kind) {
                    columns[i].measure = "KS"
                    columns[i].distance = FidelityReport.ks(a[k].numbers, b[k].numbers)
                } else {
                    columns[i].measure = "TV"
                    columns[i].distance = FidelityReport.tv(a[k].categories, b[k].categories)
                }
            }
        }
    }

    static func continuous(_ kind: ValueKind) -> Bool {
        kind.isNumeric || kind == .date || kind == .timestamp || kind == .time || kind == .interval
    }

    /// Values of one column, as numbers (NULLs left out) and as category counts (NULL included).
    struct Sample {
        var numbers: [Double] = []
        var categories: [String: Double] = [:]
    }

    /// Up to `rows` rows of `table`'s columns `names` (nil when the table cannot be drawn).
    static func draw(_ plan: DatasetPlan, _ table: TableSpec, _ names: [String]) -> [Sample]? {
        let slots = names.map { n in table.columns.firstIndex { $0.name == n } }
        var samples = Array(repeating: Sample(), count: names.count)
        var drawn = 0
        do {
            let units = try plan.shardUnits(table.name)
            try plan.generate(table.name, units: 0..<units) { frame in
                guard drawn < rows else { throw Enough() }
                drawn += 1
                for (k, slot) in slots.enumerated() {
                    guard let slot else { continue }
                    let v = frame[slot]
                    if let x = number(v) { samples[k].numbers.append(x) }
                    samples[k].categories[text(v), default: 0] += 1
                }
            }
        } catch is Enough {
        } catch {
            return nil
        }
        return samples
    }

    private struct Enough: Error {}

    /// Parent rows whose children are counted.
    static let parents: UInt64 = 1_000

    /// The children of each of the first `parents` parent rows of a `per_parent` table (nil
    /// when they cannot be drawn).
    static func childCounts(_ plan: DatasetPlan, _ table: String) -> [Double]? {
        var counts: [Double] = []
        var drawn = 0
        do {
            for p in 0..<min(try plan.shardUnits(table), parents) {
                var n = 0
                try plan.generate(table, units: p..<(p + 1)) { _ in
                    n += 1
                    drawn += 1
                    if drawn > rows * 20 { throw Enough() }
                }
                counts.append(Double(n))
            }
        } catch is Enough {
        } catch {
            return nil
        }
        return counts
    }

    static func number(_ v: Value) -> Double? {
        switch v {
        case .date(let d): Double(d)
        case .timestamp(let t), .interval(let t), .time(let t): Double(t)
        default: v.asDouble
        }
    }

    static func text(_ v: Value) -> String {
        switch v {
        case .null: return "\u{0}NULL"
        case .text(let t): return String(decoding: t, as: UTF8.self)
        default:
            return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: TextFormat.maxScalarWidth) { buf in
                let n = TextFormat.writeScalar(v, timestampZone: "+00", buf.baseAddress!)
                return String(decoding: UnsafeBufferPointer(rebasing: buf[0..<n]), as: UTF8.self)
            }
        }
    }
}
