import Foundation

extension WireMessage {
    /// Largest frame either side accepts (also set as ZMQ_MAXMSGSIZE).
    public static let maxFrameBytes = 1 << 20
    /// Largest credit a worker may offer at once, and largest slot count it may announce.
    public static let maxCredit = 1024
    /// Largest number of shards a heartbeat or hello may list.
    public static let maxHolding = 4096

    /// Largest number of messages sent together in one multipart ZeroMQ message (a batch).
    public static let maxBatch = 256

    /// The frame for this message: `{"v":3,"type":…,<field>:…}`, written by hand (no generic
    /// encoding on the coordinator's hot path).
    public func encoded() -> Data {
        var w = JSONWriter()
        w.raw("{\"v\":")
        w.int(Self.version)
        w.raw(",\"type\":")
        w.string(typeName)
        switch self {
        case .hello(let h):
            w.raw(",\"hello\":{")
            w.key("worker"); w.string(h.worker)
            w.raw(","); w.key("host"); w.string(h.host)
            w.raw(","); w.key("slots"); w.int(h.slots)
            w.raw(","); w.key("job"); w.string(h.job)
            w.raw(","); w.key("generatorVersion"); w.string(h.generatorVersion)
            w.raw(","); w.key("holding"); Self.write(h.holding, &w)
            w.raw("}")
        case .welcome(let x):
            w.raw(",\"welcome\":{")
            w.key("job"); w.string(x.job)
            w.raw(","); w.key("spec"); w.string(x.spec)
            w.raw(","); w.key("options"); w.string(x.options)
            w.raw("}")
        case .refuse(let reason):
            w.raw(",\"reason\":")
            w.string(reason)
        case .ready(let credit):
            w.raw(",\"credit\":")
            w.int(credit)
        case .lease(let l):
            w.raw(",\"lease\":{")
            w.key("job"); w.string(l.job)
            w.raw(","); w.key("shard"); Self.write(l.shard, &w)
            w.raw(","); w.key("attempt"); w.int(l.attempt)
            w.raw(","); w.key("firstUnit"); w.int(l.firstUnit)
            w.raw(","); w.key("endUnit"); w.int(l.endUnit)
            w.raw(","); w.key("seq"); w.int(l.seq)
            w.raw("}")
        case .heartbeat(let h):
            w.raw(",\"heartbeat\":{")
            w.key("job"); w.string(h.job)
            w.raw(","); w.key("holding"); Self.write(h.holding, &w)
            w.raw(","); w.key("seenLease"); w.int(h.seenLease)
            w.raw(","); w.key("credit"); w.int(h.credit)
            w.raw("}")
        case .ack(let results):
            w.raw(",\"results\":")
            Self.write(results, &w)
        case .done(let d):
            w.raw(",\"done\":{")
            w.key("job"); w.string(d.job)
            w.raw(","); w.key("shard"); Self.write(d.shard, &w)
            w.raw(","); w.key("attempt"); w.int(d.attempt)
            w.raw(","); w.key("rows"); w.int(d.rows)
            w.raw(","); w.key("bytes"); w.int(d.bytes)
            w.raw(","); w.key("checksum"); w.string(d.checksum)
            w.raw(","); w.key("skipped"); w.bool(d.skipped)
            if let s = d.sketch { w.raw(","); w.key("sketch"); w.string(s) }
            if let s = d.seconds { w.raw(","); w.key("seconds"); w.double(s) }
            w.raw("}")
        case .failed(let f):
            w.raw(",\"failed\":{")
            w.key("job"); w.string(f.job)
            w.raw(","); w.key("shard"); Self.write(f.shard, &w)
            w.raw(","); w.key("attempt"); w.int(f.attempt)
            w.raw(","); w.key("error"); w.string(f.error)
            w.raw(","); w.key("transient"); w.bool(f.transient)
            w.raw("}")
        case .reintroduce, .finish, .bye: break
        }
        w.raw("}")
        return Data(w.bytes)
    }

    private static func write(_ s: ShardID, _ w: inout JSONWriter) {
        w.raw("{\"table\":")
        w.string(s.table)
        w.raw(",\"index\":")
        w.int(s.index)
        w.raw("}")
    }

    private static func write(_ list: [ShardAttempt], _ w: inout JSONWriter) {
        w.raw("[")
        for (k, a) in list.enumerated() {
            if k > 0 { w.raw(",") }
            w.raw("{\"shard\":")
            write(a.shard, &w)
            w.raw(",\"attempt\":")
            w.int(a.attempt)
            w.raw("}")
        }
        w.raw("]")
    }

    /// A refusal in the framing of an older protocol version (each reads `refuse` the same way),
    /// so a worker of an older build says why it stops instead of greeting forever.
    public static func legacyRefusal(_ reason: String, version: Int = 1) -> Data {
        var w = JSONWriter()
        w.raw("{\"v\":")
        w.int(version)
        w.raw(",\"type\":\"refuse\",\"reason\":")
        w.string(reason)
        w.raw("}")
        return Data(w.bytes)
    }

