/// Locales Loom ships data for, and the country codes that select them (`locale: from(country)`).
public enum LocaleCatalog {
    public static let locales = ["en", "de", "fr", "ja"]

    /// Values of a country (or locale) column that select each locale; anything else is `en`.
    public static let selectors: [String: [String]] = [
        "de": ["DE", "AT", "de", "de_DE", "de_AT"],
        "fr": ["FR", "BE", "LU", "fr", "fr_FR", "fr_BE"],
        "ja": ["JP", "ja", "ja_JP"],
    ]

    /// `de_DE` → `de`; nil for a locale Loom has no data for.
    public static func normalize(_ raw: String) -> String? {
        let short = String(raw.prefix(2)).lowercased()
        guard locales.contains(short), raw.count == 2 || raw.dropFirst(2).first == "_" || raw.dropFirst(2).first == "-" else { return nil }
        return short
    }

    /// Phone number formats by locale (E.164 prefixes, national grouping).
    public static let phone: [String: String] = [
        "en": "+1 [2-9][0-9]{2}-[2-9][0-9]{2}-[0-9]{4}",
        "de": "+49 [1-9][0-9]{2,3} [0-9]{6,7}",
        "fr": "+33 [1-9] [0-9]{2} [0-9]{2} [0-9]{2} [0-9]{2}",
        "ja": "+81 [1-9][0]?-[0-9]{4}-[0-9]{4}",
    ]

    /// Postcode formats by locale.
    public static let postcode: [String: String] = [
        "en": "[0-9]{5}", "de": "[0-9]{5}", "fr": "[0-9]{5}", "ja": "[0-9]{3}-[0-9]{4}",
    ]
}

extension GeneratorParser {
    /// `{ NAME: { by: COLUMN, VALUE: PARAMS, ..., default: PARAMS } }`.
    func parseConditional(
        _ name: String, _ m: YAMLNode.Mapping, by: (key: YAMLNode, value: YAMLNode), nameNode: YAMLNode,
        type: SQLType, column: String
    ) throws(SpecError) -> GeneratorSpec {
        guard name != "histogram" || countOfParent != nil else {
            throw reader.error("histogram takes 'by:' only as a per_parent count, where it reads the parent row", by.key)
        }
        let raw = try reader.name(by.value, "by")
        var parent = countOfParent != nil
        var col = raw
        if raw.hasPrefix("parent.") { parent = true; col = String(raw.dropFirst(7)) }
        guard !col.isEmpty, !col.contains(".") else {
            throw reader.error("by: names a column of the row or of the parent row (parent.COLUMN), found '\(raw)'", by.value)
        }
        if !parent { names.locations[col] = names.locations[col] ?? reader.location(by.value) }
        var cases: [Conditional.Case] = []
        var caseValues = Set<String>()
        var fallback: GeneratorSpec? = nil
        var firstKind: ValueKind? = nil
        for (k, v) in m where k.string != "by" {
            let key = k.string ?? ""
            let g = try parseNamed(name, params: v, nameNode: k, type: type, column: column)
            if case .conditional = g { throw reader.error("a 'by:' case cannot have its own 'by:' or 'locale: from(...)'", v) }
            if g.kind != .null {
                if let fk = firstKind, fk != g.kind {
                    throw reader.error("case '\(key)' makes \(g.kind) values but the cases before make \(fk) values", k)
                }
                firstKind = firstKind ?? g.kind
            }
            if key == "default" {
                fallback = g
            } else {
                guard caseValues.insert(key).inserted else { throw reader.error("case '\(key)' is given twice", k) }
                cases.append(Conditional.Case(value: key, generator: g, location: reader.location(k)))
            }
        }
        guard !cases.isEmpty else {
            throw reader.error("'by: \(raw)' needs at least one 'VALUE: parameters' case besides 'default'", by.key)
        }
        return .conditional(Conditional(by: col, parent: parent, cases: cases, fallback: fallback, location: reader.location(by.value)))
    }

