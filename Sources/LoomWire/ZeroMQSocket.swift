import LoomProtocol
import CZeroMQ
import Foundation

/// A libzmq context. Sockets keep their context alive (a context freed before its sockets
/// makes `zmq_ctx_term` hang), so create one per process and let sockets hold it.
public final class ZeroMQContext: @unchecked Sendable {
    let handle: UnsafeMutableRawPointer

    public init() {
        handle = zmq_ctx_new()
    }

    deinit { zmq_ctx_term(handle) }
}

/// One libzmq socket: multipart send and receive with timeouts, LINGER 0 and a maximum
/// message size set on creation. Not thread-safe (libzmq's rule): use it from one thread.
public final class ZeroMQSocket: @unchecked Sendable {
    public enum Kind: Int32, Sendable {
        case dealer = 5
        case router = 6
        case pub = 1
        case sub = 2
        case push = 8
        case pull = 7
        case rep = 4
    }

    private let handle: UnsafeMutableRawPointer
    /// Holds the context open for as long as the socket lives.
    private let context: ZeroMQContext

    public init(_ context: ZeroMQContext, _ kind: Kind, maxMessageSize: Int = WireMessage.maxFrameBytes) throws(ZeroMQError) {
        guard let s = zmq_socket(context.handle, kind.rawValue) else { throw ZeroMQError("zmq_socket") }
        handle = s
        self.context = context
        try set(ZMQ_LINGER, Int32(0))
        try set(ZMQ_MAXMSGSIZE, Int64(maxMessageSize))
    }

    deinit { zmq_close(handle) }

    public func set(_ option: Int32, _ value: Int32) throws(ZeroMQError) {
        var v = value
        guard zmq_setsockopt(handle, option, &v, MemoryLayout<Int32>.size) == 0 else { throw ZeroMQError("zmq_setsockopt(\(option))") }
    }

    public func set(_ option: Int32, _ value: Int64) throws(ZeroMQError) {
        var v = value
        guard zmq_setsockopt(handle, option, &v, MemoryLayout<Int64>.size) == 0 else { throw ZeroMQError("zmq_setsockopt(\(option))") }
    }

    public func set(_ option: Int32, _ value: [UInt8]) throws(ZeroMQError) {
        let rc = value.withUnsafeBytes { zmq_setsockopt(handle, option, $0.baseAddress, $0.count) }
        guard rc == 0 else { throw ZeroMQError("zmq_setsockopt(\(option))") }
    }

    /// Milliseconds a receive waits before failing with a timeout; -1 waits forever.
    public func setReceiveTimeout(milliseconds: Int32) throws(ZeroMQError) { try set(ZMQ_RCVTIMEO, milliseconds) }
    public func setSendTimeout(milliseconds: Int32) throws(ZeroMQError) { try set(ZMQ_SNDTIMEO, milliseconds) }
    /// The identity a ROUTER peer sees for this socket.
    /// Milliseconds that unsent messages may hold the socket open when it closes.
    public func setLinger(milliseconds: Int32) throws(ZeroMQError) { try set(ZMQ_LINGER, milliseconds) }
    public func setRoutingID(_ id: String) throws(ZeroMQError) { try set(ZMQ_ROUTING_ID, Array(id.utf8)) }

    /// Makes this a CURVE server with `secretKey`, authenticated by the ZAP handler of the
    /// context (ZMQ_ZAP_ENFORCE_DOMAIN: no handler means no admission). Call before `bind`.
    public func makeCurveServer(secretKey: String) throws(ZeroMQError) {
        try set(ZMQ_CURVE_SERVER, Int32(1))
        try set(ZMQ_CURVE_SECRETKEY, Array(secretKey.utf8))
        try set(ZMQ_ZAP_DOMAIN, Array("loom".utf8))
        try set(93 /* ZMQ_ZAP_ENFORCE_DOMAIN */, Int32(1))
    }

