import LoomGen

/// Where a stream's due rows go: committed together with the watermark that covers them.
public protocol StreamSink: AnyObject {
    /// Commits `rows` (in commit order) and records that everything due by `watermark` is in.
    func commit(_ rows: [LiveRow], watermark: Int64) throws
}

/// A stream's rows as JSON lines on a file descriptor (`--out -`): `{"table": …, "row": {…}}`.
public final class JSONLinesStreamSink: StreamSink {
    let sink: ByteSink
    let names: [[UInt8]]

    /// - Parameter tables: table names in load order (a row's `table` indexes it).
    public init(fileDescriptor: Int32, tables: [String]) {
        sink = ByteSink(fileDescriptor: fileDescriptor, chunkSize: 1 << 16)
        names = tables.map { Array("{\"table\":\"\($0)\",\"row\":".utf8) }
    }

    public func commit(_ rows: [LiveRow], watermark: Int64) throws {
        for r in rows {
            let line = r.bytes.last == 10 ? r.bytes.dropLast() : r.bytes[...]
            let head = names[r.table]
            let p = sink.reserve(head.count + line.count + 2)
            head.withUnsafeBufferPointer { p.update(from: $0.baseAddress!, count: head.count) }
            line.withUnsafeBufferPointer { b in if let base = b.baseAddress { (p + head.count).update(from: base, count: b.count) } }
            p[head.count + line.count] = UInt8(ascii: "}")
            p[head.count + line.count + 1] = 10
            sink.count += head.count + line.count + 2
        }
        try sink.flush()
    }
}
