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
    /// Encoded messages waiting for `flush`, per peer, and the peers in the order they were first queued.
    private var outbox: [String: [Data]] = [:]
    private var outboxOrder: [String] = []
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
            let received: [Data]?
            do { received = try socket.receive(maxFrames: WireMessage.maxBatch + 1) } catch { break }
            guard let frames = received, frames.count >= 2 else {
                report("dropped a message with \(received.map { "\($0.count) frame" } ?? "more than \(WireMessage.maxBatch) messages")")
                continue
            }
            let peer = name(of: frames[0])
            for frame in frames.dropFirst() {
                do {
                    out.append((peer, .success(try WireMessage.decode(frame))))
                } catch {
                    out.append((peer, .failure(error)))
                }
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

    /// Queues `message` for `peer`; `flush` sends each peer's queue as batches.
    func send(to peer: String, _ message: WireMessage) {
        guard ids[peer] != nil else { return }
        if outbox[peer] == nil { outboxOrder.append(peer) }
        outbox[peer, default: []].append(message.encoded())
    }

    /// Sends every queued message: one multipart message per peer and `WireMessage.maxBatch`
    /// messages (one wake-up of ZeroMQ's I/O thread and one system call per batch, not per message).
    func flush() {
        for peer in outboxOrder {
            guard let id = ids[peer], let frames = outbox[peer] else { continue }
            var start = 0
            while start < frames.count {
                let end = min(frames.count, start + WireMessage.maxBatch)
                do { try socket.send([id] + frames[start..<end]) } catch { report("could not send to \(Sanitized.text(peer)): \(error)") }
                start = end
            }
        }
        outbox.removeAll(keepingCapacity: true)
        outboxOrder.removeAll(keepingCapacity: true)
    }

    /// Sends `frame` to `peer` at once, after what is queued for it.
    func sendRaw(to peer: String, _ frame: Data) {
        flush()
        guard let id = ids[peer] else { return }
        do { try socket.send([id, frame]) } catch { report("could not send to \(Sanitized.text(peer)): \(error)") }
    }

    func publish(_ event: ClusterEvent) { try? publisher?.send([event.encoded()]) }

    /// Tells every known worker, and any that speaks up, that the job is over: for at most
    /// `seconds`, and no longer than `quiet` seconds after the last message heard (workers told
    /// `finish` leave; the wait lets the sends flush and answers any that were not known).
    func serveFinish(for seconds: Double, known: [String], quiet: Double = 0.05) {
        for peer in known { send(to: peer, .finish) }
        flush()
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
        flush()
    }
}
