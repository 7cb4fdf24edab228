import Foundation
import LoomProtocol
import Testing

@Suite struct WireMessageTests {
    static let shard = ShardID(table: "users", index: 4)
    static let samples: [WireMessage] = [
        .hello(.init(worker: "w1", host: "h", slots: 2, job: "abc", generatorVersion: "1", holding: [.init(shard: shard, attempt: 2)])),
        .welcome(.init(job: "j", spec: "dataset: x", options: "{}")),
        .refuse(reason: "spec differs"),
        .ready(credit: 3),
        .lease(.init(job: "j", shard: shard, attempt: 2, firstUnit: 10, endUnit: 20, seq: 7)),
        .heartbeat(.init(job: "j", holding: [.init(shard: shard, attempt: 1)], seenLease: 7, credit: 1)),
        .ack(results: [.init(shard: shard, attempt: 1)]),
        .reintroduce,
        .done(.init(job: "j", shard: .init(table: "t", index: 0), attempt: 1, rows: 5, bytes: 100, checksum: "00ff", skipped: false)),
        .failed(.init(job: "j", shard: .init(table: "t", index: 0), attempt: 1, error: "disk full", transient: false)),
        .finish,
        .bye,
    ]

    @Test(arguments: samples)
    func roundTrips(message: WireMessage) throws {
        #expect(try WireMessage.decode(message.encoded()) == message)
    }

    func error(_ s: String) -> WireError? {
        do {
            _ = try WireMessage.decode(Data(s.utf8))
            return nil
        } catch { return error }
    }

    @Test func rejectsWhatItDoesNotUnderstand() {
        guard case .malformed? = error("not json") else {
            Issue.record("garbage must be malformed")
            return
        }
        #expect(error(#"{"v":1,"type":"ready","credit":1}"#) == .unsupportedVersion(1))
        // A version 1 hello has fields this version lacks: still recognised as version 1.
        #expect(
            error(#"{"v":1,"type":"hello","hello":{"worker":"w","host":"h","slots":1,"specHash":"","generatorVersion":"0"}}"#)
                == .unsupportedVersion(1))
        #expect(error(#"{"v":3,"type":"explode"}"#) == .unknownType("explode"))
        #expect(error(#"{"v":3,"type":"ready"}"#) == .malformed("'ready' without 'credit'"))
        #expect(error(#"{"v":3,"type":"ready","credit":0}"#) == .malformed("credit 0 out of range 1...1024"))
        let big = Data(repeating: 32, count: WireMessage.maxFrameBytes + 1)
        #expect(throws: WireError.oversized(bytes: big.count, limit: WireMessage.maxFrameBytes)) { try WireMessage.decode(big) }
    }

    /// Numbers a peer sends are range-checked before anything adds them up.
    @Test func rejectsNumbersOutOfRange() {
        let done =
            #"{"v":3,"type":"done","done":{"job":"j","shard":{"table":"t","index":0},"attempt":1,"rows":ROWS,"bytes":0,"checksum":"","skipped":false}}"#
        #expect(error(done.replacingOccurrences(of: "ROWS", with: "5")) == nil)
        #expect(error(done.replacingOccurrences(of: "ROWS", with: "-5")) != nil)
        #expect(error(done.replacingOccurrences(of: "ROWS", with: "9223372036854775807")) != nil)
        #expect(
            error(
                #"{"v":3,"type":"lease","lease":{"job":"j","shard":{"table":"t","index":-1},"attempt":1,"firstUnit":0,"endUnit":1,"seq":1}}"#
            ) != nil)
        #expect(error(#"{"v":3,"type":"heartbeat","heartbeat":{"job":"j","holding":[],"seenLease":0,"credit":5000}}"#) != nil)
    }

    /// A worker of the previous protocol version gets a refusal it can read.
    @Test func legacyRefusalIsVersionOne() throws {
        let object = try JSONSerialization.jsonObject(with: WireMessage.legacyRefusal("upgrade")) as? [String: Any]
        #expect(object?["v"] as? Int == 1)
        #expect(object?["type"] as? String == "refuse")
        #expect(object?["reason"] as? String == "upgrade")
    }

    /// Text of any kind survives the hand-written codec, and frames written by Foundation's
    /// encoder (escaped slashes, \u escapes, surrogate pairs, other key order) read the same.
    @Test func textAndForeignFramingRoundTrip() throws {
        let odd = "tables: \"x\" \\ /path\n\ttab \u{1} é 日本 🧵 \u{7F}"
        let w = WireMessage.welcome(.init(job: "j", spec: odd, options: "{\"a\":1}"))
        #expect(try WireMessage.decode(w.encoded()) == w)
        let foreign = #"{"welcome":{"options":"{}","spec":"a\/b \u00e9 \ud83e\uddf5","job":"j"},"type":"welcome","v":3}"#
        #expect(try WireMessage.decode(Data(foreign.utf8)) == .welcome(.init(job: "j", spec: "a/b é 🧵", options: "{}")))
        #expect(error(#"{"v":3,"type":"refuse","reason":"\ud83e"}"#) != nil, "a lone surrogate is malformed")
        #expect(error(#"{"v":3,"type":"refuse","reason":"x",}"#) != nil, "a trailing comma is malformed")
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(error(#"{"v":3,"type":"refuse","reason":"x","deep":"# + deep + "}") != nil, "deep nesting is refused, not a crash")
    }

    @Test func sanitizesPeerText() {
        #expect(Sanitized.text("w1\n2026-01-01 fake line\u{1B}[2J") == "w1\\u{a}2026-01-01 fake line\\u{1b}[2J")
        #expect(Sanitized.text(String(repeating: "x", count: 1000)).count == 301)
    }
}

/// Events with forged numbers are dropped at decoding, before anything adds them up.
@Suite struct ClusterEventTests {
    func status(rows: Int64) -> Data {
        let table = ClusterEvent.Status.Table(name: "t", plannedRows: 10, rows: rows, shards: 1, shardsCommitted: 0)
        return ClusterEvent.status(.init(job: "j", tables: [table], workers: 1, leased: 0, expiredLeases: 0, seconds: 1)).encoded()
    }

    @Test func forgedCountsAreDropped() {
        #expect(ClusterEvent.decode(status(rows: 5)) != nil)
        #expect(ClusterEvent.decode(status(rows: -100)) == nil)
        #expect(ClusterEvent.decode(status(rows: .max)) == nil)
        let shard = ClusterEvent.shard(job: "j", table: "t", index: 0, rows: .max, bytes: 0, worker: "w", sketch: nil, seconds: nil)
        #expect(ClusterEvent.decode(shard.encoded()) == nil)
        let finished = ClusterEvent.finished(job: "j", ok: true, message: "done")
        #expect(ClusterEvent.decode(finished.encoded()) == finished)
    }
}
