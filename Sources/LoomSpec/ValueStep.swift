/// The grid a column's values fall on (`step:`): numbers are multiples of a step, dates and
/// timestamps start a whole day, hour, minute, second or month.
public enum ValueStep: Sendable, Hashable {
    /// Multiples of `units` × 10^-`digits` (5 is (5, 0), 0.25 is (25, 2)), kept as integers so a
    /// generated multiple prints as the step's own decimals.
    case number(units: Int64, digits: Int)
    /// Dates and timestamps: multiples of a duration in microseconds since 1970-01-01 00:00 UTC.
    case micros(Int64)
    /// Dates and timestamps: the first day of a month, at midnight.
    case month

    /// The step as a number (numbers) or in seconds (durations), nil for months.
    public var value: Double? {
        switch self {
        case .number(let u, let d): Double(u) / Self.pow10(d)
        case .micros(let m): Double(m) / Double(CivilTime.microsPerSecond)
        case .month: nil
        }
    }

    /// The spelling `loom profile` writes and `step:` reads: `5`, `0.25`, `1 day`, `15 minutes`, `1 month`.
    public var text: String {
        switch self {
        case .number(let u, let d):
            guard d > 0 else { return String(u) }
            var digits = String(u)
            if digits.count <= d { digits = String(repeating: "0", count: d - digits.count + 1) + digits }
            var text = String(digits.dropLast(d)) + "." + String(digits.suffix(d))
            while text.hasSuffix("0") { text.removeLast() }
            return text.hasSuffix(".") ? String(text.dropLast()) : text
        case .micros(let m):
            for (unit, size) in Self.units.reversed() where m % size == 0 {
                let n = m / size
                return "\(n) \(unit)\(n == 1 ? "" : "s")"
            }
            return "\(m) microseconds"
        case .month: return "1 month"
        }
    }

    static func pow10(_ digits: Int) -> Double {
        var p = 1.0
        for _ in 0..<digits { p *= 10 }
        return p
    }

    static let units: [(String, Int64)] = [
        ("second", CivilTime.microsPerSecond), ("minute", 60 * CivilTime.microsPerSecond),
        ("hour", 3600 * CivilTime.microsPerSecond), ("day", CivilTime.microsPerDay),
    ]

    /// Reads `5`, `0.25`, `1e3`, `day`, `1 day`, `15 minutes`, `month`; nil with the reason otherwise.
    public static func parse(_ raw: String) -> Result<ValueStep, StepProblem> {
        let s = raw.trimming(" ")
        if let first = s.first, first.isNumber || first == "." || first == "-" || first == "+", !s.contains(" ") {
            return number(s)
        }
        let parts = s.split(separator: " ", omittingEmptySubsequences: true)
        guard parts.count == 1 || parts.count == 2 else { return .failure(StepProblem("'\(raw)' is not a step")) }
        var count: Int64 = 1
        if parts.count == 2 {
            guard let n = Int64(parts[0]), n > 0 else {
                return .failure(StepProblem("the count of '\(raw)' must be a positive whole number"))
            }
            count = n
        }
        var unit = String(parts.last!).lowercased()
        if unit.hasSuffix("s") { unit.removeLast() }
        if unit == "month" {
            guard count == 1 else { return .failure(StepProblem("months step by 1 only ('1 month')")) }
            return .success(.month)
        }
        guard let size = units.first(where: { $0.0 == unit })?.1 else {
            return .failure(StepProblem("unknown unit in '\(raw)'; use second, minute, hour, day or month"))
        }
        guard count <= 36_500 * CivilTime.microsPerDay / size else { return .failure(StepProblem("'\(raw)' is longer than 100 years")) }
        return .success(.micros(count * size))
    }

    private static func number(_ s: String) -> Result<ValueStep, StepProblem> {
        guard let d = Double(s), d.isFinite, d > 0 else { return .failure(StepProblem("a step must be a positive number, found '\(s)'")) }
        guard d <= 1e15 else { return .failure(StepProblem("a step must be at most 1e15, found '\(s)'")) }
        for digits in 0...15 {
            let scaled = d * Self.pow10(digits)
            if scaled >= 9e15 { break }
            let units = scaled.rounded()
            if abs(scaled - units) <= 1e-9 * Swift.max(1, scaled), units >= 1 {
                return .success(.number(units: Int64(units), digits: digits))
            }
        }
        return .failure(StepProblem("a step takes at most 15 decimals, found '\(s)'"))
    }
}

/// Why a `step:` value was refused.
public struct StepProblem: Error, Sendable {
    public let message: String
    init(_ message: String) { self.message = message }
}

extension ValueStep {
    /// Why column `c` cannot take this step (its type, its uniqueness, a clamp without a
    /// multiple), nil when it can.
    public func whyNot(_ c: ColumnSpec) -> String? {
        if c.unique || c.primaryKey { return "a unique column takes no step (stepped values repeat)" }
        if case .reference = c.source { return "a reference takes its parent's keys and no step" }
        switch (self, c.type.kind) {
        case (.number(let units, let digits), .int):
            if digits > 0 { return "an integer column takes a whole-number step, found \(text)" }
            if let r = c.type.integerRange, units > r.upperBound { return "step \(text) is larger than the type's range" }
        case (.number(_, let digits), .decimal):
            if let scale = c.type.decimalScale, digits > scale {
                return "step \(text) is finer than the column's \(scale) decimal\(scale == 1 ? "" : "s")"
            }
        case (.number, .float): break
        case (.micros(let m), .date):
            if m % CivilTime.microsPerDay != 0 { return "a date column takes a step of whole days or 1 month, found \(text)" }
            return nil
        case (.micros, .timestamp), (.month, .date), (.month, .timestamp): return nil
        case (.number, .date), (.number, .timestamp):
            return "a \(c.type.kind) column takes a step of whole days, hours, minutes or seconds or 1 month (e.g. '1 day'), found \(text)"
        case (.micros, .int), (.micros, .decimal), (.micros, .float), (.month, .int), (.month, .decimal), (.month, .float):
            return "a number column takes a number step (e.g. 5 or 0.25), found \(text)"
        default:
            return "only number, date and timestamp columns take a step, not \(c.type.kind)"
        }
        if let clamp = c.clamp, let s = value, (clamp.upperBound / s + 1e-9).rounded(.down) < (clamp.lowerBound / s - 1e-9).rounded(.up) {
            return "clamp [\(clamp.lowerBound), \(clamp.upperBound)] holds no multiple of step \(text)"
        }
        return nil
    }
}
