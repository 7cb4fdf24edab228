import LoomGen
import LoomSpec

/// The text a categorical value is counted under, the same for a generated value and for a
/// spec literal: text as is, booleans as `true`/`false`, numbers in their shortest decimal form.
public enum CategoryKey {
    public static func of(_ v: Value) -> String? {
        switch v {
        case .null: return nil
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d): return String(d)
        case .decimal(let u, let s): return decimal(u, s)
        case .text(let t): return String(decoding: t, as: UTF8.self)
        case .date(let d): return String(d)
        case .timestamp(let t): return String(t)
        case .interval(let i): return String(i)
        case .time(let t): return String(t)
        case .uuid, .inet, .macaddr, .bytes, .array: return nil
        case .bits(let t): return String(decoding: t, as: UTF8.self)
        }
    }

    public static func of(_ l: Literal) -> String {
        switch l {
        case .bool(let b): return b ? "true" : "false"
        case .int(let i): return String(i)
        case .float(let d): return String(d)
        case .decimal(let u, let s): return decimal(u, s)
        case .text(let t): return t
        case .date(let d): return String(d)
        case .timestamp(let t): return String(t)
        case .interval(let i), .time(let i): return String(i)
        default: return l.description
        }
    }

    /// Category keys by the number they spell (the first in sorted order where two spell the
    /// same number), so a numeric value counts under its target's spelling: 22.0 under "22",
    /// PostgreSQL's `12.50` under "12.5".
    public static func byNumber(_ keys: some Sequence<String>) -> [Double: String] {
        var out: [Double: String] = [:]
        for k in keys.sorted() { if let x = Double(k), out[x] == nil { out[x] = k } }
        return out
    }

    static func decimal(_ unscaled: Int64, _ scale: Int) -> String {
        guard scale > 0 else { return String(unscaled) }
        let digits = String(unscaled.magnitude)
        let padded = String(repeating: "0", count: max(0, scale + 1 - digits.count)) + digits
        let cut = padded.index(padded.endIndex, offsetBy: -scale)
        return (unscaled < 0 ? "-" : "") + padded[..<cut] + "." + padded[cut...]
    }
}
