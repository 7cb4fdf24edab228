import Foundation

/// Recognises what a high-cardinality text column holds, from its name and the shape of its
/// values, and names the generator that makes values of the same kind. It never returns the
/// values themselves: patterns keep only character classes, lengths and punctuation.
public enum SemanticDetector {
    /// What a column holds.
    public enum Kind: Equatable, Sendable {
        case email
        case uuid
        case firstName
        case lastName
        case city
        case streetAddress
        case company
        /// Phone numbers, with the pattern of their most common shape.
        case phone(pattern: String)
        /// Codes sharing one shape, e.g. `[A-Z]{3}-[0-9]{4}`.
        case code(pattern: String)
        /// Short text of a few words.
        case words(min: Int, max: Int)
        /// Free text: sentences.
        case sentence(min: Int, max: Int)

        /// The generator of values of this kind that reads no other column, as the body of a
        /// flow mapping (`pattern: "[A-Z]{3}"`, `dict: first_names`); nil for kinds written
        /// otherwise (email, uuid, street address, sentences).
        public var plainGenerator: String? {
            switch self {
            case .code(let p), .phone(let p): "pattern: \(Fmt.str(p))"
            case .city: "dict: { name: cities, field: city }"
            case .firstName: "dict: first_names"
            case .lastName: "dict: last_names"
            case .company: "dict: companies"
            case .words(let lo, let hi): "words: [\(lo), \(hi)]"
            case .email, .uuid, .streetAddress, .sentence: nil
            }
        }

        public var label: String {
            switch self {
            case .email: "email"
            case .uuid: "uuid"
            case .firstName: "first name"
            case .lastName: "last name"
            case .city: "city"
            case .streetAddress: "street address"
            case .company: "company"
            case .phone: "phone"
            case .code: "code pattern"
            case .words: "words"
            case .sentence: "free text"
            }
        }
    }

    /// Share of values that must match a shape for it to be chosen.
    static let agreement = 0.9

