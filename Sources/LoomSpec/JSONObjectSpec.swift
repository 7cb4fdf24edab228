/// The object a `json` generator builds: keys in the order PostgreSQL's `jsonb` prints them
/// (shorter keys first, then by bytes), each a generator or a nested object, each possibly
/// absent in a share of rows.
public struct JSONObjectSpec: Sendable, Hashable {
    /// One key of the object.
    public struct Field: Sendable, Hashable {
        public enum Content: Sendable, Hashable {
            case generator(GeneratorSpec)
            case object(JSONObjectSpec)
        }
        public var key: String
        public var content: Content
        /// Share of rows in which the key is absent (0 = always present).
        public var optional: Double

        public init(key: String, content: Content, optional: Double) {
            self.key = key; self.content = content; self.optional = optional
        }
    }

    public var fields: [Field]

    public init(fields: [Field]) {
        self.fields = fields.sorted { a, b in
            let x = Array(a.key.utf8), y = Array(b.key.utf8)
            return x.count != y.count ? x.count < y.count : x.lexicographicallyPrecedes(y)
        }
    }
}
