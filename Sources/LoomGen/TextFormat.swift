import LoomSpec

/// Writes values as text straight into memory: the shared formatting of every text-based
/// encoder and of text conversions. Each function returns the number of bytes written.
public enum TextFormat {
    /// Upper bound of bytes any single non-text value formats to.
    public static let maxScalarWidth = 48

    private static let digitPairs: [UInt8] = {
        var t = [UInt8](); t.reserveCapacity(200)
        for i in 0..<100 { t.append(UInt8(48 + i / 10)); t.append(UInt8(48 + i % 10)) }
        return t
    }()

    @inline(__always)
    public static func writeUInt(_ value: UInt64, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        var v = value
        var tmp: (UInt64, UInt64, UInt64) = (0, 0, 0)
        return withUnsafeMutableBytes(of: &tmp) { raw -> Int in
            let buf = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            var i = 24
            digitPairs.withUnsafeBufferPointer { pairs in
                while v >= 100 {
                    let r = Int(v % 100); v /= 100
                    i -= 2; buf[i] = pairs[2 * r]; buf[i + 1] = pairs[2 * r + 1]
                }
                if v >= 10 {
                    let r = Int(v); i -= 2; buf[i] = pairs[2 * r]; buf[i + 1] = pairs[2 * r + 1]
                } else {
                    i -= 1; buf[i] = UInt8(48 + v)
                }
            }
            let n = 24 - i
            p.update(from: buf + i, count: n)
            return n
        }
    }

    @inline(__always)
    public static func writeInt(_ value: Int64, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        if value < 0 {
            p[0] = UInt8(ascii: "-")
            return 1 + writeUInt(value.magnitude, p + 1)
        }
        return writeUInt(UInt64(value), p)
    }

    /// Writes `n` as exactly `width` digits, zero-padded.
    @inline(__always)
    public static func writePadded(_ n: Int, width: Int, _ p: UnsafeMutablePointer<UInt8>) {
        var v = n
        var i = width - 1
        while i >= 0 { p[i] = UInt8(48 + v % 10); v /= 10; i -= 1 }
    }

    /// A decimal `unscaled × 10^-scale` as PostgreSQL reads it. Scales up to 18 are written out;
    /// beyond (an Int64 then holds at most the first 19 significant digits) the value is written
    /// with an exponent, `123e-25`, so the width stays bounded whatever the column's scale.
    public static func writeDecimal(_ unscaled: Int64, scale: Int, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        if scale == 0 { return writeInt(unscaled, p) }
        var n = 0
        if unscaled < 0 { p[0] = UInt8(ascii: "-"); n = 1 }
        let mag = unscaled.magnitude
        guard scale <= 18 else {
            n += writeUInt(mag, p + n)
            p[n] = UInt8(ascii: "e"); p[n + 1] = UInt8(ascii: "-"); n += 2
            return n + writeUInt(UInt64(scale), p + n)
        }
        let pow = UInt64(Decimal10.pow10[scale])
        n += writeUInt(mag / pow, p + n)
        p[n] = UInt8(ascii: "."); n += 1
        writePadded(Int(mag % pow), width: scale, p + n)
        return n + scale
    }

    public static func writeDouble(_ value: Double, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        if value == value.rounded(), abs(value) < 1e15 { return writeInt(Int64(value), p) }
        if value.isNaN { return copy("NaN", p) }
        if value.isInfinite { return copy(value < 0 ? "-Infinity" : "Infinity", p) }
        var s = value.description
        return s.withUTF8 { u in
            let n = min(u.count, maxScalarWidth)
            p.update(from: u.baseAddress!, count: n)
            return n
        }
    }

    static func copy(_ s: StaticString, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        p.update(from: s.utf8Start, count: s.utf8CodeUnitCount)
        return s.utf8CodeUnitCount
    }

    /// `YYYY-MM-DD`, and ` BC` for years before 1 AD (PostgreSQL counts 1 BC, 2 BC, … where
    /// the proleptic calendar has years 0, -1, …).
    @inline(__always)
    public static func writeDate(_ days: Int64, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        let (n, bc) = writeDay(days, p)
        return bc ? n + copy(" BC", p + n) : n
    }

    /// `YYYY-MM-DD` with the year counted as PostgreSQL shows it (no era).
    @inline(__always)
    private static func writeDay(_ days: Int64, _ p: UnsafeMutablePointer<UInt8>) -> (count: Int, bc: Bool) {
        let (civilYear, m, d) = CivilTime.civil(fromDays: days)
        let y = civilYear <= 0 ? 1 - civilYear : civilYear
        var n = 0
        if y > 9999 {
            n = writeInt(Int64(y), p)
        } else {
            writePadded(y, width: 4, p); n = 4
        }
        p[n] = UInt8(ascii: "-"); writePadded(m, width: 2, p + n + 1)
        p[n + 3] = UInt8(ascii: "-"); writePadded(d, width: 2, p + n + 4)
        return (n + 6, civilYear <= 0)
    }