    /// Makes this a CURVE client of the server with public key `serverKey`. Call before `connect`.
    public func makeCurveClient(serverKey: String, keys: CurveKeyPair) throws(ZeroMQError) {
        try set(ZMQ_CURVE_SERVERKEY, Array(serverKey.utf8))
        try set(ZMQ_CURVE_PUBLICKEY, Array(keys.publicKey.utf8))
        try set(ZMQ_CURVE_SECRETKEY, Array(keys.secretKey.utf8))
    }

    public func bind(_ endpoint: String) throws(ZeroMQError) {
        guard zmq_bind(handle, endpoint) == 0 else { throw ZeroMQError("bind \(endpoint)") }
    }

    public func connect(_ endpoint: String) throws(ZeroMQError) {
        guard zmq_connect(handle, endpoint) == 0 else { throw ZeroMQError("connect \(endpoint)") }
    }

    /// The endpoint actually bound (resolves `tcp://127.0.0.1:*` to the chosen port).
    public var lastEndpoint: String {
        var buffer = [CChar](repeating: 0, count: 256)
        var size = buffer.count
        _ = zmq_getsockopt(handle, ZMQ_LAST_ENDPOINT, &buffer, &size)
        return Self.text(buffer)
    }

    /// Sends all frames as one message.
    public func send(_ frames: [Data]) throws(ZeroMQError) {
        for (i, frame) in frames.enumerated() {
            let flags: Int32 = i + 1 < frames.count ? ZMQ_SNDMORE : 0
            let rc = frame.withUnsafeBytes { zmq_send(handle, $0.baseAddress, $0.count, flags) }
            guard rc >= 0 else { throw ZeroMQError("send") }
        }
    }

    /// Receives one whole message (all its frames).
    public func receive() throws(ZeroMQError) -> [Data] {
        try receive(maxFrames: .max) ?? []
    }

    /// Receives one whole message; nil when it has more than `maxFrames` frames (the rest is read
    /// and dropped without being kept, so a peer cannot make the receiver hold a huge message).
    public func receive(maxFrames: Int) throws(ZeroMQError) -> [Data]? {
        var frames: [Data] = []
        var count = 0
        while true {
            var msg = zmq_msg_t()
            zmq_msg_init(&msg)
            defer { zmq_msg_close(&msg) }
            guard zmq_msg_recv(&msg, handle, 0) >= 0 else { throw ZeroMQError("receive") }
            count += 1
            if count <= maxFrames { frames.append(Data(bytes: zmq_msg_data(&msg), count: zmq_msg_size(&msg))) }
            guard zmq_msg_more(&msg) == 1 else { return count <= maxFrames ? frames : nil }
        }
    }

    /// Waits up to `milliseconds` for a message on this socket or for file descriptor `fd` to
    /// become readable; says which of the two is ready.
    public func poll(milliseconds: Int, orReadable fd: Int32) throws(ZeroMQError) -> (socket: Bool, fd: Bool) {
        var items = [
            zmq_pollitem_t(socket: handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0),
            zmq_pollitem_t(socket: nil, fd: fd, events: Int16(ZMQ_POLLIN), revents: 0),
        ]
        guard zmq_poll(&items, 2, milliseconds) >= 0 else { throw ZeroMQError("poll") }
        return (items[0].revents & Int16(ZMQ_POLLIN) != 0, items[1].revents & Int16(ZMQ_POLLIN) != 0)
    }

    /// Whether a message can be received within `milliseconds`.
    public func poll(milliseconds: Int) throws(ZeroMQError) -> Bool {
        var item = zmq_pollitem_t(socket: handle, fd: 0, events: Int16(ZMQ_POLLIN), revents: 0)
        let rc = zmq_poll(&item, 1, milliseconds)
        guard rc >= 0 else { throw ZeroMQError("poll") }
        return rc > 0
    }
}

extension ZeroMQSocket {
    static func text(_ buffer: [CChar]) -> String { CurveKeyPair.text(buffer) }
}
