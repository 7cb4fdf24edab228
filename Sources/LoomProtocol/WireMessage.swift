import Foundation

/// Every message of the coordinator–worker protocol (docs/PROTOCOL.md). On the wire each is one
/// JSON object with the protocol version `v` and a `type`; anything else — another version, an
/// unknown type, malformed JSON, a frame over the size limit — is rejected with a `WireError`
/// that says which, so the receiver can log it and drop the frame.
public enum WireMessage: Sendable, Equatable {
    /// Worker → coordinator: who it is and what it runs.
    case hello(Hello)
    /// Coordinator → worker: accepted; the job to work on.
    case welcome(Welcome)
    /// Coordinator → worker: not accepted (another spec or generator version), and why.
    case refuse(reason: String)
    /// Worker → coordinator: it can take `credit` more shards.
    case ready(credit: Int)
    /// Coordinator → worker: a shard to load before `deadline` (seconds from now).
    case lease(Lease)
    /// Worker → coordinator: still alive and working on these shards.
    case heartbeat(shards: [LeaseTable.ShardID])
    /// Worker → coordinator: a shard is committed (or was already in the ledger).
    case done(Done)
    /// Worker → coordinator: an attempt failed.
    case failed(Failed)
    /// Coordinator → worker: the job is finished; exit.
    case finish
    /// Worker → coordinator: leaving (drained); any lease still on its way to it is free again.
    case bye

    public static let version = 1

    public struct Hello: Sendable, Equatable, Codable {
        public var worker: String
        public var host: String
        public var slots: Int
        public var specHash: String
        public var generatorVersion: String
        public init(worker: String, host: String, slots: Int, specHash: String, generatorVersion: String) {
            self.worker = worker
            self.host = host
            self.slots = slots
            self.specHash = specHash
            self.generatorVersion = generatorVersion
        }
    }

    public struct Welcome: Sendable, Equatable, Codable {
        public var job: String
        public var spec: String
        public var options: String
        public init(job: String, spec: String, options: String) {
            self.job = job
            self.spec = spec
            self.options = options
        }
    }

    public struct Lease: Sendable, Equatable, Codable {
        public var shard: LeaseTable.ShardID
        public var attempt: Int
        public var firstUnit: UInt64
        public var endUnit: UInt64
        public var leaseSeconds: Double
        public init(shard: LeaseTable.ShardID, attempt: Int, firstUnit: UInt64, endUnit: UInt64, leaseSeconds: Double) {
            self.shard = shard
            self.attempt = attempt
            self.firstUnit = firstUnit
            self.endUnit = endUnit
            self.leaseSeconds = leaseSeconds
        }
    }

    public struct Done: Sendable, Equatable, Codable {
        public var shard: LeaseTable.ShardID
        public var attempt: Int
        public var rows: Int64
        public var bytes: Int64
        public var checksum: String
        public var skipped: Bool
        /// The shard's drift sketch (JSON), when the worker made one.
        public var sketch: String?
        /// Seconds the worker spent on the shard.
        public var seconds: Double?
        public init(shard: LeaseTable.ShardID, attempt: Int, rows: Int64, bytes: Int64, checksum: String, skipped: Bool,
                    sketch: String? = nil, seconds: Double? = nil) {
            self.shard = shard
            self.attempt = attempt
            self.rows = rows
            self.bytes = bytes
            self.checksum = checksum
            self.skipped = skipped
            self.sketch = sketch
            self.seconds = seconds
        }
    }

    public struct Failed: Sendable, Equatable, Codable {
        public var shard: LeaseTable.ShardID
        public var attempt: Int
        public var error: String
        public var transient: Bool
        public init(shard: LeaseTable.ShardID, attempt: Int, error: String, transient: Bool) {
            self.shard = shard
            self.attempt = attempt
            self.error = error
            self.transient = transient
        }
    }
}

/// Why a frame was rejected.
public enum WireError: Error, Sendable, Equatable, CustomStringConvertible {
    case oversized(bytes: Int, limit: Int)
    case malformed(String)
    case unsupportedVersion(Int)
    case unknownType(String)

    public var description: String {
        switch self {
        case .oversized(let b, let l): "frame of \(b) bytes exceeds the \(l)-byte limit"
        case .malformed(let why): "malformed message: \(why)"
        case .unsupportedVersion(let v): "protocol version \(v) is not supported (this build speaks \(WireMessage.version))"
        case .unknownType(let t): "unknown message type '\(t)'"
        }
    }
}

extension WireMessage {
    /// Largest frame either side accepts (also set as ZMQ_MAXMSGSIZE).
    public static let maxFrameBytes = 1 << 20

    private struct Envelope: Codable {
        var v: Int
        var type: String
        var hello: Hello?
        var welcome: Welcome?
        var reason: String?
        var credit: Int?
        var lease: Lease?
        var shards: [LeaseTable.ShardID]?
        var done: Done?
        var failed: Failed?
    }

    public var typeName: String {
        switch self {
        case .hello: "hello"
        case .welcome: "welcome"
        case .refuse: "refuse"
        case .ready: "ready"
        case .lease: "lease"
        case .heartbeat: "heartbeat"
        case .done: "done"
        case .failed: "failed"
        case .finish: "finish"
        case .bye: "bye"
        }
    }

    /// The frame for this message.
    public func encoded() -> Data {
        var e = Envelope(v: Self.version, type: typeName)
        switch self {
        case .hello(let h): e.hello = h
        case .welcome(let w): e.welcome = w
        case .refuse(let r): e.reason = r
        case .ready(let c): e.credit = c
        case .lease(let l): e.lease = l
        case .heartbeat(let s): e.shards = s
        case .done(let d): e.done = d
        case .failed(let f): e.failed = f
        case .finish, .bye: break
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(e)) ?? Data()
    }

    /// Parses and validates a frame.
    public static func decode(_ frame: Data) throws(WireError) -> WireMessage {
        guard frame.count <= maxFrameBytes else { throw .oversized(bytes: frame.count, limit: maxFrameBytes) }
        let e: Envelope
        do {
            e = try JSONDecoder().decode(Envelope.self, from: frame)
        } catch {
            throw .malformed(String(describing: error).prefix(200).description)
        }
        guard e.v == version else { throw .unsupportedVersion(e.v) }
        func need<T>(_ value: T?, _ field: String) throws(WireError) -> T {
            guard let value else { throw .malformed("'\(e.type)' without '\(field)'") }
            return value
        }
        switch e.type {
        case "hello": return .hello(try need(e.hello, "hello"))
        case "welcome": return .welcome(try need(e.welcome, "welcome"))
        case "refuse": return .refuse(reason: try need(e.reason, "reason"))
        case "ready":
            let c = try need(e.credit, "credit")
            guard (1...1024).contains(c) else { throw .malformed("credit \(c) out of range 1...1024") }
            return .ready(credit: c)
        case "lease":
            let l = try need(e.lease, "lease")
            guard l.firstUnit <= l.endUnit, l.attempt >= 1, l.leaseSeconds > 0 else { throw .malformed("invalid lease") }
            return .lease(l)
        case "heartbeat": return .heartbeat(shards: try need(e.shards, "shards"))
        case "done": return .done(try need(e.done, "done"))
        case "failed": return .failed(try need(e.failed, "failed"))
        case "finish": return .finish
        case "bye": return .bye
        default: throw .unknownType(e.type)
        }
    }
}