    /// `YYYY-MM-DD HH:MM:SS[.ffffff]` then `+00` when `zone`; `separator` is ' ' or 'T'.
    public static func writeTimestamp(_ micros: Int64, zone: StaticString?, separator: UInt8, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        var days = micros / CivilTime.microsPerDay
        var rem = micros % CivilTime.microsPerDay
        if rem < 0 { rem += CivilTime.microsPerDay; days -= 1 }
        var (n, bc) = writeDay(days, p)
        p[n] = separator; n += 1
        let secs = Int(rem / 1_000_000), frac = Int(rem % 1_000_000)
        writePadded(secs / 3600, width: 2, p + n); p[n + 2] = UInt8(ascii: ":")
        writePadded(secs / 60 % 60, width: 2, p + n + 3); p[n + 5] = UInt8(ascii: ":")
        writePadded(secs % 60, width: 2, p + n + 6)
        n += 8
        if frac != 0 {
            p[n] = UInt8(ascii: "."); n += 1
            var f = frac, width = 6
            while f % 10 == 0 { f /= 10; width -= 1 }
            writePadded(f, width: width, p + n); n += width
        }
        if let zone { n += copy(zone, p + n) }
        if bc { n += copy(" BC", p + n) }
        return n
    }

    static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    /// `xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx`.
    public static func writeUUID(_ hi: UInt64, _ lo: UInt64, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0
        hex.withUnsafeBufferPointer { h in
            for i in 0..<16 {
                if i == 4 || i == 6 || i == 8 || i == 10 { p[n] = UInt8(ascii: "-"); n += 1 }
                let byte = i < 8 ? (hi >> (56 - 8 * UInt64(i))) & 0xFF : (lo >> (56 - 8 * UInt64(i - 8))) & 0xFF
                p[n] = h[Int(byte >> 4)]; p[n + 1] = h[Int(byte & 0xF)]; n += 2
            }
        }
        return n
    }

    /// `HH:MM:SS[.ffffff]` for a non-negative number of microseconds; hours may pass 24.
    @inline(__always)
    public static func writeClock(_ micros: UInt64, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        let secs = micros / 1_000_000, frac = Int(micros % 1_000_000)
        let hours = secs / 3600
        var n = 0
        if hours < 100 { writePadded(Int(hours), width: 2, p); n = 2 } else { n = writeUInt(hours, p) }
        p[n] = UInt8(ascii: ":"); writePadded(Int(secs / 60 % 60), width: 2, p + n + 1)
        p[n + 3] = UInt8(ascii: ":"); writePadded(Int(secs % 60), width: 2, p + n + 4)
        n += 6
        if frac != 0 {
            p[n] = UInt8(ascii: "."); n += 1
            var f = frac, width = 6
            while f % 10 == 0 { f /= 10; width -= 1 }
            writePadded(f, width: width, p + n); n += width
        }
        return n
    }

    /// A time of day, `HH:MM:SS[.ffffff]`, then `zone` (`+00`) for `timetz`.
    public static func writeTime(_ micros: Int64, zone: StaticString?, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        var n = writeClock(UInt64(max(micros, 0)), p)
        if let zone { n += copy(zone, p + n) }
        return n
    }

    /// Splits an interval into whole days and the rest, both with the interval's sign: the
    /// (days, time) pair PostgreSQL stores for it, whatever the encoding.
    @inline(__always)
    public static func intervalParts(_ micros: Int64) -> (days: Int64, time: Int64) {
        (micros / CivilTime.microsPerDay, micros % CivilTime.microsPerDay)
    }

    /// An interval as PostgreSQL prints it (IntervalStyle `postgres`): `1 day 02:00:00`,
    /// `3 days`, `-2 days -01:30:00`, `00:00:00.5`.
    public static func writeInterval(_ micros: Int64, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        let (days, time) = intervalParts(micros)
        var n = 0
        if days != 0 {
            n = writeInt(days, p)
            n += copy(days == 1 ? " day" : " days", p + n)
        }
        if days == 0 || time != 0 {
            if days != 0 { p[n] = UInt8(ascii: " "); n += 1 }
            if time < 0 { p[n] = UInt8(ascii: "-"); n += 1 }
            n += writeClock(time.magnitude, p + n)
        }
        return n
    }

    /// Formats any non-text value; text is not handled here (encoders escape it).
    public static func writeScalar(
        _ v: Value, timestampZone: StaticString?, separator: UInt8 = UInt8(ascii: " "), true t: StaticString = "true",
        false f: StaticString = "false", _ p: UnsafeMutablePointer<UInt8>
    ) -> Int {
        switch v {
        case .null, .text, .bytes, .bits, .array: return 0
        case .bool(let b): return copy(b ? t : f, p)
        case .int(let i): return writeInt(i, p)
        case .float(let d): return writeDouble(d, p)
        case .decimal(let u, let s): return writeDecimal(u, scale: s, p)
        case .date(let d): return writeDate(d, p)
        case .timestamp(let t): return writeTimestamp(t, zone: timestampZone, separator: separator, p)
        case .interval(let i): return writeInterval(i, p)
        case .time(let t): return writeTime(t, zone: timestampZone, p)
        case .uuid(let hi, let lo): return writeUUID(hi, lo, p)
        case .inet(let hi, let lo, let meta): return writeInet(hi, lo, meta, p)
        case .macaddr(let m): return writeMAC(m, p)
        }
    }
}
