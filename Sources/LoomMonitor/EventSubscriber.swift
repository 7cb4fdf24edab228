import Foundation
import LoomProtocol
import LoomWire

/// Subscribes to a coordinator's event stream (ZeroMQ SUB) on its own thread and feeds
/// `MonitorState`; reconnects by itself (libzmq does) when the coordinator restarts.
public final class EventSubscriber: @unchecked Sendable {
    private let socket: ZeroMQSocket
    private let state: MonitorState
    private let lock = NSLock()
    private var stopped = false
    public var onDropped: @Sendable (String) -> Void = { _ in }

    public init(connect endpoint: String, state: MonitorState) throws(ZeroMQError) {
        socket = try ZeroMQSocket(ZeroMQContext(), .sub)
        try socket.set(6 /* ZMQ_SUBSCRIBE */, [UInt8]())
        try socket.connect(endpoint)
        self.state = state
    }

    public func start() {
        let t = Thread { [self] in
            while !isStopped {
                guard (try? socket.poll(milliseconds: 200)) == true, let frames = try? socket.receive(), let frame = frames.first else { continue }
                if let event = ClusterEvent.decode(frame) { state.apply(event) } else { onDropped("undecodable event of \(frame.count) bytes") }
            }
        }
        t.start()
    }

    private var isStopped: Bool {
        lock.lock()
        defer { lock.unlock() }
        return stopped
    }

    public func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
    }
}
