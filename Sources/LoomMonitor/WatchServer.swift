import Foundation
import Hummingbird

/// `loom watch`'s HTTP side: `/metrics` (the real tables' `loom_drift_*` gauges),
/// `/api/status` (the last measurement as JSON, a `WatchStatus`) and `/` (a page showing it).
public struct WatchServer: Sendable {
    public let state: WatchState
    public let host: String
    public let port: Int

    public init(state: WatchState, host: String, port: Int) {
        self.state = state
        self.host = host
        self.port = port
    }

    /// Serves until the process is stopped; `onListening` gets the bound port.
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let router = Router()
        let state = self.state
        router.get("metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: state.metricsText())))
        }
        router.get("api/status") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: state.statusJSON())))
        }
        router.get("/") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: WatchDashboard.html(state.snapshot()))))
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "loom-watch"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) })
        try await app.runService()
    }
}
