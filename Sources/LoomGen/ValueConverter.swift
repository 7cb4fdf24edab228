import Foundation
import LoomSpec

/// Turns a generator's raw value into the column's stored form: clamps and rounds numbers,
/// fits integers and decimals into their type, renders non-text values for text columns and
/// cuts text to a varchar's length, and puts values on the column's `step:`.
public struct ValueConverter {
    enum Target {
        case int(ClosedRange<Int64>)
        case float(Float32: Bool)
        case decimal(scale: Int, limit: Int64)
        case text(maxChars: Int?)
        case bool, date, timestamp, uuid, time, macaddr, bytes, array
        /// Bit strings: exactly `fixed` bits (padded with zeros or cut), or at most `max`.
        case bits(fixed: Int?, max: Int?)
        /// `inet` or `cidr` (host bits cleared, prefix always shown).
        case inet(cidr: Bool)
        /// Intervals; numbers are seconds.
        case interval
    }

    let target: Target
    let clamp: ClosedRange<Double>?
    let round: Double?
    let grid: StepGrid?
    /// Where stepped integers and decimals (in the stored unit) and dates and timestamps may lie.
    let stepRange: ClosedRange<Int64>

    public init(column: ColumnSpec) {
        clamp = column.clamp
        round = column.round.map { Decimal10.pow10Double($0) }
        (grid, stepRange) = Self.grid(column)
        switch column.type {
        case .smallint, .integer, .bigint: target = .int(column.type.integerRange!)
        case .real: target = .float(Float32: true)
        case .double: target = .float(Float32: false)
        case .numeric: target = Self.decimalTarget(column.type)
        case .text, .enumeration, .json, .jsonb, .tsvector: target = .text(maxChars: nil)
        case .varchar(let n): target = .text(maxChars: n)
        case .char(let n): target = .text(maxChars: n)
        case .boolean: target = .bool
        case .date: target = .date
        case .timestamp, .timestamptz: target = .timestamp
        case .uuid: target = .uuid
        case .interval: target = .interval
        case .time, .timetz: target = .time
        case .inet: target = .inet(cidr: false)
        case .cidr: target = .inet(cidr: true)
        case .macaddr: target = .macaddr
        case .money: target = .decimal(scale: 2, limit: Int64.max)
        case .bytea: target = .bytes
        case .bit(let n): target = .bits(fixed: n, max: n)
        case .varbit(let n): target = .bits(fixed: nil, max: n)
        case .array, .range: target = .array
        }
    }

    static func decimalTarget(_ type: SQLType) -> Target {
        switch type {
        case .numeric(let p, let s):
            let digits = p.map { min($0, 18) } ?? 18
            return .decimal(scale: s, limit: digits >= 18 ? Int64.max : Decimal10.pow10[digits] - 1)
        default: return .decimal(scale: 2, limit: Int64.max)
        }
    }

    @inline(__always)
    func clampRound(_ d: Double) -> Double {
        var x = d
        if let clamp { x = Swift.min(Swift.max(x, clamp.lowerBound), clamp.upperBound) }
        if let round { x = (x * round).rounded(.toNearestOrAwayFromZero) / round }
        return x
    }

    @inline(__always)
    static func saturate(_ d: Double, _ range: ClosedRange<Int64>) -> Int64 {
        if d.isNaN { return 0 }
        if d <= Double(range.lowerBound) { return range.lowerBound }
        if d >= Double(range.upperBound) { return range.upperBound }
        return Int64(d)
    }

    /// Text or bits as a bit string of the column's length: characters other than `0` read as
    /// their low bit, cut to `max`, zero-padded to `fixed`.
    static func fitBits(_ v: Value, fixed: Int?, max: Int?, _ arena: TextArena) -> Value {
        let t: UnsafeBufferPointer<UInt8>
        switch v {
        case .bits(let b), .text(let b): t = b
        default: return v
        }
        let count = Swift.min(t.count, max ?? t.count)
        let width = fixed ?? count
        if width == t.count, t.allSatisfy({ $0 == 48 || $0 == 49 }) { return .bits(t) }
        let p = arena.reserve(width)
        for i in 0..<width { p[i] = i < count ? 48 | (t[i] & 1) : 48 }
        return .bits(arena.commit(p, width))
    }

    @inline(__always)
    public func convert(_ v: Value, _ arena: TextArena) -> Value {
        let converted = convertUnstepped(v, arena)
        guard let grid else { return converted }
        switch converted {
        case .int(let i): return .int(grid.nearest(i, in: stepRange))
        case .decimal(let u, let scale): return .decimal(grid.nearest(u, in: stepRange), scale: scale)
        case .float(let x):
            let y = grid.nearest(x, clamp: clamp)
            if case .float(true) = target { return .float(Double(Float(y))) }
            return .float(y)
        case .date(let d): return .date(grid.floor(d, perDay: 1, in: stepRange))
        case .timestamp(let t): return .timestamp(grid.floor(t, perDay: CivilTime.microsPerDay, in: stepRange))
        default: return converted
        }
    }

