/// What a column's name says it holds (`first_name`, `created_at`, `unit_price`), read from the
/// words of the name alone: `loom init` sees no rows. Each kind applies only to columns of a
/// fitting type (an `email` of type integer is just an integer).
public enum ColumnSemantic: String, Sendable, Equatable, CaseIterable {
    case email, username, firstName, lastName, fullName, company, phone, city, country, countryCode, state, postalCode
    case url, ip, street, freeText, title, status, category, role, gender, currency, language, code, uuid, color, slug, secret
    case createdAt, updatedAt, birthDate, money, count, quantity, age, year, rating, percent, latitude, longitude, flag

    /// The semantic of `column` in `table`, nil when the name says nothing Loom uses.
    public static func of(column: String, table: String) -> ColumnSemantic? {
        let words = Self.words(column)
        let compact = words.joined()
        for (kind, test) in rules where test(words, compact) { return kind }
        if words == ["name"] || compact == "fullname" || compact == "contactname" {
            return personTable(table) || compact != "name" ? .fullName : .title
        }
        if words.last == "name" { return .title }
        return nil
    }

    /// A column name as lower-case words: `unit_price` and `UnitPrice` → `["unit", "price"]`.
    public static func words(_ name: String) -> [String] {
        var out: [String] = []
        var current = ""
        var previousLower = false
        for ch in name {
            if ch == "_" || ch == "-" || ch == " " {
                if !current.isEmpty { out.append(current) }
                current = ""
            } else {
                if ch.isUppercase, previousLower, !current.isEmpty {
                    out.append(current)
                    current = ""
                }
                current += ch.lowercased()
            }
            previousLower = ch.isLowercase || ch.isNumber
        }
        if !current.isEmpty { out.append(current) }
        return out
    }

    /// Whether a table's name says its rows are people (so its `name` is a person's).
    static func personTable(_ table: String) -> Bool {
        let people = [
            "user", "customer", "employee", "person", "people", "author", "member", "student", "contact", "staff", "owner",
            "client", "patient", "driver", "teacher", "artist", "player", "account", "profile",
        ]
        let t = table.lowercased()
        return people.contains { t.hasPrefix($0) || t.hasSuffix($0) || t.hasSuffix($0 + "s") }
    }

    typealias Test = @Sendable ([String], String) -> Bool

    static func any(_ set: Set<String>) -> Test { { words, _ in words.contains { set.contains($0) } } }
    static func compactHas(_ parts: [String]) -> Test { { _, compact in parts.contains { compact.contains($0) } } }
    static func last(_ set: Set<String>) -> Test { { words, _ in words.last.map(set.contains) ?? false } }

    /// Rules in the order they are tried: the first that matches wins.
    static let rules: [(ColumnSemantic, Test)] = [
        (.email, any(["email", "mail"])),
        (.username, any(["username", "login", "handle", "nickname", "screenname"])),
        (.firstName, compactHas(["firstname", "givenname", "forename"])),
        (.lastName, compactHas(["lastname", "surname", "familyname"])),
        (.company, any(["company", "employer", "organization", "organisation", "companyname"])),
        (
            .freeText,
            any([
                "description", "notes", "note", "comment", "comments", "body", "bio", "summary", "message", "content", "details", "remarks",
            ])
        ),
        (.phone, any(["phone", "fax", "mobile", "tel", "telephone", "cell"])),
        (.countryCode, compactHas(["countrycode", "countryiso", "iso2"])),
        (.country, any(["country"])),
        (.city, any(["city", "town"])),
        (.state, any(["state", "province", "region", "county"])),
        (.postalCode, any(["zip", "zipcode", "postal", "postcode"])),
        (.url, any(["url", "website", "homepage", "uri", "link", "href"])),
        (.ip, { w, c in w.contains("ip") || c == "ipaddress" || c == "ipaddr" }),
        (.street, any(["address", "street", "addr"])),
        (.uuid, any(["uuid", "guid"])),
        (.title, any(["title", "subject", "headline", "caption"])),
        (.status, last(["status"])),
        (.category, last(["type", "kind", "category", "tier", "level", "plan", "class", "segment", "channel"])),
        (.role, last(["role"])),
        (.gender, any(["gender", "sex"])),
        (.currency, any(["currency"])),
        (.language, any(["lang", "language", "locale"])),
        (.color, any(["color", "colour"])),
        (.slug, any(["slug"])),
        (.secret, any(["password", "hash", "token", "secret", "salt", "digest"])),
        (.code, last(["code", "sku", "isbn", "ref", "reference", "number", "no"])),
        (.createdAt, compactHas(["createdat", "createdon", "insertedat", "registeredat", "signupat", "createdate", "creationdate"])),
        (.updatedAt, compactHas(["updatedat", "updatedon", "modifiedat", "modifiedon", "lastmodified", "changedat", "updatedate"])),
        (.birthDate, compactHas(["birth", "dob", "birthday"])),
        (.quantity, any(["quantity", "qty", "units"])),
        (.count, { w, _ in w.last == "count" || w.first == "num" || w.contains("stock") || w.first == "n" }),
        (
            .money,
            any([
                "price", "amount", "total", "cost", "fee", "salary", "balance", "revenue", "income", "subtotal", "tax", "freight",
                "wage", "budget", "payment", "charge", "spend",
            ])
        ),
        (.age, last(["age"])),
        (.year, last(["year", "yr"])),
        (.rating, any(["rating", "stars", "score"])),
        (.percent, any(["percent", "pct", "percentage", "discount", "ratio", "rate"])),
        (.latitude, any(["lat", "latitude"])),
        (.longitude, any(["lon", "lng", "long", "longitude"])),
        (.flag, { w, _ in ["is", "has", "can", "should"].contains(w.first ?? "") || w.last == "flag" }),
    ]
}
