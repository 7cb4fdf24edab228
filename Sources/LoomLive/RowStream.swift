import Hummingbird
import LoomGen
import LoomSpec
import NIOCore

/// Rows of a table as a streamed response body: generated in chunks of `chunkRows`, each
/// encoded into one buffer and written before the next is made, so memory stays flat for any
/// range and a client that goes away stops the generation.
struct RowStream: Sendable {
    let plans: PlanPool
    let table: TableSpec
    let rows: Range<UInt64>
    let format: RowRequest.Format
    let header: Bool

    static let chunkRows: UInt64 = 8192

    func body() -> ResponseBody {
        let plans = self.plans, table = self.table, rows = self.rows, format = self.format, header = self.header
        return ResponseBody { writer in
            let plan = try plans.borrow()
            defer { plans.giveBack(plan) }
            let encoder = (format == .csv ? OutputFormat.csv : OutputFormat.jsonl).encoder(for: table)
            var first = true
            var start = rows.lowerBound
            if format == .json { try await writer.write(ByteBuffer(string: "[")) }
            repeat {
                let end = min(rows.upperBound, start &+ Self.chunkRows)
                var out = ByteBuffer()
                let sink = ByteSink(chunkSize: 1 << 20) { bytes in out.writeBytes(bytes) }
                if format == .csv, header, start == rows.lowerBound { encoder.header(sink) }
                try plan.generate(table.name, rows: start..<end) { frame in
                    if format == .json, !first { sink.append(UInt8(ascii: ",")) }
                    first = false
                    encoder.encode(frame, sink)
                    if format == .json { sink.count -= 1 }  // the JSON-lines newline
                    try sink.flushIfNeeded()
                }
                try sink.flush()
                if out.readableBytes > 0 { try await writer.write(out) }
                start = end
            } while start < rows.upperBound
            if format == .json { try await writer.write(ByteBuffer(string: "]")) }
            try await writer.finish(nil)
        }
    }
}
