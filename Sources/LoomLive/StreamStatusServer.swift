import Foundation
import Hummingbird

/// `loom stream --listen`: `/metrics` (`loom_stream_*`), `/api/status` and a page at `/` for a running stream.
public struct StreamStatusServer: Sendable {
    public let status: StreamStatus
    public let host: String
    public let port: Int

    public init(status: StreamStatus, host: String, port: Int) {
        self.status = status
        self.host = host
        self.port = port
    }

    /// Serves until the process is stopped; `onListening` gets the bound port.
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let router = Router()
        let status = self.status
        router.get("metrics") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: status.metricsText())))
        }
        router.get("/") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "text/html; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(string: StreamDashboard.html(status.snapshot()))))
        }
        router.get("api/status") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: status.statusJSON())))
        }
        let app = Application(
            router: router, configuration: .init(address: .hostname(host, port: port), serverName: "loom-stream"),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? 0) })
        try await app.runService()
    }
}
