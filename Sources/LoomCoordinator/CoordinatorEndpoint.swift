import Foundation
import LoomProtocol
import LoomWire
import LoomLoad

/// The coordinator's sockets: the ROUTER that workers connect to (with CURVE and the ZAP
/// allow-list when configured) and the PUB socket for events. Peers are named by their routing
/// id, as text when it is UTF-8 and as hex otherwise, and every name maps back to its exact id.
final class CoordinatorEndpoint {
    let context = ZeroMQContext()
    let socket: ZeroMQSocket
    private var publisher: ZeroMQSocket?
    private var zap: ZapHandler?
    private var ids: [String: Data] = [:]
    private let report: @Sendable (String) -> Void

    /// Binds both sockets; throws a `LoadError` naming the endpoint when a bind fails.
    init(
        bind: String, events: String?, curve: (secretKey: String, allowedWorkers: Set<String>)?,
        report: @escaping @Sendable (String) -> Void
    ) throws {
        self.report = report
        do {
            socket = try ZeroMQSocket(context, .router)
            if let curve {
                zap = try ZapHandler(context, allowed: curve.allowedWorkers)
                zap?.onRefused = { key in report("refused a worker whose CURVE key \(Sanitized.text(key)) is not on the allow-list") }
                try socket.makeCurveServer(secretKey: curve.secretKey)
            }
        } catch {
            throw LoadError("ZeroMQ: \(error)")
        }
        do {
            try socket.bind(bind)
        } catch {
            zap?.stop()
            throw LoadError("cannot listen on \(bind): \(error); is another coordinator running there? pick another --bind")
        }
        if let events {
            do {
                let pub = try ZeroMQSocket(context, .pub)
                try pub.bind(events)
                publisher = pub
            } catch {
                zap?.stop()
                throw LoadError("cannot publish events on \(events): \(error); pick another --events endpoint")
            }
        }
    }

    func close() { zap?.stop() }

    /// Messages that arrive within `waitMilliseconds` (and all others already queued, up to a
    /// batch), each decoded or with the reason it was rejected.
    func receive(waitMilliseconds: Int) throws -> [(peer: String, frame: Result<WireMessage, WireError>)] {
        var out: [(String, Result<WireMessage, WireError>)] = []
        var wait = waitMilliseconds
        while out.count < 512 {
            let ready: Bool
            do { ready = try socket.poll(milliseconds: wait) } catch { throw LoadError("ZeroMQ: \(error)") }
            guard ready else { break }
            wait = 0
            guard let frames = try? socket.receive() else { break }
            guard frames.count == 2 else {
                report("dropped a message with \(frames.count) frames")
                continue
            }
            let peer = name(of: frames[0])
            do {
                out.append((peer, .success(try WireMessage.decode(frames[1]))))
            } catch {
                out.append((peer, .failure(error)))
            }
        }
        return out
    }

    private func name(of id: Data) -> String {
        let text = String(decoding: id, as: UTF8.self)
        let name = Data(text.utf8) == id && !text.isEmpty ? text : "0x" + id.map { String(format: "%02x", $0) }.joined()
        if ids[name] == nil { ids[name] = id }
        return name
    }

    func send(to peer: String, _ message: WireMessage) { sendRaw(to: peer, message.encoded()) }

    func sendRaw(to peer: String, _ frame: Data) {
        guard let id = ids[peer] else { return }
        do { try socket.send([id, frame]) } catch { report("could not send to \(Sanitized.text(peer)): \(error)") }
    }

    func publish(_ event: ClusterEvent) { try? publisher?.send([event.encoded()]) }

    /// Tells every known worker, and any that speaks up, that the job is over: for at most
    /// `seconds`, and no longer than `quiet` seconds after the last message heard (workers told
    /// `finish` leave; the wait lets the sends flush and answers any that were not known).
    func serveFinish(for seconds: Double, known: [String], quiet: Double = 0.25) {
        for peer in known { send(to: peer, .finish) }
        let start = DispatchTime.now().uptimeNanoseconds
        let end = start + UInt64(seconds * 1e9)
        var lastHeard = start
        while DispatchTime.now().uptimeNanoseconds < min(end, lastHeard + UInt64(quiet * 1e9)) {
            guard (try? socket.poll(milliseconds: 20)) == true, let frames = try? socket.receive(), frames.count == 2 else { continue }
            lastHeard = DispatchTime.now().uptimeNanoseconds
            try? socket.send([frames[0], WireMessage.finish.encoded()])
        }
    }

    /// Tells `peers` that the job needs them no more (before the coordinator builds keys).
    func release(_ peers: [String]) {
        for peer in peers { send(to: peer, .finish) }
    }
}