    /// `{ NAME: { ..., locale: from(COLUMN) } }`: one case per shipped locale, chosen by the
    /// column's country code (or locale name); other values use `en`.
    func parseLocaleFrom(
        _ name: String, _ m: YAMLNode.Mapping, locale: (key: YAMLNode, value: YAMLNode), nameNode: YAMLNode,
        type: SQLType, column: String
    ) throws(SpecError) -> GeneratorSpec {
        let raw = reader.string(locale.value)
        guard raw.hasSuffix(")") else { throw reader.error("locale: from(COLUMN) needs a closing ')'", locale.value) }
        var col = String(raw.dropFirst(5).dropLast()).trimming(" ")
        var parent = false
        if col.hasPrefix("parent.") { parent = true; col = String(col.dropFirst(7)) }
        guard !col.isEmpty else { throw reader.error("locale: from(COLUMN) needs a column name", locale.value) }
        if !parent { names.locations[col] = names.locations[col] ?? reader.location(locale.value) }
        var byLocale: [String: GeneratorSpec] = [:]
        for l in LocaleCatalog.locales {
            let pairs: [YAMLNode.Mapping.Element] = m.map { (k, v) in
                k.string == "locale" ? (k, YAMLNode.scalar(YAMLNode.Scalar(l, mark: v.mark))) : (k, v)
            }
            byLocale[l] = try parseNamed(
                name, params: .mapping(YAMLNode.Mapping(pairs, mark: locale.value.mark)),
                nameNode: nameNode, type: type, column: column)
        }
        var cases: [Conditional.Case] = []
        for l in LocaleCatalog.locales.dropFirst() {
            for v in LocaleCatalog.selectors[l] ?? [] {
                cases.append(Conditional.Case(value: v, generator: byLocale[l]!, location: reader.location(locale.value)))
            }
        }
        var c = Conditional(by: col, parent: parent, cases: cases, fallback: byLocale["en"], location: reader.location(locale.value))
        c.fromLocale = true
        return .conditional(c)
    }

    /// A fixed locale (`de`, `de_DE`, ...).
    func locale(_ node: YAMLNode) throws(SpecError) -> String {
        let raw = try reader.name(node, "locale")
        guard let l = LocaleCatalog.normalize(raw) else {
            throw reader.error("unknown locale '\(raw)'; available: en_US, de_DE, fr_FR, ja_JP, or from(COLUMN)", node)
        }
        return l
    }

