/// How a stream's virtual time (the rows' timestamps) maps to the wall clock: virtual time
/// `origin` is wall time `anchor`, and virtual time runs `speed` times as fast.
public struct StreamTimeline: Sendable, Equatable {
    /// Microseconds since the epoch.
    public var origin: Int64
    public var anchor: Int64
    public var speed: Double
    /// Virtual time after which no row is streamed, or nil to stream until stopped.
    public var end: Int64?

    public init(origin: Int64, anchor: Int64, speed: Double, end: Int64?) {
        self.origin = origin
        self.anchor = anchor
        self.speed = speed
        self.end = end
    }

    /// The virtual time at wall time `wall`.
    public func virtual(atWall wall: Int64) -> Int64 { origin + Int64((Double(wall - anchor) * speed).rounded(.down)) }

    /// The wall time at which virtual time `virtual` comes.
    public func wall(atVirtual virtual: Int64) -> Int64 { anchor + Int64((Double(virtual - origin) / speed).rounded(.up)) }
}
