import Foundation
import LoomSpec

extension GeneratorChooser {
    /// `LIKE` patterns on text: an e-mail generator where the pattern asks only for an e-mail's
    /// punctuation (`'%@%.%'`), else a pattern with the LIKE's literal parts and letters for its
    /// wildcards (`'INV-%'` → `INV-[a-z]{4}`).
    static func byLike(_ c: Context) -> Choice? {
        let likes = c.rules.compactMap { r -> String? in if case .like(_, let p) = r { p } else { nil } }
        guard likes.count == 1, let like = likes.first, c.sql.kind == .text, c.type.enumeration == nil else { return nil }
        let rule = c.rules.first { if case .like = $0 { true } else { false } }!
        if c.semantic == .email, like.allSatisfy({ "%_@.".contains($0) }), var choice = c.keyed ? uniqueText(c) : byName(c),
            choice.gen?.contains("email") == true || choice.gen?.contains("@example.com") == true
        {
            choice.honoured.append(rule)
            return choice
        }
        let wildcards = like.filter { $0 == "%" }.count, singles = like.filter { $0 == "_" }.count
        for filler in c.keyed ? [8, 4, 1] : [4, 1] {
            guard let (pattern, length) = patternOf(like: like, filler: filler), length <= (maxLength(c) ?? 1000) else { continue }
            var choice = Choice(gen: "{ pattern: \(Fmt.str(pattern)) }")
            choice.honoured = [rule]
            choice.keyable = pow(26, Double(wildcards * filler + singles)) >= Double(c.rows)
            return choice
        }
        return nil
    }

    /// A Loom pattern matching a LIKE pattern, and the length of its values; nil for an escape
    /// the conversion does not read.
    static func patternOf(like: String, filler: Int) -> (String, Int)? {
        var out = "", length = 0
        for ch in like {
            switch ch {
            case "%":
                out += "[a-z]{\(filler)}"
                length += filler
            case "_":
                out += "[a-z]"
                length += 1
            case "\\": return nil
            case "[", "]", "{", "}", "?":
                out += "\\\(ch)"
                length += 1
            default:
                out.append(ch)
                length += 1
            }
        }
        return (out, length)
    }
}

extension GeneratorChooser {
    /// `x ~ '^[A-Z]{3}-\d{4}$'`: the regular expression as a pattern, when it uses only what
    /// patterns have (classes, `\d`, `\w`, counts, `?`, escaped literals); letters follow when
    /// the end is not anchored.
    static func byRegex(_ c: Context) -> Choice? {
        let regexes = c.rules.compactMap { r -> String? in if case .regex(_, let p) = r { p } else { nil } }
        guard regexes.count == 1, var core = regexes.first, c.sql.kind == .text, c.type.enumeration == nil else { return nil }
        let rule = c.rules.first { if case .regex = $0 { true } else { false } }!
        if core.hasPrefix("^") { core.removeFirst() }
        let anchored = core.hasSuffix("$") && !core.hasSuffix("\\$")
        if anchored { core.removeLast() }
        guard let pattern = patternOf(regex: core) else { return nil }
        let full = anchored ? pattern : pattern + "[a-z]{3,10}"
        guard (try? Pattern(parsing: full)) != nil else { return nil }
        var choice = Choice(gen: "{ pattern: \(Fmt.str(full)) }")
        choice.honoured = [rule]
        choice.keyable = anchored && ((try? Pattern(parsing: full))?.domainSize ?? 0) >= UInt64(c.rows)
        return choice
    }

    /// The pattern a regular expression's body means, nil when it uses alternation, groups,
    /// wildcards, open counts, negated classes or escapes patterns lack.
    static func patternOf(regex: String) -> String? {
        var out = ""
        var chars = Array(regex)[...]
        while let ch = chars.popFirst() {
            switch ch {
            case "\\":
                guard let e = chars.popFirst(), !"sSDWbBntrfv0123456789".contains(e) else { return nil }
                out += "\\\(e)"
            case "[":
                guard chars.first != "^", let close = chars.firstIndex(of: "]") else { return nil }
                let body = chars[chars.startIndex..<close]
                guard !body.contains("\\"), !body.contains("[") else { return nil }
                out += "[" + String(body) + "]"
                chars = chars[(close + 1)...]
            case "{":
                guard let close = chars.firstIndex(of: "}") else { return nil }
                let body = String(chars[chars.startIndex..<close])
                guard !body.hasSuffix(","), body.allSatisfy({ $0.isNumber || $0 == "," }) else { return nil }
                out += "{" + body + "}"
                chars = chars[(close + 1)...]
            case ".", "*", "+", "|", "(", ")", "^", "$": return nil
            default: out.append(ch)
            }
        }
        return out
    }
}
