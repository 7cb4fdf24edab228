/// A network of named nodes as ZeroMQ over TCP behaves: each link (one direction between two
/// nodes) delivers in order after a random delay, messages of different links interleave in any
/// order, and a link that is down (a connection being re-established) loses what is sent on it.
public struct FakeNetwork: Sendable {
    /// A message on its way.
    public struct Delivery: Sendable {
        public var from: String
        public var to: String
        public var message: WireMessage
        public var at: Double
    }

    public var maxDelay: Double
    private var lastDelivery: [String: Double] = [:]
    /// Links that are down until the given time, by node (both directions to and from the coordinator).
    private var downUntil: [String: Double] = [:]
    public private(set) var lost = 0

    public init(maxDelay: Double) { self.maxDelay = maxDelay }

    /// Cuts a node's links until `until`.
    public mutating func cut(_ node: String, until: Double) { downUntil[node] = max(downUntil[node] ?? 0, until) }

    public func isDown(_ node: String, at now: Double) -> Bool { (downUntil[node] ?? -1) > now }

    /// Sends a message; returns its delivery, or nil when the link lost it.
    public mutating func send(from: String, to: String, _ message: WireMessage, now: Double, random: inout SimulationRandom) -> Delivery? {
        if isDown(from, at: now) || isDown(to, at: now) {
            lost += 1
            return nil
        }
        let link = from + "→" + to
        let at = max(lastDelivery[link] ?? 0, now + random.uniform(0...maxDelay))
        lastDelivery[link] = at
        return Delivery(from: from, to: to, message: message, at: at)
    }
}
