import Foundation

extension WireMessage {
    /// Largest frame either side accepts (also set as ZMQ_MAXMSGSIZE).
    public static let maxFrameBytes = 1 << 20
    /// Largest credit a worker may offer at once, and largest slot count it may announce.
    public static let maxCredit = 1024
    /// Largest number of shards a heartbeat or hello may list.
    public static let maxHolding = 4096

    private struct Envelope: Codable {
        var v: Int
        var type: String
        var hello: Hello?
        var welcome: Welcome?
        var reason: String?
        var credit: Int?
        var lease: Lease?
        var heartbeat: Heartbeat?
        var results: [ShardAttempt]?
        var done: Done?
        var failed: Failed?
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
        case .heartbeat(let h): e.heartbeat = h
        case .ack(let r): e.results = r
        case .done(let d): e.done = d
        case .failed(let f): e.failed = f
        case .reintroduce, .finish, .bye: break
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        return (try? encoder.encode(e)) ?? Data()
    }

    /// A refusal in the framing of protocol version 1, so a worker of an older build says why it
    /// stops instead of greeting forever.
    public static func legacyRefusal(_ reason: String) -> Data {
        struct V1: Encodable {
            var v = 1
            var type = "refuse"
            var reason: String
        }
        return (try? JSONEncoder().encode(V1(reason: reason))) ?? Data()
    }

    /// Parses and validates a frame: every number a peer sends is range-checked here, so no
    /// arithmetic on it downstream can trap.
    public static func decode(_ frame: Data) throws(WireError) -> WireMessage {
        guard frame.count <= maxFrameBytes else { throw .oversized(bytes: frame.count, limit: maxFrameBytes) }
        struct Header: Decodable { var v: Int }
        let e: Envelope
        do {
            // The version first: a frame of another version may not fit this version's fields.
            let header = try JSONDecoder().decode(Header.self, from: frame)
            guard header.v == version else { throw WireError.unsupportedVersion(header.v) }
            e = try JSONDecoder().decode(Envelope.self, from: frame)
        } catch let error as WireError {
            throw error
        } catch {
            throw .malformed(String(describing: error).prefix(200).description)
        }
        func need<T>(_ value: T?, _ field: String) throws(WireError) -> T {
            guard let value else { throw .malformed("'\(e.type)' without '\(field)'") }
            return value
        }
        switch e.type {
        case "hello": return .hello(try checked(need(e.hello, "hello")))
        case "welcome": return .welcome(try need(e.welcome, "welcome"))
        case "refuse": return .refuse(reason: try need(e.reason, "reason"))
        case "ready":
            let c = try need(e.credit, "credit")
            guard (1...maxCredit).contains(c) else { throw .malformed("credit \(c) out of range 1...\(maxCredit)") }
            return .ready(credit: c)
        case "lease": return .lease(try checked(need(e.lease, "lease")))
        case "heartbeat": return .heartbeat(try checked(need(e.heartbeat, "heartbeat")))
        case "ack": return .ack(results: try checked(need(e.results, "results")))
        case "reintroduce": return .reintroduce
        case "done": return .done(try checked(need(e.done, "done")))
        case "failed":
            let f = try need(e.failed, "failed")
            try check(ShardAttempt(shard: f.shard, attempt: f.attempt))
            return .failed(f)
        case "finish": return .finish
        case "bye": return .bye
        default: throw .unknownType(e.type)
        }
    }

    private static func check(_ a: ShardAttempt) throws(WireError) {
        guard a.shard.index >= 0 else { throw .malformed("shard index \(a.shard.index) is negative") }
        guard a.attempt >= 1, a.attempt <= 1_000_000 else { throw .malformed("attempt \(a.attempt) out of range") }
    }

    private static func checked(_ list: [ShardAttempt]) throws(WireError) -> [ShardAttempt] {
        guard list.count <= maxHolding else { throw .malformed("\(list.count) shards listed, limit \(maxHolding)") }
        for a in list { try check(a) }
        return list
    }

    private static func checked(_ h: Hello) throws(WireError) -> Hello {
        guard (1...maxCredit).contains(h.slots) else { throw .malformed("slots \(h.slots) out of range 1...\(maxCredit)") }
        _ = try checked(h.holding)
        return h
    }

    private static func checked(_ l: Lease) throws(WireError) -> Lease {
        try check(l.shardAttempt)
        guard l.firstUnit <= l.endUnit else { throw .malformed("lease with unit range \(l.firstUnit)..<\(l.endUnit)") }
        return l
    }

    private static func checked(_ h: Heartbeat) throws(WireError) -> Heartbeat {
        _ = try checked(h.holding)
        guard (0...maxCredit).contains(h.credit) else { throw .malformed("credit \(h.credit) out of range 0...\(maxCredit)") }
        return h
    }

    private static func checked(_ d: Done) throws(WireError) -> Done {
        try check(d.shardAttempt)
        guard d.rows >= 0, d.bytes >= 0 else { throw .malformed("done with \(d.rows) rows, \(d.bytes) bytes") }
        guard d.rows <= 1 << 48, d.bytes <= 1 << 56 else { throw .malformed("done with implausible \(d.rows) rows, \(d.bytes) bytes") }
        if let s = d.seconds, !(s.isFinite && s >= 0) { throw .malformed("done with \(s) seconds") }
        return d
    }
}
