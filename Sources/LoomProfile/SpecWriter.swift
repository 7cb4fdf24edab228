import Foundation
import LoomSpec

/// Writes profiled tables as spec text: a header of comments (what was protected, what was
/// left out), the tables with their columns, optional `correlate:` mappings and the
/// `expectations` section.
public enum SpecWriter {
    public static func write(dataset: String, seed: UInt64, tables: [ProfiledTable], header: [String], correlations: Bool) -> String {
        var out = header.map { $0.isEmpty ? "#" : "# " + $0 }.joined(separator: "\n") + "\n"
        out += "dataset: \(Fmt.key(dataset))\nseed: \(seed)\ntables:\n"
        for t in tables {
            out += "  \(Fmt.key(t.name)):\n"
            if let p = t.perParent {
                out += "    per_parent: { \(Fmt.key(p.parent)): \(p.count) }\n"
            } else {
                out += "    rows: \(t.rows)\n"
            }
            if let b = t.balance { out += "    balance: \(b)\n" }
            out += "    columns:\n"
            for c in t.columns { out += "      \(Fmt.key(c.name)): \(columnText(c))\n" }
            if let a = t.avoidCopies { out += "    avoid_copies: \(avoidCopiesText(a))\n" }
            if correlations, !t.correlations.isEmpty { out += "    correlate: \(correlateText(t.correlations, indent: "    "))\n" }
        }
        let expectations = tables.flatMap { t in t.columns.compactMap { c in c.expectation.map { (t.name + "." + c.name, $0) } } }
        if !expectations.isEmpty {
            out += "expectations:\n"
            for (k, e) in expectations { out += "  \(Fmt.key(k).contains("\"") ? Fmt.str(k) : k): \(e)\n" }
        }
        return out
    }

    /// The value of `avoid_copies:`: the compared columns, the number of source rows and the bitmap (base64).
    static func avoidCopiesText(_ a: AvoidCopies) -> String {
        "{ columns: [\(a.columns.map(Fmt.key).joined(separator: ", "))], source_rows: \(a.sourceRows), filter: \"\(Data(a.filter).base64EncodedString())\" }"
    }

    /// The value of `correlate:`, a pair a line under a key indented by `indent`.
    static func correlateText(_ pairs: [(a: String, b: String, r: Double)], indent: String) -> String {
        "{\n"
            + pairs.map { "\(indent)  \(pairText($0))" }.joined(separator: ",\n")
            + "\n\(indent)}"
    }

    /// One pair of `correlate:`: `[a, b]: 0.42`.
    static func pairText(_ p: (a: String, b: String, r: Double)) -> String {
        "[\(Fmt.key(p.a)), \(Fmt.key(p.b))]: \(Fmt.num(p.r, digits: 3))"
    }

    /// A column's mapping as YAML flow text: `{ type: "integer", gen: …, null_rate: 0.1 }`.
    static func columnText(_ c: ProfiledColumn) -> String {
        var fields: [String] = []
        if let ref = c.ref {
            let parts = ref.split(separator: ".", maxSplits: 1).map(String.init)
            fields.append("ref: \(Fmt.str(parts.joined(separator: ".")))")
            if let pick = c.pick { fields.append("pick: \(pick)") }
        } else if let expr = c.expr {
            fields.append("type: \(Fmt.str(c.type))")
            fields.append("expr: \(Fmt.str(expr))")
        } else {
            fields.append("type: \(Fmt.str(c.type))")
            fields.append("gen: \(c.gen ?? "{ constant: null }")")
        }
        if c.primaryKey { fields.append("primary_key: true") }
        if c.unique { fields.append("unique: true") }
        if let r = c.clamp { fields.append("clamp: [\(Fmt.num(r.lowerBound)), \(Fmt.num(r.upperBound))]") }
        if let s = c.step { fields.append("step: \(s.text)") }
        if c.nullRate > 0 { fields.append("null_rate: \(Fmt.num(c.nullRate, digits: 5))") }
        return "{ \(fields.joined(separator: ", ")) }"
    }
}
