import Foundation

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
