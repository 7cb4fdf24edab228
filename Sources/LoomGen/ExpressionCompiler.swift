import Foundation
import LoomSpec

/// A compiled expression: evaluates against a row frame (and its parent frame).
typealias CompiledExpression = (RowFrame) -> Value

/// Compiles a type-checked `Expression` into nested closures once, so evaluating a row walks
/// no syntax tree and resolves no names.
struct ExpressionCompiler {
    /// Column name → slot in the row frame.
    let slots: [String: Int]
    /// Parent column name → slot in the parent frame.
    let parentSlots: [String: Int]
    /// Stream key of the column, for random functions (each call site draws its own numbers).
    let key: UInt64

    /// Builds `sum(child.column)` / `count(child.column)`; nil when the table has no children.
    var aggregate: ((_ function: String, _ column: ChildColumn) -> CompiledExpression)? = nil

    private final class CallSites { var next: UInt64 = 0 }
    private let sites = CallSites()

    /// Compiles `node`; the closures nest as deep as the tree, at most `Expression.maxDepth` for a
    /// parsed expression (a deeper tree, built by hand, compiles to NULL instead of overflowing
    /// the stack when a row is evaluated).
    func compile(_ node: ExprNode) -> CompiledExpression { compile(node, depth: 1) }

    private func compile(_ node: ExprNode, depth: Int) -> CompiledExpression {
        guard depth <= Expression.maxDepth else { return { _ in .null } }
        let compile = { (n: ExprNode) in self.compile(n, depth: depth + 1) }
        switch node {
        case .literal(let l, _):
            let v = Self.value(of: l)
            return { _ in v }
        case .column(let name, _):
            let slot = slots[name]!
            return { f in Self.readable(f[slot]) }
        case .parent(let name, _):
            let slot = parentSlots[name]!
            return { f in f.parent.map { Self.readable($0[slot]) } ?? .null }
        case .unary(.negate, let a, _):
            let ca = compile(a)
            return { f in
                switch ca(f) {
                case .int(let i): .int(Saturating.negate(i))
                case .float(let d): .float(-d)
                case .interval(let i): .interval(Saturating.negate(i))
                default: .null
                }
            }
        case .unary(.not, let a, _):
            let ca = compile(a)
            return { f in
                if case .bool(let b) = ca(f) { return .bool(!b) }; return .null
            }
        case .binary(let op, let a, let b, _):
            return binary(op, compile(a), compile(b))
        case .call(let name, let args, _) where (name == "sum" || name == "count") && args.count == 1:
            guard case .child(let t, let c, _) = args[0], let aggregate else { return { _ in .null } }
            return aggregate(name, ChildColumn(table: t, column: c))
        case .child:
            return { _ in .null }
        case .call(let name, let args, _):
            return call(name, args.map(compile))
        }
    }

    static func value(of l: Literal) -> Value {
        switch l {
        case .null: .null
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .float(let d): .float(d)
        case .decimal(let u, let s): .float(Double(u) / Decimal10.pow10Double(s))
        case .text(let t): .text(StaticText.make(t))
        case .date(let d): .date(d)
        case .timestamp(let t): .timestamp(t)
        case .uuid: .null
        case .interval(let i): .interval(i)
        case .time(let t): .time(t)
        case .inet(let n): .inet(n.hi, n.lo, InetMeta.make(n, cidr: false))
        case .macaddr(let m): .macaddr(m)
        }
    }

    /// Decimals are read as floats inside expressions.
    @inline(__always)
    static func readable(_ v: Value) -> Value {
        if case .decimal = v { return .float(v.asDouble!) }
        return v
    }

    private func binary(_ op: BinaryOperator, _ a: @escaping CompiledExpression, _ b: @escaping CompiledExpression) -> CompiledExpression {
        switch op {
        case .and:
            return { f in
                let x = a(f)
                if case .bool(false) = x { return .bool(false) }
                let y = b(f)
                if case .bool(false) = y { return .bool(false) }
                if x.isNull || y.isNull { return .null }
                return .bool(true)
            }
        case .or:
            return { f in
                let x = a(f)
                if case .bool(true) = x { return .bool(true) }
                let y = b(f)
                if case .bool(true) = y { return .bool(true) }
                if x.isNull || y.isNull { return .null }
                return .bool(false)
            }
        case .concat:
            return { f in Self.concat([a(f), b(f)], f.arena) }
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            return { f in
                guard let c = Self.compare(a(f), b(f)) else { return .null }
                switch op {
                case .equal: return .bool(c == 0)
                case .notEqual: return .bool(c != 0)
                case .less: return .bool(c < 0)
                case .lessOrEqual: return .bool(c <= 0)
                case .greater: return .bool(c > 0)
                default: return .bool(c >= 0)
                }
            }
        default:
            return { f in Self.arithmetic(op, a(f), b(f)) }
        }
    }

