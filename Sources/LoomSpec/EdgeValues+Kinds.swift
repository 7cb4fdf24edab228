extension EdgeValues {
    static func integers(_ b: (lo: Double?, hi: Double?), type: (Int64, Int64)) -> [Case] {
        let lo = b.lo.map { max(Int64(exactly: $0.rounded(.up)) ?? type.0, type.0) } ?? type.0
        let hi = b.hi.map { min(Int64(exactly: $0.rounded(.down)) ?? type.1, type.1) } ?? type.1
        guard lo <= hi else { return [] }
        var out = [Case(value: .int(lo), label: lo == type.0 ? "type minimum \(lo)" : "lowest \(lo)")]
        if hi != lo { out.append(Case(value: .int(hi), label: hi == type.1 ? "type maximum \(hi)" : "highest \(hi)")) }
        if lo < 0, hi > 0 { out.append(Case(value: .int(0), label: "0")) }
        return out
    }

    static func floats(_ b: (lo: Double?, hi: Double?), smallest: Double) -> [Case] {
        var out: [Case] = []
        out.append(b.lo.map { Case(value: .float($0), label: "lowest \($0)") } ?? Case(value: .float(-.infinity), label: "-Infinity"))
        out.append(b.hi.map { Case(value: .float($0), label: "highest \($0)") } ?? Case(value: .float(.infinity), label: "Infinity"))
        if b.lo == nil, b.hi == nil { out.append(Case(value: .float(.nan), label: "NaN")) }
        if (b.lo ?? -1) < smallest, (b.hi ?? 1) >= smallest {
            out.append(Case(value: .float(smallest), label: "smallest positive \(smallest)"))
        }
        return out
    }

    static func decimals(_ b: (lo: Double?, hi: Double?), precision: Int, scale: Int) -> [Case] {
        let digits = min(precision, 18)
        var top: Int64 = 1
        for _ in 0..<digits { top *= 10 }
        top -= 1
        let unit = pow10(scale)
        let lo = b.lo.map { max(Int64(($0 * unit).rounded(.up)), -top) } ?? -top
        let hi = b.hi.map { min(Int64(($0 * unit).rounded(.down)), top) } ?? top
        guard lo <= hi else { return [] }
        func text(_ u: Int64) -> String {
            guard scale > 0 else { return "\(u)" }
            let digits = String(u.magnitude)
            let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
            return (u < 0 ? "-" : "") + padded.dropLast(scale) + "." + padded.suffix(scale)
        }
        var out = [Case(value: .decimal(unscaled: lo, scale: scale), label: lo == -top ? "type minimum \(text(lo))" : "lowest \(text(lo))")]
        if hi != lo {
            out.append(
                Case(value: .decimal(unscaled: hi, scale: scale), label: hi == top ? "type maximum \(text(hi))" : "highest \(text(hi))"))
        }
        if scale > 0, lo < 1, hi >= 1 { out.append(Case(value: .decimal(unscaled: 1, scale: scale), label: "smallest step \(text(1))")) }
        return out
    }

    /// Hard strings for free text: each fits the column (values are cut to its length anyway).
    static let unicode: [(String, String)] = [
        ("Zoe\u{0308} Cafe\u{0301} n\u{0303}", "combining marks"),
        ("שלום עולם — مرحبا بالعالم", "right-to-left"),
        ("👩‍💻 🎉 🇯🇵 👍🏽", "emoji"),
        ("tab\there\u{07}bell\u{1B}esc\r\nline", "control characters"),
        ("  leading and trailing  ", "outer spaces"),
        ("O'Brien \"quoted\" \\ back; --", "quotes and backslashes"),
    ]

    static func texts(length n: Int?) -> [Case] {
        var out = [Case(value: .text(""), label: "empty string")]
        let full = min(n ?? 1000, 10_000)
        let filler = "Loom edge case · "
        var s = ""
        s.reserveCapacity(full)
        while s.count < full { s += filler }
        out.append(Case(value: .text(String(s.prefix(full))), label: n == nil ? "1000 characters" : "exactly \(full) characters"))
        out += unicode.map { Case(value: .text($0.0), label: $0.1) }
        return out
    }

    /// 0001-01-01 and 9999-12-31 where the generator has no bounds.
    static let farPast = CivilTime.days(year: 1, month: 1, day: 1)
    static let farFuture = CivilTime.days(year: 9999, month: 12, day: 31)

    static func dates(_ b: (lo: Double?, hi: Double?)) -> [Case] {
        let lo = b.lo.map { Int64($0.rounded(.up)) } ?? farPast
        let hi = b.hi.map { Int64($0.rounded(.down)) } ?? farFuture
        guard lo <= hi else { return [] }
        var out = [Case(value: .date(lo), label: b.lo == nil ? "far past" : "first day")]
        if hi != lo { out.append(Case(value: .date(hi), label: b.hi == nil ? "far future" : "last day")) }
        if let leap = leapDay(from: lo, to: hi) { out.append(Case(value: .date(leap), label: "leap day")) }
        return out
    }

    static func timestamps(_ b: (lo: Double?, hi: Double?)) -> [Case] {
        let day = CivilTime.microsPerDay
        let lo = b.lo.map { Int64($0.rounded(.up)) } ?? farPast * day
        let hi = b.hi.map { Int64($0.rounded(.down)) } ?? farFuture * day + day - CivilTime.microsPerSecond
        guard lo <= hi else { return [] }
        var out = [Case(value: .timestamp(lo), label: b.lo == nil ? "far past" : "earliest")]
        if hi != lo { out.append(Case(value: .timestamp(hi), label: b.hi == nil ? "far future" : "latest")) }
        let firstDay = lo >= 0 ? lo / day : -((-lo + day - 1) / day)
        if let leap = leapDay(from: firstDay, to: hi / day), leap * day + day / 2 >= lo, leap * day + day / 2 <= hi {
            out.append(Case(value: .timestamp(leap * day + day / 2), label: "leap day"))
        }
        let lastSecond = (firstDay + 1) * day - CivilTime.microsPerSecond
        if lastSecond > lo, lastSecond < hi { out.append(Case(value: .timestamp(lastSecond), label: "last second of a day")) }
        return out
    }

    /// The first 29 February in [lo, hi] (days), if any.
    static func leapDay(from lo: Int64, to hi: Int64) -> Int64? {
        var year = CivilTime.civil(fromDays: lo).year
        for _ in 0..<9 {
            if CivilTime.daysInMonth(year: year, month: 2) == 29 {
                let d = CivilTime.days(year: year, month: 2, day: 29)
                if d > hi { return nil }
                if d >= lo { return d }
            }
            year += 1
        }
        return nil
    }
}