    /// Parses and validates a frame: every number a peer sends is range-checked here, so no
    /// arithmetic on it downstream can trap.
    public static func decode(_ frame: Data) throws(WireError) -> WireMessage {
        guard frame.count <= maxFrameBytes else { throw .oversized(bytes: frame.count, limit: maxFrameBytes) }
        let root: JSONValue
        do {
            root = try JSONReader.parse(frame)
        } catch {
            throw .malformed("not JSON: \(error)")
        }
        guard case .object = root else { throw .malformed("not a JSON object") }
        let v = try WireFields(root, "message").int("v")
        guard v == version else { throw .unsupportedVersion(v) }
        let type = try WireFields(root, "message").string("type")
        func field(_ name: String) throws(WireError) -> WireFields {
            guard let value = root[name] else { throw .malformed("'\(type)' without '\(name)'") }
            return WireFields(value, name)
        }
        switch type {
        case "hello": return .hello(try checked(hello(field("hello"))))
        case "welcome":
            let f = try field("welcome")
            return .welcome(Welcome(job: try f.string("job"), spec: try f.string("spec"), options: try f.string("options")))
        case "refuse":
            guard case .string(let reason)? = root["reason"] else { throw .malformed("'refuse' without 'reason'") }
            return .refuse(reason: reason)
        case "ready":
            guard root["credit"] != nil else { throw .malformed("'ready' without 'credit'") }
            let c = try WireFields(root, "ready").int("credit")
            guard (1...maxCredit).contains(c) else { throw .malformed("credit \(c) out of range 1...\(maxCredit)") }
            return .ready(credit: c)
        case "lease": return .lease(try checked(lease(field("lease"))))
        case "heartbeat": return .heartbeat(try checked(heartbeat(field("heartbeat"))))
        case "ack":
            guard let list = root["results"] else { throw .malformed("'ack' without 'results'") }
            return .ack(results: try checked(attempts(WireFields(list, "results"))))
        case "reintroduce": return .reintroduce
        case "done": return .done(try checked(done(field("done"))))
        case "failed":
            let f = try field("failed")
            let failed = Failed(
                job: try f.string("job"), shard: try shard(f.object("shard")), attempt: try f.int("attempt"),
                error: try f.string("error"), transient: try f.bool("transient"))
            try check(failed.shardAttempt)
            return .failed(failed)
        case "finish": return .finish
        case "bye": return .bye
        default: throw .unknownType(type)
        }
    }

    private static func shard(_ f: WireFields) throws(WireError) -> ShardID {
        ShardID(table: try f.string("table"), index: try f.int("index"))
    }

    private static func attempts(_ list: WireFields) throws(WireError) -> [ShardAttempt] {
        var out: [ShardAttempt] = []
        for item in try list.items() {
            out.append(ShardAttempt(shard: try shard(item.object("shard")), attempt: try item.int("attempt")))
        }
        return out
    }

    private static func hello(_ f: WireFields) throws(WireError) -> Hello {
        Hello(
            worker: try f.string("worker"), host: try f.string("host"), slots: try f.int("slots"), job: try f.string("job"),
            generatorVersion: try f.string("generatorVersion"), holding: try attempts(f.object("holding")))
    }

    private static func lease(_ f: WireFields) throws(WireError) -> Lease {
        Lease(
            job: try f.string("job"), shard: try shard(f.object("shard")), attempt: try f.int("attempt"),
            firstUnit: try f.uint64("firstUnit"), endUnit: try f.uint64("endUnit"), seq: try f.uint64("seq"))
    }

    private static func heartbeat(_ f: WireFields) throws(WireError) -> Heartbeat {
        Heartbeat(
            job: try f.string("job"), holding: try attempts(f.object("holding")), seenLease: try f.uint64("seenLease"),
            credit: try f.int("credit"))
    }

    private static func done(_ f: WireFields) throws(WireError) -> Done {
        Done(
            job: try f.string("job"), shard: try shard(f.object("shard")), attempt: try f.int("attempt"), rows: try f.int64("rows"),
            bytes: try f.int64("bytes"), checksum: try f.string("checksum"), skipped: try f.bool("skipped"),
            sketch: try f.optionalString("sketch"), seconds: try f.optionalDouble("seconds"))
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

/// Typed access to the members of a decoded JSON object, with errors that name the field.
struct WireFields {
    let value: JSONValue
    let name: String

    init(_ value: JSONValue, _ name: String) {
        self.value = value
        self.name = name
    }

    private func member(_ key: String) throws(WireError) -> JSONValue {
        guard case .object = value else { throw .malformed("'\(name)' is not an object") }
        guard let v = value[key] else { throw .malformed("'\(name)' without '\(key)'") }
        return v
    }

    func object(_ key: String) throws(WireError) -> WireFields { WireFields(try member(key), key) }

    func items() throws(WireError) -> [WireFields] {
        guard case .array(let list) = value else { throw .malformed("'\(name)' is not a list") }
        return list.map { WireFields($0, name) }
    }

    func string(_ key: String) throws(WireError) -> String {
        guard case .string(let s) = try member(key) else { throw .malformed("'\(name).\(key)' is not a string") }
        return s
    }

    func optionalString(_ key: String) throws(WireError) -> String? {
        guard case .object = value, let v = value[key], v != .null else { return nil }
        guard case .string(let s) = v else { throw .malformed("'\(name).\(key)' is not a string") }
        return s
    }

    func bool(_ key: String) throws(WireError) -> Bool {
        guard case .bool(let b) = try member(key) else { throw .malformed("'\(name).\(key)' is not true or false") }
        return b
    }

    func int64(_ key: String) throws(WireError) -> Int64 {
        guard case .number(let text) = try member(key), let n = Int64(text) else {
            throw .malformed("'\(name).\(key)' is not an integer in range")
        }
        return n
    }

    func int(_ key: String) throws(WireError) -> Int { Int(try int64(key)) }

    func uint64(_ key: String) throws(WireError) -> UInt64 {
        guard case .number(let text) = try member(key), let n = UInt64(text) else {
            throw .malformed("'\(name).\(key)' is not a non-negative integer in range")
        }
        return n
    }

    func optionalDouble(_ key: String) throws(WireError) -> Double? {
        guard case .object = value, let v = value[key], v != .null else { return nil }
        guard case .number(let text) = v, let d = Double(text) else { throw .malformed("'\(name).\(key)' is not a number") }
        return d
    }
}
