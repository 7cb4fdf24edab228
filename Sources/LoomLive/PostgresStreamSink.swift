import LoomGen
import LoomPostgres
import LoomSpec

/// Commits a stream's due rows into PostgreSQL: one transaction per batch holding every table's
/// rows (parents first, so foreign keys hold at every moment) and the ledger's new watermark.
/// Small batches go in as one multi-row INSERT per table, larger ones by COPY.
public final class PostgresStreamSink: RetryingStreamSink {
    private(set) var connection: PostgresConnection
    private var ledger: StreamLedger
    let conninfo: String
    let stream: String
    /// Per table in load order: the qualified name and its quoted column list.
    let targets: [(name: String, columns: String)]
    /// Rows of one table below which a batch uses INSERT rather than COPY.
    public var insertBelow = 64

    public init(conninfo: String, connection: PostgresConnection, stream: String, spec: Spec, schema: String?) {
        self.conninfo = conninfo
        self.connection = connection
        ledger = StreamLedger(connection)
        self.stream = stream
        targets = spec.loadOrder.map { t in
            (SchemaDDL.qualified(t.name, schema: schema), t.columns.map { SchemaDDL.quote($0.name) }.joined(separator: ", "))
        }
    }

    public func commit(_ rows: [LiveRow], watermark: Int64) throws {
        var byTable: [Int: [LiveRow]] = [:]
        for r in rows { byTable[r.table, default: []].append(r) }
        try connection.transaction {
            for table in byTable.keys.sorted() {
                let batch = byTable[table]!
                if batch.count < insertBelow { try insert(batch, into: targets[table]) } else { try copy(batch, into: targets[table]) }
            }
            try ledger.advance(stream, watermark: watermark, rows: rows.count)
        }
    }

    public func reopen(committed watermark: Int64) throws -> Bool {
        connection.close()
        connection = try PostgresConnection(conninfo, applicationName: "loom stream")
        ledger = StreamLedger(connection)
        return (try ledger.record(stream)?.watermark ?? .min) >= watermark
    }

    private func copy(_ rows: [LiveRow], into target: (name: String, columns: String)) throws {
        try connection.beginCopy("COPY \(target.name) (\(target.columns)) FROM STDIN")
        var buffer: [UInt8] = []
        buffer.reserveCapacity(rows.reduce(0) { $0 + $1.bytes.count })
        for r in rows { buffer.append(contentsOf: r.bytes) }
        try buffer.withUnsafeBytes { try connection.putCopyData($0) }
        _ = try connection.endCopy()
    }

    private func insert(_ rows: [LiveRow], into target: (name: String, columns: String)) throws {
        var sql = "INSERT INTO \(target.name) (\(target.columns)) VALUES "
        for (i, r) in rows.enumerated() {
            if i > 0 { sql += ", " }
            sql += "(" + CopyTextLine.sqlLiterals(r.bytes).joined(separator: ", ") + ")"
        }
        try connection.execute(sql)
    }
}

/// Reads a line of PostgreSQL's COPY text format back into SQL literals.
enum CopyTextLine {
    /// The line's fields as SQL literals: `NULL` for `\N`, otherwise a quoted string (the
    /// column's type parses it, as COPY would).
    static func sqlLiterals(_ line: [UInt8]) -> [String] {
        var out: [String] = []
        var field: [UInt8] = []
        var isNull = false
        var i = 0
        let end = line.last == 10 ? line.count - 1 : line.count
        func finish() {
            out.append(isNull ? "NULL" : "'" + String(decoding: field, as: UTF8.self).replacingOccurrences(of: "'", with: "''") + "'")
            field.removeAll(keepingCapacity: true)
            isNull = false
        }
        while i < end {
            let b = line[i]
            if b == 9 {
                finish()
            } else if b == 92, i + 1 < end {
                i += 1
                switch line[i] {
                case UInt8(ascii: "N"): isNull = true
                case UInt8(ascii: "t"): field.append(9)
                case UInt8(ascii: "n"): field.append(10)
                case UInt8(ascii: "r"): field.append(13)
                case let c: field.append(c)
                }
            } else {
                field.append(b)
            }
            i += 1
        }
        finish()
        return out
    }
}
