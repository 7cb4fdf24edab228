import LoomSpec

extension GeneratorChooser {
    /// Names of the columns a `tsvector` is most likely made from, best first.
    static let documentNames = ["body", "content", "text", "description", "title"]

    /// A `tsvector` column: the words of a text column of the table (one named like
    /// `documentNames` first, then any), else generated sentences.
    static func byDocument(_ c: Context) -> Choice? {
        guard c.sql == .tsvector else { return nil }
        guard let source = documentColumn(c.siblings, types: c.siblingTypes) else {
            return Choice(gen: typeGenerator(.tsvector))
        }
        // A NULL document makes an empty tsvector, so the text column keeps its own NULLs.
        return Choice(gen: "{ tsvector: \(Fmt.key(source)) }")
    }

    /// The text column a tsvector reads among `columns` (in table order), nil when none is text.
    public static func documentColumn(_ columns: [String], types: [String: SQLType]) -> String? {
        let text = columns.filter { name in
            guard let t = types[name] else { return false }
            switch t {
            case .text, .varchar, .char: return true
            default: return false
            }
        }
        func rank(_ name: String) -> Int {
            let lower = name.lowercased()
            if let exact = documentNames.firstIndex(of: lower) { return exact }
            if let part = documentNames.firstIndex(where: { lower.contains($0) }) { return documentNames.count + part }
            return 2 * documentNames.count
        }
        return text.enumerated().min { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }?.element
    }
}