    /// Generators added for realistic data: `persona`, `phone`, `postcode`, `review`, localised
    /// `street_address` and `timestamp` with time patterns. Nil for every other generator.
    func parseRealistic(_ name: String, params: YAMLNode?, nameNode: YAMLNode, type: SQLType, column: String) throws(SpecError)
        -> GeneratorSpec?
    {
        func mapping(_ allowed: [String]) throws(SpecError) -> [String: YAMLNode]? {
            guard let params, case .mapping(let m) = params else { return nil }
            try reader.checkKeys(m, allowed: allowed, in: "parameters of the \(name) generator of column '\(column)'")
            var out: [String: YAMLNode] = [:]
            for (k, v) in m { out[k.string ?? ""] = v }
            return out
        }
        func pattern(_ formats: [String: String]) throws(SpecError) -> GeneratorSpec {
            var l = "en"
            if let f = try mapping(["locale"]) {
                if let n = f["locale"] { l = try locale(n) }
            } else if let params {
                l = try locale(params)
            }
            do { return .pattern(try Pattern(parsing: formats[l]!)) } catch {
                throw reader.error("bad built-in format: \(error.message)", nameNode)
            }
        }
        switch name {
        case "persona":
            let wanted: String
            if let params {
                wanted = try reader.name(params, "persona name")
            } else if personas.contains(where: { $0.name == column }) {
                wanted = column
            } else if personas.count == 1 {
                wanted = personas[0].name
            } else {
                throw reader.error(
                    personas.isEmpty
                        ? "gen: persona needs 'personas:' at the top of the spec, e.g. personas: { segment: { loyal: 0.6, bargain_hunter: 0.4 } }"
                        : "column '\(column)' is not named after a persona; write { persona: NAME } (declared: \(personas.map(\.name).joined(separator: ", ")))",
                    nameNode)
            }
            guard let p = personas.first(where: { $0.name == wanted }) else {
                let hint = closest(wanted, in: personas.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                throw reader.error("unknown persona '\(wanted)'\(hint)", params ?? nameNode)
            }
            return .choice(values: p.values.map { .text($0) }, weights: p.weights)
        case "phone":
            return try pattern(LocaleCatalog.phone)
        case "postcode":
            return try pattern(LocaleCatalog.postcode)
        case "street_address":
            guard let params else { return .streetAddress }
            let l: String
            if let f = try mapping(["locale"]) {
                l = try f["locale"].map { n throws(SpecError) in try locale(n) } ?? "en"
            } else {
                l = try locale(params)
            }
            return l == "en" ? .streetAddress : .localStreetAddress(locale: l)
        case "review":
            guard let params else { throw reader.error("review needs the rating column, e.g. { review: { rating: stars } }", nameNode) }
            if let f = try mapping(["rating", "part"]) {
                guard let r = f["rating"] else { throw reader.error("review needs 'rating', e.g. { review: { rating: stars } }", params) }
                var title = false
                if let p = f["part"] {
                    let part = try reader.name(p, "part")
                    guard part == "title" || part == "body" else {
                        throw reader.error("review part must be 'title' or 'body', found '\(part)'", p)
                    }
                    title = part == "title"
                }
                let rating = try reader.name(r, "rating column")
                names.locations[rating] = reader.location(r)
                return .review(rating: rating, title: title)
            }
            let rating = try reader.name(params, "rating column")
            names.locations[rating] = reader.location(params)
            return .review(rating: rating, title: false)
        case "timestamp":
            let keys = ["hours", "weekdays", "months", "growth"]
            guard let params, case .mapping(let m) = params, m.contains(where: { keys.contains($0.key.string ?? "") }) else { return nil }
            return try parseTimePattern(params, m)
        default:
            return nil
        }
    }

    private func parseTimePattern(_ params: YAMLNode, _ m: YAMLNode.Mapping) throws(SpecError) -> GeneratorSpec {
        try reader.checkKeys(
            m, allowed: ["from", "to", "hours", "weekdays", "months", "growth"], in: "parameters of the timestamp generator")
        guard let fromNode = reader.entry(m, "from")?.value else {
            throw reader.error("timestamp needs 'from', e.g. { timestamp: { from: 2020-01-01, to: 2024-12-31 } }", params)
        }
        guard let toNode = reader.entry(m, "to")?.value else {
            throw reader.error("timestamp needs 'to', e.g. { timestamp: { from: 2020-01-01, to: 2024-12-31 } }", params)
        }
        guard let lo = CivilTime.parseTimestamp(try reader.string(fromNode, "from")) else {
            throw reader.error("'from' must be a timestamp like 2024-01-31 or 2024-01-31T12:00:00Z", fromNode)
        }
        guard var hi = CivilTime.parseTimestamp(try reader.string(toNode, "to")) else {
            throw reader.error("'to' must be a timestamp like 2024-12-31 or 2024-12-31T23:59:59Z", toNode)
        }
        if CivilTime.parseDate(reader.string(toNode)) != nil { hi += CivilTime.microsPerDay - CivilTime.microsPerSecond }
        guard lo <= hi else { throw reader.error("timestamp range 'from' is after 'to'", toNode) }
        guard hi - lo <= 50 * 366 * CivilTime.microsPerDay else {
            throw reader.error("a timestamp with time patterns spans at most 50 years", toNode)
        }
        var p = TimePattern(from: lo, to: hi)
        func weights(_ key: String, count: Int, named: [String: [Double]], what: String) throws(SpecError) -> [Double]? {
            guard let node = reader.entry(m, key)?.value else { return nil }
            if case .scalar(let s) = node {
                guard let w = named[s.string] else {
                    throw reader.error(
                        "unknown \(key) profile '\(s.string)'; use \(named.keys.sorted().joined(separator: ", ")) or a list of \(count) weights",
                        node)
                }
                return w
            }
            guard case .sequence(let seq) = node else {
                throw reader.error("\(key) must be a list of \(count) weights (\(what)) or a profile name", node)
            }
            guard seq.count == count else { throw reader.error("\(key) needs \(count) weights (\(what)), found \(seq.count)", node) }
            var out: [Double] = []
            for n in seq {
                let w = try reader.double(n, "a weight of \(key)")
                guard w >= 0 else { throw reader.error("\(key) weights must not be negative, found \(w)", n) }
                out.append(w)
            }
            guard out.reduce(0, +) > 0 else { throw reader.error("\(key) weights must not all be 0", node) }
            return out
        }
        if let w = try weights("hours", count: 24, named: TimePattern.hourProfiles, what: "one per hour, 0:00 first") { p.hours = w }
        if let w = try weights("weekdays", count: 7, named: TimePattern.weekdayProfiles, what: "Monday first") { p.weekdays = w }
        if let w = try weights("months", count: 12, named: TimePattern.monthProfiles, what: "January first") { p.months = w }
        if let g = reader.entry(m, "growth")?.value {
            p.growth = try reader.double(g, "growth")
            guard p.growth > 0, p.growth <= 1000 else {
                throw reader.error("growth (rate at the end / rate at the start) must be in (0, 1000], found \(p.growth)", g)
            }
        }
        return .timePattern(p)
    }
}

extension YAMLReader {
    /// The scalar text of `node`, empty for other nodes.
    func string(_ node: YAMLNode) -> String { node.string ?? "" }
}
