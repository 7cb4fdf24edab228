import Foundation
import LoomProtocol
import LoomWire
import Testing

/// Real libzmq sockets over loopback TCP: routing, timeouts, oversized frames.
@Suite struct ZeroMQSocketTests {
    @Test func routerAndDealerExchangeProtocolMessages() throws {
        let context = ZeroMQContext()
        let router = try ZeroMQSocket(context, .router)
        try router.setReceiveTimeout(milliseconds: 5000)
        try router.bind("tcp://127.0.0.1:*")
        let dealer = try ZeroMQSocket(context, .dealer)
        try dealer.setRoutingID("worker-1")
        try dealer.setReceiveTimeout(milliseconds: 5000)
        try dealer.connect(router.lastEndpoint)
        try dealer.send([WireMessage.ready(credit: 2).encoded()])
        let frames = try router.receive()
        #expect(frames.count == 2)
        #expect(String(decoding: frames[0], as: UTF8.self) == "worker-1")
        #expect(try WireMessage.decode(frames[1]) == .ready(credit: 2))
        try router.send([frames[0], WireMessage.finish.encoded()])
        #expect(try WireMessage.decode(dealer.receive()[0]) == .finish)
    }

    @Test func receiveTimesOutAndOversizedFramesAreDropped() throws {
        let context = ZeroMQContext()
        let pull = try ZeroMQSocket(context, .pull, maxMessageSize: 1024)
        try pull.setReceiveTimeout(milliseconds: 200)
        try pull.bind("tcp://127.0.0.1:*")
        let started = Date()
        #expect { _ = try pull.receive() } throws: { ($0 as? ZeroMQError)?.isTimeout == true }
        #expect(Date().timeIntervalSince(started) < 2)
        let push = try ZeroMQSocket(context, .push)
        try push.connect(pull.lastEndpoint)
        try push.send([Data(repeating: 1, count: 4096)])
        // libzmq drops the peer that sent an oversized frame; the receiver never sees it.
        #expect(try !pull.poll(milliseconds: 300))
        let push2 = try ZeroMQSocket(context, .push)
        try push2.connect(pull.lastEndpoint)
        try push2.send([Data("small".utf8)])
        #expect(try pull.receive() == [Data("small".utf8)])
    }
}
