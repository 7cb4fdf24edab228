import LoomSpec

/// The encodings `loom generate` can write.
public enum OutputFormat: String, CaseIterable, Sendable {
    case csv, jsonl, copy
    case copyBinary = "copy-binary"

    public var fileExtension: String {
        switch self {
        case .csv: "csv"
        case .jsonl: "jsonl"
        case .copy: "copy"
        case .copyBinary: "bin"
        }
    }

    /// An encoder for rows of `table`.
    public func encoder(for table: TableSpec) -> RowEncoder {
        switch self {
        case .csv: CSVEncoder(table: table)
        case .jsonl: JSONLinesEncoder(table: table)
        case .copy: CopyTextEncoder(table: table)
        case .copyBinary: CopyBinaryEncoder(table: table)
        }
    }
}

/// Writes rows in one format. A stream is `header`, any number of `encode`, then `trailer`;
/// sharded output writes the header with the first shard and the trailer with the last, so
/// concatenated shards equal the whole.
public protocol RowEncoder {
    func header(_ sink: ByteSink)
    func encode(_ frame: RowFrame, _ sink: ByteSink)
    func trailer(_ sink: ByteSink)
}

extension RowEncoder {
    public func header(_ sink: ByteSink) {}
    public func trailer(_ sink: ByteSink) {}
}
