import CZeroMQ

/// A libzmq call failed; `operation` says which and `message` is libzmq's reason.
public struct ZeroMQError: Error, Sendable, CustomStringConvertible, Equatable {
    public var operation: String
    public var code: Int32
    public var message: String

    init(_ operation: String, code: Int32 = zmq_errno()) {
        self.operation = operation
        self.code = code
        message = String(cString: zmq_strerror(code))
    }

    /// A receive or send timed out (ZMQ_RCVTIMEO / ZMQ_SNDTIMEO).
    public var isTimeout: Bool { code == EAGAIN }

    public var description: String { "\(operation): \(message)" }
}