    static func arithmetic(_ op: BinaryOperator, _ x: Value, _ y: Value) -> Value {
        switch (x, y) {
        case (.int(let i), .int(let j)):
            switch op {
            case .add: return .int(Saturating.add(i, j))
            case .subtract: return .int(Saturating.subtract(i, j))
            case .multiply: return .int(Saturating.multiply(i, j))
            case .divide: return j == 0 ? .null : .float(Double(i) / Double(j))
            case .remainder: return j == 0 || (i == .min && j == -1) ? .null : .int(i % j)
            default: return .null
            }
        case (.date(let d), .int(let n)):
            return op == .add
                ? .date(Saturating.date(Saturating.add(d, n))) : op == .subtract ? .date(Saturating.date(Saturating.subtract(d, n))) : .null
        case (.int(let n), .date(let d)):
            return op == .add ? .date(Saturating.date(Saturating.add(d, n))) : .null
        case (.date(let d), .date(let e)):
            return op == .subtract ? .int(Saturating.subtract(d, e)) : .null
        case (.date(let d), .interval(let i)):
            return arithmetic(op, .timestamp(d * CivilTime.microsPerDay), .interval(i))
        case (.timestamp(let t), .interval(let i)):
            return op == .add ? .timestamp(Saturating.add(t, i)) : op == .subtract ? .timestamp(Saturating.subtract(t, i)) : .null
        case (.interval(let i), .timestamp(let t)):
            return op == .add ? .timestamp(Saturating.add(t, i)) : .null
        case (.interval(let i), .date(let d)):
            return op == .add ? .timestamp(Saturating.add(d * CivilTime.microsPerDay, i)) : .null
        case (.timestamp(let t), .timestamp(let u)):
            return op == .subtract ? .interval(Saturating.subtract(t, u)) : .null
        case (.timestamp(let t), .date(let d)):
            return op == .subtract ? .interval(Saturating.subtract(t, d * CivilTime.microsPerDay)) : .null
        case (.date(let d), .timestamp(let t)):
            return op == .subtract ? .interval(Saturating.subtract(d * CivilTime.microsPerDay, t)) : .null
        case (.interval(let i), .interval(let j)):
            return op == .add ? .interval(Saturating.add(i, j)) : op == .subtract ? .interval(Saturating.subtract(i, j)) : .null
        case (.interval(let i), _):
            guard let d = y.asDouble else { return .null }
            if op == .multiply { return .interval(ValueConverter.saturate((Double(i) * d).rounded(), Int64.min...Int64.max)) }
            if op == .divide, d != 0 { return .interval(ValueConverter.saturate((Double(i) / d).rounded(), Int64.min...Int64.max)) }
            return .null
        case (_, .interval(let i)):
            guard op == .multiply, let d = x.asDouble else { return .null }
            return .interval(ValueConverter.saturate((Double(i) * d).rounded(), Int64.min...Int64.max))
        default:
            guard let d = x.asDouble, let e = y.asDouble else { return .null }
            switch op {
            case .add: return .float(d + e)
            case .subtract: return .float(d - e)
            case .multiply: return .float(d * e)
            case .divide: return e == 0 ? .null : .float(d / e)
            case .remainder: return e == 0 ? .null : .float(d.truncatingRemainder(dividingBy: e))
            default: return .null
            }
        }
    }

