/// Where a `tsvector` generator reads its document: another text column of the same row
/// (`{ tsvector: body }`), or a text generator of its own (`{ tsvector: { sentence: [5, 20] } }`).
public enum TsvectorSource: Sendable, Hashable {
    case column(String)
    indirect case generator(GeneratorSpec)
}
