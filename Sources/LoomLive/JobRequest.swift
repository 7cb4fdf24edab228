import Hummingbird
import LoomLoad
import LoomSpec

/// The body of `POST /v1/jobs`: where to load, how much, and optionally another spec.
struct JobRequest: Decodable, Sendable {
    var database: String
    var schema: String?
    var rows: Int64?
    var scale: Double?
    var spec: String?
    var connections: Int?
    var intoExisting: Bool?

    /// The spec to load (the body's, else the served one) and the load's options; 400 on a bad value.
    func load(served: Spec) throws -> (Spec, LoadOptions) {
        let chosen: Spec
        if let text = spec {
            do { chosen = try SpecLoader.load(text: text, file: "request.yaml") } catch {
                throw HTTPError(.badRequest, message: "the spec in the request does not load: \(error)")
            }
        } else {
            chosen = served
        }
        if let rows, rows < 0 { throw HTTPError(.badRequest, message: "rows must not be negative, found \(rows)") }
        if let scale, !(scale > 0) { throw HTTPError(.badRequest, message: "scale must be above 0, found \(scale)") }
        let connections = self.connections ?? 2
        guard (1...64).contains(connections) else {
            throw HTTPError(.badRequest, message: "connections must be between 1 and 64, found \(connections)")
        }
        var overrides: [String: Int64] = [:]
        if let rows { for t in chosen.tables { if case .fixed = t.rows { overrides[t.name] = rows } } }
        var options = LoadOptions(connections: connections, schema: schema ?? "public", scale: scale, rowOverrides: overrides)
        options.intoExisting = intoExisting ?? false
        return (chosen, options)
    }
}
