import Foundation
import LoomProtocol
import Testing

@Suite struct WireMessageTests {
    static let samples: [WireMessage] = [
        .hello(.init(worker: "w1", host: "h", slots: 2, specHash: "abc", generatorVersion: "1")),
        .welcome(.init(job: "j", spec: "dataset: x", options: "{}")),
        .refuse(reason: "spec differs"),
        .ready(credit: 3),
        .lease(.init(shard: .init(table: "users", index: 4), attempt: 2, firstUnit: 10, endUnit: 20, leaseSeconds: 30)),
        .heartbeat(shards: [.init(table: "users", index: 4)]),
        .done(.init(shard: .init(table: "t", index: 0), attempt: 1, rows: 5, bytes: 100, checksum: "00ff", skipped: false)),
        .failed(.init(shard: .init(table: "t", index: 0), attempt: 1, error: "disk full", transient: false)),
        .finish,
        .bye,
    ]

    @Test(arguments: samples)
    func roundTrips(message: WireMessage) throws {
        #expect(try WireMessage.decode(message.encoded()) == message)
    }

    @Test func rejectsWhatItDoesNotUnderstand() {
        func error(_ s: String) -> WireError? {
            do { _ = try WireMessage.decode(Data(s.utf8)); return nil } catch { return error }
        }
        guard case .malformed? = error("not json") else { Issue.record("garbage must be malformed"); return }
        #expect(error(#"{"v":2,"type":"ready","credit":1}"#) == .unsupportedVersion(2))
        #expect(error(#"{"v":1,"type":"explode"}"#) == .unknownType("explode"))
        #expect(error(#"{"v":1,"type":"ready"}"#) == .malformed("'ready' without 'credit'"))
        #expect(error(#"{"v":1,"type":"ready","credit":0}"#) == .malformed("credit 0 out of range 1...1024"))
        let big = Data(repeating: 32, count: WireMessage.maxFrameBytes + 1)
        #expect(throws: WireError.oversized(bytes: big.count, limit: WireMessage.maxFrameBytes)) { try WireMessage.decode(big) }
    }
}
