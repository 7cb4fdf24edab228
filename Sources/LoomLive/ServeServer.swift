import Foundation
import Hummingbird
import LoomGen
import LoomLoad
import LoomSpec
import NIOCore

/// `loom serve`: an HTTP API over a spec, no database needed — its tables, any range of any
/// table's rows (generated on request, streamed), single rows — and load jobs into PostgreSQL.
public struct ServeServer: Sendable {
    public let spec: Spec
    let plans: PlanPool
    public let host: String
    public let port: Int
    /// With a token, every request but `/` and the OpenAPI document needs `Authorization: Bearer TOKEN`.
    public let token: String?
    /// Largest request body taken (413 beyond).
    public var maxBody = 1 << 20

    /// `makePlan` compiles the spec at the served sizing; the server keeps a plan per request generating at once.
    public init(spec: Spec, host: String, port: Int, token: String?, makePlan: @escaping @Sendable () throws -> DatasetPlan) throws {
        self.spec = spec
        plans = PlanPool(first: try makePlan(), make: makePlan)
        self.host = host
        self.port = port
        self.token = token
    }

    /// Serves until the process is stopped; `onListening` gets the bound port.
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let router = Router()
        if let token { router.add(middleware: BearerToken(token: token)) }
        router.get("/") { _, _ in Self.response(OpenAPIDocument.index, type: "text/html; charset=utf-8") }
        router.get("v1/openapi.json") { _, _ in Self.response(OpenAPIDocument.json, type: "application/json") }
        router.get("v1/tables") { _, _ in try Self.json(self.plans.with { try TablesResponse.make(spec, $0) }) }
        router.get("v1/tables/:table/rows") { request, context in try self.rows(request, context) }
        router.get("v1/tables/:table/rows/:row") { _, context in try self.row(context) }
        let jobs = ServeJobs()
        router.post("v1/jobs") { request, _ in try await self.startJob(request, jobs) }
        router.get("v1/jobs/:id") { _, context in
            guard let s = jobs.status(try context.parameters.require("id")) else { throw HTTPError(.notFound, message: "no such job") }
            return try Self.json(s)
        }
        router.delete("v1/jobs/:id") { _, context in
            guard let s = jobs.stop(try context.parameters.require("id")) else { throw HTTPError(.notFound, message: "no such job") }
            return try Self.json(s)
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "loom-serve"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) })
        try await app.runService()
    }

    func table(_ context: some RequestContext) throws -> TableSpec {
        let name = try context.parameters.require("table")
        guard let t = spec.table(name) else {
            throw HTTPError(.notFound, message: "no table '\(name)'; tables: \(spec.tables.map(\.name).joined(separator: ", "))")
        }
        return t
    }

    func rows(_ request: Request, _ context: some RequestContext) throws -> Response {
        let t = try table(context)
        let query = Dictionary(request.uri.queryParameters.map { (String($0.key), String($0.value)) }, uniquingKeysWith: { a, _ in a })
        let r = try RowRequest(query)
        let total = try plans.with { try $0.rows(t.name) }
        let lo = min(r.offset, total), hi = min(total, lo.addingReportingOverflow(r.limit).overflow ? total : lo + r.limit)
        let stream = RowStream(plans: plans, table: t, rows: lo..<hi, format: r.format, header: r.header)
        return Response(status: .ok, headers: [.contentType: r.format.contentType], body: stream.body())
    }

    func row(_ context: some RequestContext) throws -> Response {
        let t = try table(context)
        let raw = try context.parameters.require("row")
        guard let i = UInt64(raw) else { throw HTTPError(.badRequest, message: "the row must be a whole number ≥ 0, found '\(raw)'") }
        let total = try plans.with { try $0.rows(t.name) }
        guard i < total else {
            throw HTTPError(.notFound, message: "table '\(t.name)' has \(total) rows (0 to \(max(1, total) - 1)); no row \(i)")
        }
        var out = ByteBuffer()
        let sink = ByteSink(chunkSize: 1 << 16) { bytes in out.writeBytes(bytes) }
        let encoder = OutputFormat.jsonl.encoder(for: t)
        try plans.with { plan in try plan.generate(t.name, rows: i..<(i + 1)) { frame in encoder.encode(frame, sink) } }
        sink.count -= 1  // the JSON-lines newline
        try sink.flush()
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: out))
    }

    func startJob(_ request: Request, _ jobs: ServeJobs) async throws -> Response {
        var body = request.body
        let bytes = try await body.collect(upTo: maxBody)
        let job: JobRequest
        do {
            let decoder = JSONDecoder()
            decoder.keyDecodingStrategy = .convertFromSnakeCase
            job = try decoder.decode(JobRequest.self, from: Data(buffer: bytes))
        } catch {
            throw HTTPError(.badRequest, message: "the body must be a JSON job request with at least \"database\": \(error)")
        }
        let (spec, options) = try job.load(served: self.spec)
        var response = try Self.json(jobs.start(spec: spec, options: options, database: job.database))
        response.status = .accepted
        return response
    }

    static func response(_ text: String, type: String) -> Response {
        Response(status: .ok, headers: [.contentType: type], body: .init(byteBuffer: ByteBuffer(string: text)))
    }

    static func json(_ value: some Encodable) throws -> Response {
        let encoder = JSONEncoder()
        encoder.keyEncodingStrategy = .convertToSnakeCase
        encoder.outputFormatting = .sortedKeys
        return Response(
            status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
