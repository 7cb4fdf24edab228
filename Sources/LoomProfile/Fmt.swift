import Foundation
import LoomSpec

/// Formatting of numbers, strings and times for the spec text.
enum Fmt {
    /// A number with up to `digits` significant digits, integers without a fraction.
    static func num(_ x: Double, digits: Int = 10) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(format: "%.0f", x) }
        var s = String(format: "%.\(digits)g", x)
        if s.contains("e") { s = "\(x)" }
        return s
    }

    /// The shortest text that reads back as exactly `x`.
    static func exact(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(format: "%.0f", x) }
        return "\(x)"
    }

    /// A YAML double-quoted string.
    static func str(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if u.value < 0x20 || u.value == 0x7F { out += String(format: "\\x%02X", u.value) } else { out.unicodeScalars.append(u) }
            }
        }
        return out + "\""
    }

    /// A mapping key: plain when safe, quoted otherwise.
    static func key(_ s: String) -> String {
        let plain =
            s.first.map { $0.isLetter || $0 == "_" } == true && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        let reserved = ["yes", "no", "y", "n", "on", "off", "true", "false", "null"].contains(s.lowercased())
        return plain && !reserved ? s : str(s)
    }

    /// Days since 1970-01-01 as `YYYY-MM-DD`.
    static func date(_ days: Double) -> String {
        let c = CivilTime.civil(fromDays: Int64(days.rounded(.down)))
        return String(format: "%04d-%02d-%02d", c.year, c.month, c.day)
    }

    /// Seconds since 1970-01-01 as `YYYY-MM-DDTHH:MM:SSZ`.
    static func timestamp(_ seconds: Double) -> String {
        let s = Int64(seconds.rounded(.down))
        let days = s >= 0 ? s / 86_400 : (s - 86_399) / 86_400
        let rest = s - days * 86_400
        return date(Double(days)) + String(format: "T%02d:%02d:%02dZ", rest / 3600, (rest / 60) % 60, rest % 60)
    }

    /// `x` with exactly `digits` digits after the point (none for 0).
    static func fixed(_ x: Double, _ digits: Int) -> String {
        digits <= 0 ? String(format: "%.0f", x.rounded()) : String(format: "%.\(digits)f", x)
    }

    /// A scalar inside a YAML flow list: plain when it reads back as the same text, quoted
    /// otherwise.
    static func flowItem(_ s: String) -> String {
        let plain =
            !s.isEmpty && s.first != "-" && s.first != "." && s.last != " "
            && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "_-. ".contains($0)) }
        let reserved = ["yes", "no", "y", "n", "on", "off", "true", "false", "null", "~"].contains(s.lowercased())
        return plain && !reserved ? s : str(s)
    }

    /// A column name as an expression may name it, nil when it must be quoted.
    static func identifier(_ s: String) -> String? {
        let ok =
            s.first.map { $0.isLetter || $0 == "_" } == true && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
        return ok ? s : nil
    }

    /// `1 category`, `3 categories`.
    static func count(_ n: Int, _ one: String, _ many: String) -> String { "\(n) \(n == 1 ? one : many)" }
}
