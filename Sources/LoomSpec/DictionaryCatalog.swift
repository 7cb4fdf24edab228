/// The dictionaries shipped with Loom and the fields of their entries.
///
/// The data files live in LoomGen's resources; this catalog lets a spec be checked without them.
public enum DictionaryCatalog {
    /// Dictionary name → field names (an entry of a one-field dictionary is just its value).
    public static let fields: [String: [String]] = [
        "first_names": ["value"], "last_names": ["value"],
        "first_names_de": ["value"], "last_names_de": ["value"],
        "first_names_fr": ["value"], "last_names_fr": ["value"],
        "first_names_ja": ["value"], "last_names_ja": ["value"],
        "cities": ["city", "country_code", "country"],
        "street_names": ["value"], "street_suffixes": ["value"],
        "companies": ["value"], "words": ["value"], "email_domains": ["value"],
        "street_names_de": ["value"], "street_names_fr": ["value"], "street_names_ja": ["value"],
        "cities_en": ["city", "country_code", "country"], "cities_de": ["city", "country_code", "country"],
        "cities_fr": ["city", "country_code", "country"], "cities_ja": ["city", "country_code", "country"],
        "review_phrases": ["levels", "part", "text"],
    ]

    /// Per-locale city lists are the entries of `cities` of one country.
    public static let cityCountries = ["cities_en": "US", "cities_de": "DE", "cities_fr": "FR", "cities_ja": "JP"]

    /// The file holding a dictionary, relative to the dictionaries resource folder.
    public static func fileName(_ name: String) -> String {
        if cityCountries[name] != nil { return "cities.tsv" }
        return (fields[name]?.count ?? 1) > 1 ? "\(name).tsv" : "\(name).txt"
    }

    /// Names with a per-locale variant: `first_names` + locale `de` → `first_names_de`.
    public static func localized(_ name: String, locale: String?) -> String {
        guard let locale else { return name }
        let short = String(locale.prefix(2)).lowercased()
        if name == "cities" { return "cities_\(short)" }
        guard short != "en" else { return name }
        return "\(name)_\(short)"
    }
}