    /// -1, 0, 1, or nil when either side is null or the kinds don't compare.
    static func compare(_ x: Value, _ y: Value) -> Int? {
        @inline(__always) func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : a > b ? 1 : 0 }
        switch (x, y) {
        case (.int(let i), .int(let j)): return sign(i, j)
        case (.bool(let a), .bool(let b)): return sign(a ? 1 : 0, b ? 1 : 0)
        case (.text(let a), .text(let b)):
            let n = min(a.count, b.count)
            let c = n == 0 ? 0 : memcmp(a.baseAddress!, b.baseAddress!, n)
            return c != 0 ? (c < 0 ? -1 : 1) : sign(a.count, b.count)
        case (.date(let a), .date(let b)): return sign(a, b)
        case (.timestamp(let a), .timestamp(let b)): return sign(a, b)
        case (.date(let a), .timestamp(let b)): return sign(a * CivilTime.microsPerDay, b)
        case (.timestamp(let a), .date(let b)): return sign(a, b * CivilTime.microsPerDay)
        case (.interval(let a), .interval(let b)): return sign(a, b)
        case (.time(let a), .time(let b)): return sign(a, b)
        case (.macaddr(let a), .macaddr(let b)): return sign(a, b)
        case (.inet(let a, let b, let m), .inet(let c, let d, let n)):
            return m & InetMeta.v6 != n & InetMeta.v6
                ? sign(m & InetMeta.v6, n & InetMeta.v6) : a != c ? sign(a, c) : b != d ? sign(b, d) : sign(m, n)
        case (.uuid(let a, let b), .uuid(let c, let d)): return a != c ? sign(a, c) : sign(b, d)
        default:
            guard let a = x.asDouble, let b = y.asDouble else { return nil }
            return sign(a, b)
        }
    }

    static func concat(_ parts: [Value], _ arena: TextArena) -> Value {
        var cap = 0
        for v in parts { if case .text(let t) = v { cap += t.count } else { cap += TextFormat.maxScalarWidth } }
        let p = arena.reserve(cap)
        var n = 0
        for v in parts {
            if case .text(let t) = v {
                if t.count > 0 { (p + n).update(from: t.baseAddress!, count: t.count) }
                n += t.count
            } else {
                n += TextFormat.writeScalar(v, timestampZone: nil, p + n)
            }
        }
        return .text(arena.commit(p, n))
    }

    private func nextSite() -> UInt64 {
        sites.next += 1
        return sites.next * 7919
    }

    private func call(_ name: String, _ a: [CompiledExpression]) -> CompiledExpression {
        switch name {
        case "if":
            return { f in
                if case .bool(true) = a[0](f) { return a[1](f) }; return a[2](f)
            }
        case "coalesce":
            return { f in
                for e in a { let v = e(f); if !v.isNull { return v } }
                return .null
            }
        case "min", "max":
            let wantLess = name == "min"
            return { f in
                var best = a[0](f)
                for e in a.dropFirst() {
                    let v = e(f)
                    guard let c = Self.compare(v, best) else { return .null }
                    if wantLess ? c < 0 : c > 0 { best = v }
                }
                if case .int = best {
                } else if let d = best.asDouble, a.count > 1 {
                    var anyFloat = false
                    for e in a { if case .float = e(f) { anyFloat = true } }
                    if anyFloat { return .float(d) }
                }
                return best
            }
        case "round", "floor", "ceil":
            let rule: FloatingPointRoundingRule = name == "round" ? .toNearestOrAwayFromZero : name == "floor" ? .down : .up
            return { f in
                let v = a[0](f)
                if case .int = v { return v }
                guard let d = v.asDouble else { return .null }
                if a.count == 2 {
                    guard case .int(let digits) = a[1](f) else { return .null }
                    let p = Decimal10.pow10Double(Int(max(0, min(digits, 15))))
                    return .float((d * p).rounded(rule) / p)
                }
                return .int(ValueConverter.saturate(d.rounded(rule), Int64.min...Int64.max))
            }
        case "abs":
            return { f in
                switch a[0](f) {
                case .int(let i): .int(i == .min ? .max : abs(i))
                case .float(let d): .float(abs(d))
                case .interval(let i): .interval(i == .min ? .max : abs(i))
                default: .null
                }
            }
        case "sqrt", "ln", "exp":
            let fn: (Double) -> Double = name == "sqrt" ? { $0.squareRoot() } : name == "ln" ? { log($0) } : { exp($0) }
            return { f in
                guard let d = a[0](f).asDouble else { return .null }
                let r = fn(d)
                return r.isFinite ? .float(r) : .null
            }
        case "pow":
            return { f in
                guard let x = a[0](f).asDouble, let y = a[1](f).asDouble else { return .null }
                let r = Foundation.pow(x, y)
                return r.isFinite ? .float(r) : .null
            }
        case "div":
            return { f in
                guard case .int(let x) = a[0](f), case .int(let y) = a[1](f), y != 0, !(x == .min && y == -1) else { return .null }
                return .int(x / y)
            }
        case "concat":
            return { f in Self.concat(a.map { $0(f) }, f.arena) }
        case "lower", "upper":
            let upper = name == "upper"
            return { f in
                guard case .text(let t) = a[0](f) else { return .null }
                let p = f.arena.reserve(t.count)
                for i in 0..<t.count {
                    let c = t[i]
                    p[i] = upper ? (c >= 97 && c <= 122 ? c - 32 : c) : (c >= 65 && c <= 90 ? c + 32 : c)
                }
                return .text(f.arena.commit(p, t.count))
            }
        case "length":
            return { f in
                guard case .text(let t) = a[0](f) else { return .null }
                var n: Int64 = 0
                for c in t where c & 0xC0 != 0x80 { n += 1 }
                return .int(n)
            }
        case "substr":
            return { f in
                guard case .text(let t) = a[0](f), case .int(let start) = a[1](f) else { return .null }
                var len = Int64.max
                if a.count == 3 { guard case .int(let l) = a[2](f) else { return .null }; len = max(0, l) }
                var charIndex: Int64 = 0, from = t.count, to = t.count
                for i in 0..<t.count where t[i] & 0xC0 != 0x80 {
                    charIndex += 1
                    if charIndex == max(start, 1) { from = i }
                    if charIndex > max(start, 1) && charIndex - max(start, 1) == len { to = i; break }
                }
                return .text(UnsafeBufferPointer(rebasing: t[min(from, to)..<to]))
            }
        case "days", "hours", "minutes", "seconds":
            let unit: Double = name == "days" ? 86_400e6 : name == "hours" ? 3_600e6 : name == "minutes" ? 60e6 : 1e6
            return { f in
                guard let d = a[0](f).asDouble else { return .null }
                return .interval(ValueConverter.saturate((d * unit).rounded(), Int64.min...Int64.max))
            }
        case "date":
            return { f in
                switch a[0](f) {
                case .date(let d): return .date(d)
                case .timestamp(let t):
                    var d = t / CivilTime.microsPerDay
                    if t % CivilTime.microsPerDay < 0 { d -= 1 }
                    return .date(d)
                default: return .null
                }
            }
        case "year", "month", "day", "weekday", "hour":
            return { f in
                let v = a[0](f)
                var days: Int64, micros: Int64 = 0
                switch v {
                case .date(let d): days = d
                case .timestamp(let t):
                    days = t / CivilTime.microsPerDay; micros = t % CivilTime.microsPerDay
                    if micros < 0 { micros += CivilTime.microsPerDay; days -= 1 }
                default: return .null
                }
                let (y, m, d) = CivilTime.civil(fromDays: days)
                switch name {
                case "year": return .int(Int64(y))
                case "month": return .int(Int64(m))
                case "day": return .int(Int64(d))
                case "weekday": return .int(((days % 7 + 7 + 3) % 7) + 1)
                default: return .int(micros / 3_600_000_000)
                }
            }
        case "int":
            return { f in
                let v = a[0](f)
                if case .bool(let b) = v { return .int(b ? 1 : 0) }
                if case .int = v { return v }
                guard let d = v.asDouble else { return .null }
                return .int(ValueConverter.saturate(d.rounded(.towardZero), Int64.min...Int64.max))
            }
        case "float":
            return { f in a[0](f).asDouble.map { .float($0) } ?? .null }
        case "text":
            return { f in Self.concat([a[0](f)], f.arena) }
        case "uniform":
            let site = nextSite(), key = self.key
            return { f in
                let x = a[0](f), y = a[1](f)
                let bits = CounterRNG.bits(key, f.row, site)
                if case .int(let lo) = x, case .int(let hi) = y {
                    guard hi >= lo else { return .null }
                    return .int(lo &+ Int64(bitPattern: CounterRNG.below(UInt64(bitPattern: hi &- lo) &+ 1, bits)))
                }
                guard let lo = x.asDouble, let hi = y.asDouble else { return .null }
                return .float(lo + (hi - lo) * CounterRNG.unit(bits))
            }
        case "normal":
            let site = nextSite(), key = self.key
            return { f in
                guard let m = a[0](f).asDouble, let s = a[1](f).asDouble else { return .null }
                return .float(m + s * Distributions.standardNormal(key &+ site, f.row))
            }
        case "bernoulli":
            let site = nextSite(), key = self.key
            return { f in
                guard let p = a[0](f).asDouble else { return .null }
                return .bool(CounterRNG.unit(CounterRNG.bits(key, f.row, site)) < p)
            }
        default:
            return { _ in .null }
        }
    }
}

/// Evaluates a compiled expression as a column.
final class ExpressionEvaluator: ColumnEvaluator {
    let compiled: CompiledExpression
    init(_ compiled: @escaping CompiledExpression) { self.compiled = compiled }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value { compiled(frame) }
}