    /// The grid of a column's `step:` and the range its stepped values keep to: an integer
    /// type's range and clamp, a decimal's in units of its scale, a date or timestamp
    /// generator's `from` and `to`.
    static func grid(_ column: ColumnSpec) -> (StepGrid?, ClosedRange<Int64>) {
        let all = Int64.min...Int64.max
        guard let step = column.step else { return (nil, all) }
        func within(_ range: ClosedRange<Int64>, _ unit: Double) -> ClosedRange<Int64> {
            guard let clamp = column.clamp else { return range }
            let lo = Swift.max(range.lowerBound, saturate((clamp.lowerBound * unit - 1e-6).rounded(.up), all))
            let hi = Swift.min(range.upperBound, saturate((clamp.upperBound * unit + 1e-6).rounded(.down), all))
            return lo <= hi ? lo...hi : range
        }
        switch column.type {
        case .smallint, .integer, .bigint:
            return (StepGrid(number: step, unitDigits: 0), within(column.type.integerRange!, 1))
        case .real, .double:
            guard case .number(_, let digits) = step else { return (nil, all) }
            return (StepGrid(number: step, unitDigits: digits), all)
        case .numeric, .money:
            let scale = column.type.decimalScale ?? 0
            guard case .decimal(_, let limit) = ValueConverter.decimalTarget(column.type) else { return (nil, all) }
            return (StepGrid(number: step, unitDigits: scale), within(-limit...limit, Decimal10.pow10Double(scale)))
        case .date, .timestamp, .timestamptz:
            let perDay = column.type == .date ? 1 : CivilTime.microsPerDay
            var range = all
            if case .generator(let g) = column.source {
                switch g {
                case .dateRange(let lo, let hi): range = column.type == .date ? lo...hi : lo * perDay...hi * perDay + perDay - 1
                case .timestampRange(let lo, let hi) where column.type != .date: range = lo...hi
                default: break
                }
            }
            return (StepGrid(time: step, perDay: perDay), range)
        default:
            return (nil, all)
        }
    }

    @inline(__always)
    func convertUnstepped(_ v: Value, _ arena: TextArena) -> Value {
        switch target {
        case .int(let range):
            switch v {
            case .int(let i):
                var x = i
                if let clamp {
                    // Compared as doubles, but a value inside the range stays exact.
                    let d = Double(x)
                    if d < clamp.lowerBound {
                        x = Self.saturate(clamp.lowerBound.rounded(), Int64.min...Int64.max)
                    } else if d > clamp.upperBound {
                        x = Self.saturate(clamp.upperBound.rounded(), Int64.min...Int64.max)
                    }
                }
                return .int(Swift.min(Swift.max(x, range.lowerBound), range.upperBound))
            case .bool(let b): return .int(b ? 1 : 0)
            case .float, .decimal:
                return .int(Self.saturate(clampRound(v.asDouble!).rounded(.toNearestOrAwayFromZero), range))
            default: return v
            }
        case .float(let single):
            guard let d = v.asDouble else { return v }
            let x = clampRound(d)
            return .float(single ? Double(Float(x)) : x)
        case .decimal(let scale, let limit):
            switch v {
            case .decimal(let u, let s) where s == scale && clamp == nil:
                return .decimal(Swift.min(Swift.max(u, -limit), limit), scale: scale)
            case .int(let i) where clamp == nil && scale <= 18 && i.magnitude < UInt64(limit) / UInt64(Decimal10.pow10[scale]):
                return .decimal(i * Decimal10.pow10[scale], scale: scale)
            default:
                guard let d = v.asDouble else { return v }
                let scaled = (clampRound(d) * Decimal10.pow10Double(scale)).rounded(.toNearestOrAwayFromZero)
                return .decimal(Self.saturate(scaled, -limit...limit), scale: scale)
            }
        case .text(let maxChars):
            var out = v
            if case .text = v {
            } else if case .bytes(let b) = v {
                let p = arena.reserve(2 + 2 * b.count)
                out = .text(arena.commit(p, TextFormat.writeByteaHex(b, p)))
            } else if !v.isNull {
                let p = arena.reserve(TextFormat.maxScalarWidth)
                let zone: StaticString? = if case .time = v { nil } else { "+00" }
                out = .text(arena.commit(p, TextFormat.writeScalar(v, timestampZone: zone, p)))
            }
            if let maxChars, case .text(let t) = out, t.count > maxChars {
                var chars = 0, i = 0
                while i < t.count {
                    if t[i] & 0xC0 != 0x80 { if chars == maxChars { break }; chars += 1 }
                    i += 1
                }
                out = .text(UnsafeBufferPointer(rebasing: t[0..<i]))
            }
            return out
        case .timestamp:
            if case .date(let d) = v { return .timestamp(d * CivilTime.microsPerDay) }
            return v
        case .interval:
            guard let d = v.asDouble else { return v }
            return .interval(Self.saturate((clampRound(d) * 1e6).rounded(.toNearestOrAwayFromZero), Int64.min...Int64.max))
        case .inet(let cidr):
            guard case .inet(let hi, let lo, let meta) = v else { return v }
            guard cidr else { return .inet(hi, lo, meta & ~InetMeta.cidr) }
            let (mh, ml) = IPNetwork.mask(bits: Int(meta & 0xFF), v6: meta & InetMeta.v6 != 0)
            return .inet(hi & mh, lo & ml, meta | InetMeta.cidr)
        case .bits(let fixed, let max):
            return Self.fitBits(v, fixed: fixed, max: max, arena)
        case .bool, .date, .uuid, .time, .macaddr, .bytes, .array:
            return v
        }
    }
}
