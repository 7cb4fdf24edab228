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
    ]

    /// The file holding a dictionary, relative to the dictionaries resource folder.
    public static func fileName(_ name: String) -> String {
        (fields[name]?.count ?? 1) > 1 ? "\(name).tsv" : "\(name).txt"
    }

    /// Names with a per-locale variant: `first_names` + locale `de` → `first_names_de`.
    public static func localized(_ name: String, locale: String?) -> String {
        guard let locale, locale != "en", locale != "en_US" else { return name }
        let short = String(locale.prefix(2)).lowercased()
        return "\(name)_\(short)"
    }
}
