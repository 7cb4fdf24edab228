import LoomSpec

/// Ranges `[lower, lower + length)`: the lower bound from its generator (converted to the
/// bound type), the length in the bound's unit (days for dates, seconds or an interval for
/// timestamps); a length that is not positive gives `empty`. Laid out like arrays (`ArrayValue`):
/// PostgreSQL's text, a JSON string of it, and the binary range.
final class RangeEvaluator: ColumnEvaluator {
    let lower: ColumnEvaluator, length: ColumnEvaluator, converter: ValueConverter
    let wire: CopyBinaryEncoder.Wire, quoted: Bool, zone: StaticString?, limits: ClosedRange<Int64>

    init(lower: ColumnEvaluator, length: ColumnEvaluator, type: SQLType, location: SourceLocation) {
        self.lower = lower; self.length = length
        converter = ValueConverter(
            column: ColumnSpec(name: "lower", type: type, source: .generator(.uuid), location: location, sourceLocation: location))
        wire = CopyBinaryEncoder.wire(for: type)
        quoted = type == .timestamp || type == .timestamptz
        zone = type == .timestamptz ? "+00" : nil
        limits = type.integerRange ?? Int64.min...Int64.max
    }

    /// The upper bound, or nil for an empty range.
    private func upper(_ lo: Value, _ len: Value) -> Value? {
        let micros: Int64? = if case .interval(let us) = len { us } else { nil }
        let d = micros.map { Double($0) / 1e6 } ?? len.asDouble ?? 0
        switch lo {
        case .int(let l):
            let n = Int64(d.rounded().clamped(-9e18, 9e18))
            guard n > 0 else { return nil }
            let (sum, overflow) = l.addingReportingOverflow(n)
            return .int(overflow ? limits.upperBound : min(sum, limits.upperBound))
        case .decimal(let u, let s):
            let n = Int64((d * Decimal10.pow10Double(s)).rounded().clamped(-9e18, 9e18))
            guard n > 0 else { return nil }
            let (sum, overflow) = u.addingReportingOverflow(n)
            return .decimal(overflow ? Int64.max : sum, scale: s)
        case .date(let day):
            let n = micros.map { $0 / CivilTime.microsPerDay } ?? Int64(d.rounded().clamped(-1e9, 1e9))
            return n > 0 ? .date(day + n) : nil
        case .timestamp(let t):
            let n = micros ?? Int64((d * 1e6).rounded().clamped(-9e18, 9e18))
            guard n > 0 else { return nil }
            let (sum, overflow) = t.addingReportingOverflow(n)
            return .timestamp(overflow ? Int64.max : sum)
        default:
            return nil
        }
    }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let lo = converter.convert(lower.evaluate(row, frame), frame.arena)
        let hi = lo.isNull ? nil : upper(lo, length.evaluate(row, frame))
        let p = frame.arena.reserve(ArrayValue.headerSize + 4 * TextFormat.maxScalarWidth + 64 + 2 * (TextFormat.maxScalarWidth + 16))
        var n = ArrayValue.headerSize
        let textCount = writeText(lo, hi, p + n)
        n += textCount
        p[n] = 34
        (p + n + 1).update(from: p + ArrayValue.headerSize, count: textCount)
        p[n + 1 + textCount] = 34
        let jsonCount = textCount + 2
        n += jsonCount
        if let hi {
            p[n] = 0x02  // lower bound inclusive, upper exclusive
            n += 1
            n += CopyBinaryEncoder.writeField(wire, lo, p + n)
            n += CopyBinaryEncoder.writeField(wire, hi, p + n)
        } else {
            p[n] = 0x01  // empty
            n += 1
        }
        let raw = UnsafeMutableRawPointer(p)
        raw.storeBytes(of: UInt32(textCount), as: UInt32.self)
        raw.storeBytes(of: UInt32(jsonCount), toByteOffset: 4, as: UInt32.self)
        return .array(frame.arena.commit(p, n))
    }

    private func writeText(_ lo: Value, _ hi: Value?, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        guard let hi else {
            for (i, b) in "empty".utf8.enumerated() { p[i] = b }
            return 5
        }
        var n = 0
        p[n] = UInt8(ascii: "["); n += 1
        n += writeBound(lo, p + n)
        p[n] = UInt8(ascii: ","); n += 1
        n += writeBound(hi, p + n)
        p[n] = UInt8(ascii: ")")
        return n + 1
    }
}

extension RangeEvaluator {
    /// A bound as the range's text has it: timestamps in double quotes.
    fileprivate func writeBound(_ v: Value, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        guard quoted else { return TextFormat.writeScalar(v, timestampZone: zone, p) }
        p[0] = 34
        let n = 1 + TextFormat.writeScalar(v, timestampZone: zone, p + 1)
        p[n] = 34
        return n + 1
    }
}

extension Double {
    fileprivate func clamped(_ lo: Double, _ hi: Double) -> Double { self.isNaN ? 0 : Swift.min(Swift.max(self, lo), hi) }
}
