import CZeroMQ
import Foundation

/// A ZAP (ZeroMQ authentication protocol) handler admitting only CURVE clients whose public
/// key is on an allow-list. CURVE alone admits any client that knows the server's public key;
/// with this handler running and `ZMQ_ZAP_ENFORCE_DOMAIN` set on the server socket, unknown
/// keys are refused (and, should the handler be missing, everyone is).
public final class ZapHandler: @unchecked Sendable {
    private let socket: ZeroMQSocket
    private let allowed: Set<String>
    private let lock = NSLock()
    private var stopped = false
    private let done = DispatchSemaphore(value: 0)
    /// Called with the Z85 public key of every refused client.
    public var onRefused: @Sendable (String) -> Void = { _ in }

    /// Binds the handler in `context` (it must share the context of the sockets it guards) and
    /// starts answering requests on its own thread.
    public init(_ context: ZeroMQContext, allowed: Set<String>) throws(ZeroMQError) {
        socket = try ZeroMQSocket(context, .rep)
        try socket.bind("inproc://zeromq.zap.01")
        self.allowed = allowed
        let thread = Thread { [self] in serve() }
        thread.start()
    }

    /// Stops answering; waits for the handler's thread.
    public func stop() {
        lock.lock()
        let wasStopped = stopped
        stopped = true
        lock.unlock()
        if !wasStopped { done.wait() }
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    private func serve() {
        defer { done.signal() }
        while !isStopped {
            guard (try? socket.poll(milliseconds: 100)) == true, let frames = try? socket.receive() else { continue }
            // version, request id, domain, address, identity, mechanism, credentials...
            guard frames.count >= 6 else { continue }
            let mechanism = String(decoding: frames[5], as: UTF8.self)
            var ok = false
            var key = ""
            if mechanism == "CURVE", frames.count >= 7, let z = CurveKeyPair.z85(frames[6]) {
                key = z
                ok = allowed.contains(z)
            }
            if !ok { onRefused(key.isEmpty ? "(\(mechanism))" : key) }
            let reply = [frames[0], frames[1], Data((ok ? "200" : "400").utf8), Data((ok ? "OK" : "key not allowed").utf8),
                         Data((ok ? key : "").utf8), Data()]
            try? socket.send(reply)
        }
    }
}