    /// Detects the kind of text in `values` (non-NULL, possibly a sample) of column `name`.
    public static func detect(column name: String, values: [String]) -> Kind {
        let lname = name.lowercased()
        let n = Double(max(values.count, 1))
        func share(_ test: (String) -> Bool) -> Double { Double(values.filter(test).count) / n }

        if share(isUUID) >= agreement { return .uuid }
        if share(isEmail) >= agreement { return .email }
        if share(isPhone) >= agreement
            || (lname.contains("phone") || lname.contains("tel") || lname.contains("mobile")) && share(isPhone) >= 0.5
        {
            return .phone(pattern: dominantShape(values.filter(isPhone)) ?? "\\d{3}-\\d{3}-\\d{4}")
        }
        let nameLike = share(isCapitalisedName) >= agreement
        let compact = lname.replacingOccurrences(of: "_", with: "")
        if nameLike {
            if compact.contains("firstname") || compact.contains("givenname") || compact == "first" || compact == "forename" {
                return .firstName
            }
            if compact.contains("lastname") || compact.contains("surname") || compact.contains("familyname") || compact == "last" {
                return .lastName
            }
            if lname.contains("city") || lname.contains("town") { return .city }
        }
        if lname.contains("address") || lname.contains("street") { return .streetAddress }
        if lname.contains("company") || lname.contains("employer") || lname.contains("organization") || lname.contains("organisation") {
            return .company
        }
        if nameLike && (lname == "name" || lname.hasSuffix("_name")) { return .firstName }
        if let shape = dominantShape(values) ?? rangedShape(values) ?? identifierShape(values), !shape.contains(" ") {
            return .code(pattern: shape)
        }
        let counts = values.map { $0.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).count }.sorted()
        guard !counts.isEmpty else { return .words(min: 1, max: 3) }
        // Word counts from the 5th to the 95th percentile: no single record's length is kept.
        let lo = max(1, counts[counts.count / 20]), hi = max(lo, counts[(counts.count * 19) / 20])
        let median = counts[counts.count / 2]
        if median >= 4 || hi > 6 { return .sentence(min: lo, max: min(hi, 1000)) }
        return .words(min: lo, max: min(hi, 1000))
    }

    static func isUUID(_ s: String) -> Bool {
        let u = Array(s.utf8)
        guard u.count == 36 else { return false }
        for (i, c) in u.enumerated() {
            if [8, 13, 18, 23].contains(i) {
                if c != UInt8(ascii: "-") { return false }
            } else if !((48...57).contains(c) || (97...102).contains(c) || (65...70).contains(c)) {
                return false
            }
        }
        return true
    }

    static func isEmail(_ s: String) -> Bool {
        let parts = s.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !s.contains(" ") else { return false }
        let domain = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return domain.count >= 2 && domain.allSatisfy { !$0.isEmpty }
    }

    static func isPhone(_ s: String) -> Bool {
        let digits = s.filter(\.isNumber).count
        guard (7...15).contains(digits) else { return false }
        return s.allSatisfy { $0.isNumber || " +-().".contains($0) } && s.contains(where: { " +-().".contains($0) })
    }

    static func isCapitalisedName(_ s: String) -> Bool {
        guard let first = s.first, first.isUppercase, s.count >= 2, s.count <= 30 else { return false }
        let rest = s.dropFirst()
        return rest.allSatisfy { $0.isLetter || $0 == "-" || $0 == "'" } && rest.filter(\.isUppercase).count <= 1
    }

    /// The shape of one value: runs of upper-case letters, lower-case letters and digits as
    /// classes with their lengths, other characters literal (escaped where the pattern language
    /// needs it). `AB-12` → `[A-Z]{2}-[0-9]{2}`.
    public static func shape(_ s: String) -> String {
        var out = ""
        var run: (cls: String, count: Int)? = nil
        func flush() {
            if let r = run { out += r.count == 1 ? r.cls : "\(r.cls){\(r.count)}" }
            run = nil
        }
        for ch in s {
            let cls: String?
            if ch.isNumber && ch.isASCII {
                cls = "[0-9]"
            } else if ch.isLetter {
                cls = ch.isUppercase ? "[A-Z]" : "[a-z]"
            } else {
                cls = nil
            }
            if let cls {
                if run?.cls == cls { run!.count += 1 } else { flush(); run = (cls, 1) }
            } else {
                flush()
                out += "[]{}?\\".contains(ch) ? "\\\(ch)" : String(ch)
            }
        }
        flush()
        return out
    }

    /// The shape shared by at least 90% of values, if there is one.
    public static func dominantShape(_ values: [String]) -> String? {
        guard !values.isEmpty else { return nil }
        var counts: [String: Int] = [:]
        for v in values { counts[shape(v), default: 0] += 1 }
        guard let best = counts.max(by: { $0.value != $1.value ? $0.value < $1.value : $0.key > $1.key }) else { return nil }
        return Double(best.value) >= agreement * Double(values.count) ? best.key : nil
    }

    /// One value as runs of a class (`[A-Z]`, `[a-z]`, `[0-9]`) or a literal character, with
    /// the length of each class run.
    static func runs(_ s: String) -> [(token: String, length: Int)] {
        var out: [(token: String, length: Int)] = []
        for ch in s {
            let cls: String? = ch.isNumber && ch.isASCII ? "[0-9]" : ch.isLetter ? (ch.isUppercase ? "[A-Z]" : "[a-z]") : nil
            if let cls, let last = out.last, last.token == cls {
                out[out.count - 1].length += 1
            } else if let cls {
                out.append((cls, 1))
            } else {
                out.append(("[]{}?\\".contains(ch) ? "\\\(ch)" : String(ch), 0))
            }
        }
        return out
    }

    /// The shape shared by at least 90% of values once run lengths may vary: each run gets the
    /// range of lengths seen, `AB-123-X` and `CD-4567-Y` → `[A-Z]{2}-[0-9]{3,4}-[A-Z]`.
    public static func rangedShape(_ values: [String]) -> String? {
        guard !values.isEmpty else { return nil }
        var groups: [String: (count: Int, lo: [Int], hi: [Int])] = [:]
        for v in values {
            let r = runs(v)
            let key = r.map(\.token).joined(separator: "\u{0}")
            if var g = groups[key] {
                g.count += 1
                for i in r.indices {
                    g.lo[i] = min(g.lo[i], r[i].length)
                    g.hi[i] = max(g.hi[i], r[i].length)
                }
                groups[key] = g
            } else {
                groups[key] = (1, r.map(\.length), r.map(\.length))
            }
        }
        guard let (key, g) = groups.max(by: { $0.value.count != $1.value.count ? $0.value.count < $1.value.count : $0.key > $1.key }),
            Double(g.count) >= agreement * Double(values.count), !key.isEmpty
        else { return nil }
        let tokens = key.split(separator: "\u{0}", omittingEmptySubsequences: false).map(String.init)
        return tokens.indices.map { i in
            guard tokens[i].hasPrefix("["), !tokens[i].hasPrefix("\\") else { return tokens[i] }
            let (lo, hi) = (g.lo[i], g.hi[i])
            return lo == hi ? (lo == 1 ? tokens[i] : "\(tokens[i]){\(lo)}") : "\(tokens[i]){\(lo),\(hi)}"
        }.joined()
    }

    /// Identifiers that mix letters and digits freely (`K7Q22`, `x9-a1b`): the classes they use,
    /// at the lengths from the 5th to the 95th percentile, when at least 90% of values are such
    /// words without spaces and most hold both a letter and a digit.
    public static func identifierShape(_ values: [String]) -> String? {
        let ids = values.filter { v in
            !v.isEmpty && v.count <= 40 && v.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) }
        }
        guard !values.isEmpty, Double(ids.count) >= agreement * Double(values.count) else { return nil }
        let mixed = ids.filter { $0.contains(where: \.isLetter) && $0.contains(where: \.isNumber) }
        guard Double(mixed.count) >= 0.5 * Double(ids.count) else { return nil }
        var classes = ""
        if ids.contains(where: { $0.contains(where: \.isNumber) }) { classes += "0-9" }
        if ids.contains(where: { $0.contains(where: \.isUppercase) }) { classes += "A-Z" }
        if ids.contains(where: { $0.contains(where: \.isLowercase) }) { classes += "a-z" }
        for p in "-_." where ids.contains(where: { $0.contains(p) }) { classes += "\\\(p)" }
        let lengths = ids.map(\.count).sorted()
        let lo = lengths[lengths.count / 20], hi = max(lo, lengths[(lengths.count * 19) / 20])
        return "[\(classes)]" + (lo == hi ? "{\(lo)}" : "{\(lo),\(hi)}")
    }
}
