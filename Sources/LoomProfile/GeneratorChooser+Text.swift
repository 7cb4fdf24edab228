import Foundation
import LoomSpec

extension GeneratorChooser {
    /// The most characters a column holds: `varchar(n)`/`char(n)` and `length(…) <= n` rules.
    static func maxLength(_ c: Context) -> Int? {
        var n: Int? = nil
        switch c.sql {
        case .varchar(let m?), .char(let m): n = m
        default: break
        }
        for case .length(_, let op, let v) in c.rules {
            switch op {
            case .equal, .lessOrEqual: n = min(n ?? v, v)
            case .less: n = min(n ?? v - 1, v - 1)
            default: break
            }
        }
        return n
    }

    /// Text whose CHECK limits its length: letters, exactly as many as the rules allow.
    static func byLength(_ c: Context) -> Choice? {
        let lengthRules = c.rules.filter { if case .length = $0 { true } else { false } }
        guard !lengthRules.isEmpty, c.sql.kind == .text else { return nil }
        var lo = 1, hi = maxLength(c) ?? 12
        for case .length(_, let op, let v) in lengthRules {
            switch op {
            case .equal, .greaterOrEqual: lo = max(lo, v)
            case .greater: lo = max(lo, v + 1)
            default: break
            }
        }
        if case .equal = lengthRules.compactMap({ r -> CheckRule.Comparison? in if case .length(_, let op, _) = r { op } else { nil } })
            .first
        {
            hi = lo
        }
        guard lo <= hi, hi <= 1000 else { return nil }
        if hi > lo + 20 { hi = lo + 20 }
        var choice = Choice(gen: "{ pattern: \(Fmt.str("[A-Z]" + (lo == hi ? "{\(lo)}" : "{\(lo),\(hi)}"))) }")
        choice.honoured = lengthRules
        return choice
    }

    /// Unique values: sequences for integer keys, permuted uniform values, UUIDs, fixed-length
    /// patterns, e-mails with a distinct number; nil for types that cannot be unique.
    static func byKey(_ c: Context) -> Choice? {
        var bounds = ValueBounds.of(c.sql)
        var honoured: [CheckRule] = []
        for r in c.rules {
            if case .bound(_, let op, let v) = r, bounds?.apply(op, v, dates: [.date, .timestamp].contains(c.sql.kind)) == true {
                honoured.append(r)
            }
        }
        var choice: Choice
        switch c.sql.kind {
        case .int, .decimal:
            let b = bounds ?? ValueBounds(lo: 1, hi: 9e15, step: 1)
            let start = max(ceil(b.lo), 1)
            guard start + Double(c.rows) <= b.hi else { return nil }
            if c.primaryKey {
                choice = Choice(gen: start == 1 ? "sequence" : "{ sequence: { start: \(Fmt.exact(start)) } }")
            } else {
                let hi = min(b.hi, start + Double(max(10 * c.rows, 1000)))
                choice = Choice(gen: "{ uniform: { min: \(Fmt.exact(start)), max: \(Fmt.exact(floor(hi))) } }")
            }
        case .uuid: choice = Choice(gen: "uuid")
        case .date: choice = Choice(gen: "{ date: { from: 1990-01-01, to: 2030-12-31 } }")
        case .timestamp: choice = Choice(gen: "{ timestamp: { from: 2015-01-01, to: 2025-12-31 } }")
        case .text:
            guard let text = uniqueText(c) else { return nil }
            choice = text
            honoured += c.rules.filter { if case .length = $0 { true } else { false } }
        default: return nil
        }
        choice.honoured = honoured
        choice.keyable = true
        return choice
    }

    /// Unique text: an e-mail or user name built from the row's names (with a distinct number),
    /// else a fixed-length code long enough for the rows.
    static func uniqueText(_ c: Context) -> Choice? {
        let names = personNames(c)
        if c.semantic == .email, let names, maxLength(c).map({ $0 >= 40 }) ?? true {
            var choice = Choice(gen: "{ email: [\(names.map(Fmt.key).joined(separator: ", "))] }")
            choice.reads = names
            return choice
        }
        if c.semantic == .username, let names, maxLength(c).map({ $0 >= 20 }) ?? true {
            var choice = Choice(gen: "{ username: [\(names.map(Fmt.key).joined(separator: ", "))] }")
            choice.reads = names
            return choice
        }
        if c.semantic == .email, maxLength(c).map({ $0 >= 24 }) ?? true {
            return Choice(gen: "{ pattern: \"[a-z]{8}[0-9]{3}@example.com\" }")
        }
        let limit = maxLength(c) ?? 10
        var exact: Int? = nil
        for case .length(_, .equal, let v) in c.rules { exact = v }
        let wanted = exact ?? min(limit, 10)
        guard wanted >= 1, wanted <= limit else { return nil }
        let letters = pow(26, Double(wanted)) >= 2 * Double(c.rows)
        guard letters || pow(36, Double(wanted)) >= Double(c.rows) else { return nil }
        return Choice(gen: "{ pattern: \(Fmt.str((letters ? "[A-Z]" : "[A-Z0-9]") + "{\(wanted)}")) }")
    }

