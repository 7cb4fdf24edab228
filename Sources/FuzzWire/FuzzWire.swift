// Fuzz target `wire`: any bytes given to `WireMessage.decode` either fail with a `WireError` or
// decode to a message that re-encodes to a frame decoding to the same message.
//
// Built with `-DFUZZING` and `-sanitize=fuzzer,address` this is a libFuzzer binary (`make fuzz`);
// otherwise it replays the files and directories given as arguments (`make fuzz-replay`).
#if canImport(Glibc)
    @preconcurrency import Glibc
#endif
import Foundation
import FuzzSupport
import LoomProtocol

func check(_ data: Data) {
    let message: WireMessage
    do {
        message = try WireMessage.decode(data)
    } catch {
        _ = error.description
        return
    }
    let frame = message.encoded()
    let again: WireMessage
    do {
        again = try WireMessage.decode(frame)
    } catch {
        return fail(
            "\(message.typeName) re-encoded to a frame that does not decode: \(error)\nframe: \(String(decoding: frame, as: UTF8.self))")
    }
    guard again == message else {
        return fail("\(message.typeName) changed in a round trip:\n\(message)\n\(again)")
    }
    guard again.encoded() == frame else { return fail("\(message.typeName) encodes two ways: \(String(decoding: frame, as: UTF8.self))") }
}

/// Frames of every message type, the corpus `--write-seeds` starts from.
func seeds() -> [(String, Data)] {
    let shard = ShardID(table: "users", index: 4)
    let messages: [WireMessage] = [
        .hello(.init(worker: "w1", host: "db-2", slots: 2, job: "7f3a", generatorVersion: "3", holding: [.init(shard: shard, attempt: 2)])),
        .welcome(
            .init(
                job: "7f3a", spec: "dataset: shop\ntables:\n  users: { rows: 10, columns: { id: { type: bigint, gen: sequence } } }\n",
                options: "{\"sink\":\"postgres\"}")),
        .refuse(reason: "generator version 2 differs from the coordinator's 3"),
        .ready(credit: 3),
        .lease(.init(job: "7f3a", shard: shard, attempt: 2, firstUnit: 1_000_000, endUnit: 2_000_000, seq: 7)),
        .heartbeat(
            .init(
                job: "7f3a", holding: [.init(shard: shard, attempt: 1), .init(shard: .init(table: "orders", index: 0), attempt: 3)],
                seenLease: 7, credit: 1)),
        .ack(results: [.init(shard: shard, attempt: 1)]),
        .reintroduce,
        .done(
            .init(
                job: "7f3a", shard: .init(table: "orders", index: 12), attempt: 1, rows: 250_000, bytes: 18_000_123, checksum: "00ff17ab",
                skipped: false, sketch: "{\"table\":\"orders\",\"rows\":250000}", seconds: 1.25)),
        .done(
            .init(job: "7f3a", shard: .init(table: "t\u{e9}\"\\\n", index: 0), attempt: 1, rows: 0, bytes: 0, checksum: "", skipped: true)),
        .failed(.init(job: "7f3a", shard: .init(table: "orders", index: 0), attempt: 4, error: "disk full", transient: false)),
        .finish,
        .bye,
    ]
    return messages.enumerated().map { (String(format: "%02d-%@", $0.offset, $0.element.typeName), $0.element.encoded()) }
        + [("legacy-refuse", WireMessage.legacyRefusal("protocol version 1 is not supported"))]
}

#if FUZZING
    // SwiftPM links an executable with `--defsym main=<Module>_main`; libFuzzer's driver runs from it.
    @_cdecl("FuzzWire_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        FuzzTarget.run(name: "FuzzWire", seeds: seeds, check: check, argc: argc, argv: argv)
    }
#else
    @main enum Replay {
        static func main() { _ = FuzzTarget.run(name: "FuzzWire", seeds: seeds, check: check) }
    }
#endif
