import Foundation
import Hummingbird

/// The monitor's HTTP side (Hummingbird): `/metrics` (Prometheus text), `/api/status` (JSON)
/// and `/` (a dashboard page with no external assets that refreshes itself).
public struct MonitorServer: Sendable {
    public let state: MonitorState
    public let host: String
    public let port: Int

    public init(state: MonitorState, host: String, port: Int) {
        self.state = state
        self.host = host
        self.port = port
    }

    /// Serves until the process is stopped.
    public func run() async throws {
        let router = Router()
        let state = self.state
        router.get("metrics") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                     body: .init(byteBuffer: ByteBuffer(string: state.metricsText())))
        }
        router.get("api/status") { _, _ -> Response in
            let encoder = JSONEncoder()
            encoder.keyEncodingStrategy = .convertToSnakeCase
            encoder.outputFormatting = .sortedKeys
            let data = (try? encoder.encode(state.snapshot())) ?? Data("{}".utf8)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
        }
        router.get("/") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: Dashboard.html)))
        }
        let app = Application(router: router, configuration: .init(address: .hostname(host, port: port), serverName: "loom-monitor"))
        try await app.runService()
    }
}
