/// Calendar arithmetic on the proleptic Gregorian calendar, in UTC, without Foundation.
///
/// Days count from 1970-01-01; timestamps are microseconds since 1970-01-01 00:00:00 UTC.
public enum CivilTime {
    public static let microsPerSecond: Int64 = 1_000_000
    public static let microsPerDay: Int64 = 86_400_000_000

    /// Days since 1970-01-01 for a calendar date (Hinnant's days_from_civil).
    public static func days(year: Int, month: Int, day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let m = Int64(month)
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The calendar date of a day count (Hinnant's civil_from_days).
    @inline(__always)
    public static func civil(fromDays z0: Int64) -> (year: Int, month: Int, day: Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (Int(m <= 2 ? y + 1 : y), Int(m), Int(d))
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Parses `YYYY-MM-DD` into days since the epoch.
    public static func parseDate(_ s: String) -> Int64? {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]),
              (1...12).contains(m), d >= 1, d <= daysInMonth(year: y, month: m) else { return nil }
        return days(year: y, month: m, day: d)
    }

    /// Parses `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` or ISO 8601 with `T` and an optional `Z`
    /// into microseconds since the epoch (UTC).
    public static func parseTimestamp(_ raw: String) -> Int64? {
        var s = Substring(raw.trimming(" "))
        if s.hasSuffix("Z") { s = s.dropLast() } else if s.hasSuffix("+00:00") { s = s.dropLast(6) } else if s.hasSuffix("+00") { s = s.dropLast(3) }
        let split = s.firstIndex(where: { $0 == "T" || $0 == " " })
        let datePart = split.map { s[..<$0] } ?? s
        guard let days = parseDate(String(datePart)) else { return nil }
        var micros = days * microsPerDay
        if let split {
            let time = s[s.index(after: split)...].split(separator: ":", omittingEmptySubsequences: false)
            guard (2...3).contains(time.count), time[0].count == 2, time[1].count == 2,
                  let h = Int(time[0]), let mi = Int(time[1]), h < 24, mi < 60 else { return nil }
            var sec = 0.0
            if time.count == 3 {
                guard let v = Double(time[2]), v >= 0, v < 60, time[2].first?.isNumber == true else { return nil }
                sec = v
            }
            micros += Int64(h) * 3_600_000_000 + Int64(mi) * 60_000_000 + Int64((sec * 1e6).rounded())
        }
        return micros
    }
}

extension String {
    func trimming(_ set: Character) -> String {
        var s = Substring(self)
        while s.first == set { s = s.dropFirst() }
        while s.last == set { s = s.dropLast() }
        return String(s)
    }
}
