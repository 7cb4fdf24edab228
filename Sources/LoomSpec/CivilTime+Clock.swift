extension CivilTime {
    /// Parses a time of day `HH:MM[:SS[.ffffff]]` (`24:00:00` allowed, as in PostgreSQL) into
    /// microseconds since midnight.
    public static func parseTimeOfDay(_ raw: String) -> Int64? {
        guard let t = parseClock(Substring(raw.trimming(" "))), t <= microsPerDay else { return nil }
        return t
    }

    /// `H:MM[:SS[.ffffff]]` as microseconds; hours may exceed 23.
    static func parseClock(_ s: Substring) -> Int64? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard (2...3).contains(parts.count), let h = Int64(parts[0]), h >= 0, parts[1].count == 2, let m = Int64(parts[1]), m < 60
        else { return nil }
        var micros = h * 3_600_000_000 + m * 60_000_000
        if parts.count == 3 {
            guard parts[2].first?.isNumber == true, let sec = Double(parts[2]), sec >= 0, sec < 60 else { return nil }
            micros += Int64((sec * 1e6).rounded())
        }
        return micros
    }

    /// Microseconds in one unit of an interval (`hour`, `days`, `min`, ...); nil for unknown
    /// units and for months and years, whose length varies.
    static func intervalUnit(_ u: Substring) -> Int64? {
        switch u.lowercased() {
        case "us", "usec", "usecs", "microsecond", "microseconds": 1
        case "ms", "msec", "msecs", "millisecond", "milliseconds": 1000
        case "s", "sec", "secs", "second", "seconds": 1_000_000
        case "m", "min", "mins", "minute", "minutes": 60_000_000
        case "h", "hr", "hrs", "hour", "hours": 3_600_000_000
        case "d", "day", "days": microsPerDay
        case "w", "week", "weeks": 7 * microsPerDay
        default: nil
        }
    }

    /// Parses an interval into microseconds: a number of seconds (`90`), a clock (`01:30:00`),
    /// or amounts with units (`1 hour`, `30 days`, `2 days 04:00:00`, `-15 min`).
    public static func parseInterval(_ raw: String) -> Int64? {
        let s = raw.trimming(" ")
        if let secs = Double(s), secs.isFinite, abs(secs) < 9e12 { return Int64((secs * 1e6).rounded()) }
        let tokens = s.split(separator: " ")
        guard !tokens.isEmpty else { return nil }
        var total: Int64 = 0
        var i = 0
        while i < tokens.count {
            var t = tokens[i]
            let negative = t.hasPrefix("-")
            if negative || t.hasPrefix("+") { t = t.dropFirst() }
            var amount: Int64
            if t.contains(":") {
                guard let c = parseClock(t) else { return nil }
                amount = c
                i += 1
            } else {
                guard i + 1 < tokens.count, let n = Double(t), n.isFinite, let unit = intervalUnit(tokens[i + 1]) else { return nil }
                let v = n * Double(unit)
                guard abs(v) < 9e18 else { return nil }
                amount = Int64(v.rounded())
                i += 2
            }
            let (sum, overflow) = total.addingReportingOverflow(negative ? -amount : amount)
            guard !overflow else { return nil }
            total = sum
        }
        return total
    }
}