    /// The table's first- and last-name columns, when it has both.
    static func personNames(_ c: Context) -> [String]? {
        let first = c.siblings.first { ColumnSemantic.of(column: $0, table: c.table) == .firstName }
        let last = c.siblings.first { ColumnSemantic.of(column: $0, table: c.table) == .lastName }
        guard let first, let last, c.siblingTypes[first]?.kind == .text, c.siblingTypes[last]?.kind == .text else { return nil }
        return [first, last]
    }

    /// Text and booleans by what the column's name says.
    static func byName(_ c: Context) -> Choice? {
        guard let semantic = c.semantic else { return nil }
        if c.sql == .boolean {
            let likely = ["active", "enabled", "verified", "visible", "valid", "available"]
            return Choice(
                gen: ColumnSemantic.words(c.column).contains(where: likely.contains) ? "{ bernoulli: 0.8 }" : "{ bernoulli: 0.3 }")
        }
        if case .enumeration = c.sql { return nil }
        guard c.sql.kind == .text else { return nil }
        let room = maxLength(c) ?? 1000
        if let cities = citiesField(semantic, room: room) {
            var choice = Choice(gen: "{ dict: { name: cities, field: \(cities) } }")
            choice.citiesField = cities
            return choice
        }
        return textGenerator(semantic, c, room: room)
    }

    static func citiesField(_ semantic: ColumnSemantic, room: Int) -> String? {
        switch semantic {
        case .city where room >= 8: "city"
        case .country where room >= 8: "country"
        case .countryCode where room >= 2: "country_code"
        case .country where room >= 2: "country_code"
        default: nil
        }
    }

    /// The generator for a text semantic, nil when its values would not fit `room` characters.
    static func textGenerator(_ semantic: ColumnSemantic, _ c: Context, room: Int) -> Choice? {
        let names = personNames(c)
        let (gen, length): (String, Int)
        switch semantic {
        case .email:
            (gen, length) = (
                names.map { "{ email: [\($0.map(Fmt.key).joined(separator: ", "))] }" } ?? "{ pattern: \"[a-z]{6}[0-9]{3}@example.com\" }",
                20
            )
        case .username:
            (gen, length) = (
                names.map { "{ username: [\($0.map(Fmt.key).joined(separator: ", "))] }" } ?? "{ pattern: \"[a-z]{6}[0-9]{2}\" }", 8
            )
        case .firstName: (gen, length) = ("{ dict: first_names }", 6)
        case .lastName: (gen, length) = ("{ dict: last_names }", 6)
        case .fullName:
            if let names, let f = Fmt.identifier(names[0]), let l = Fmt.identifier(names[1]), room >= 30 {
                var choice = Choice(expr: "\(f) || ' ' || \(l)")
                choice.reads = names
                return choice
            }
            (gen, length) = ("{ dict: first_names }", 6)
        case .company: (gen, length) = ("{ dict: companies }", 10)
        case .phone: (gen, length) = ("{ pattern: \"+1 [2-9][0-9]{2}-[0-9]{3}-[0-9]{4}\" }", 15)
        case .state: (gen, length) = ("{ choice: [CA, NY, TX, FL, WA, IL, PA, OH, GA, MA] }", 2)
        case .postalCode: (gen, length) = ("{ pattern: \"[0-9]{5}\" }", 5)
        case .url: (gen, length) = ("{ pattern: \"https://www.[a-z]{5,12}.com\" }", 20)
        case .ip: (gen, length) = ("ipv4", 15)
        case .street: (gen, length) = ("street_address", 20)
        case .uuid: (gen, length) = ("uuid", 36)
        case .freeText: (gen, length) = ("{ sentence: [4, 12] }", 40)
        case .title: (gen, length) = ("{ words: [1, 4] }", 8)
        case .status: (gen, length) = ("{ choice: { active: 6, pending: 3, inactive: 1 } }", 8)
        case .category: (gen, length) = ("{ choice: [standard, basic, premium] }", 8)
        case .role: (gen, length) = ("{ choice: { member: 8, admin: 1, guest: 1 } }", 6)
        case .gender: (gen, length) = ("{ choice: [female, male, other] }", 6)
        case .currency: (gen, length) = ("{ choice: [USD, EUR, GBP, JPY] }", 3)
        case .language: (gen, length) = ("{ choice: [en, de, fr, es, ja] }", 2)
        case .color: (gen, length) = ("{ choice: [red, green, blue, black, white] }", 5)
        case .slug: (gen, length) = ("{ pattern: \"[a-z]{4,8}-[a-z]{4,8}\" }", 17)
        case .secret: (gen, length) = ("{ pattern: \"[0-9a-f]{64}\" }", 64)
        case .code: (gen, length) = ("{ pattern: \"[A-Z]{3}-[0-9]{4}\" }", 8)
        default: return nil
        }
        guard length <= room else { return nil }
        var choice = Choice(gen: gen)
        if let names, [.email, .username].contains(semantic) { choice.reads = names }
        return choice
    }
}
