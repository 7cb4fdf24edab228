import Foundation

/// Every message of the coordinator–worker protocol (docs/PROTOCOL.md, version 3). On the wire
/// each is one JSON object with the protocol version `v` and a `type`; anything else (another
/// version, an unknown type, malformed JSON, a frame over the size limit, numbers out of range)
/// is rejected with a `WireError` that says which, so the receiver can log it and drop the frame.
public enum WireMessage: Sendable, Equatable {
    /// Worker → coordinator: who it is, what it runs, which job it is set up for and which shards
    /// it still holds (a coordinator restarted with `--resume` adopts them instead of leasing them again).
    case hello(Hello)
    /// Coordinator → worker: accepted; the job to work on.
    case welcome(Welcome)
    /// Coordinator → worker: not accepted (another generator or protocol version), and why.
    case refuse(reason: String)
    /// Worker → coordinator: it can take `credit` more shards. The coordinator remembers unused credit.
    case ready(credit: Int)
    /// Coordinator → worker: a shard to load.
    case lease(Lease)
    /// Worker → coordinator: alive; the shards it holds, the leases it has seen and its unused credit.
    case heartbeat(Heartbeat)
    /// Coordinator → worker: alive; these results arrived (the worker stops resending them).
    case ack(results: [ShardAttempt])
    /// Coordinator → worker: this coordinator does not know the worker (it was restarted, or dropped
    /// the worker after a silence); say hello again.
    case reintroduce
    /// Worker → coordinator: a shard is committed (or was already in the ledger).
    case done(Done)
    /// Worker → coordinator: an attempt failed.
    case failed(Failed)
    /// Coordinator → worker: the job is finished; exit.
    case finish
    /// Worker → coordinator: leaving (drained); any lease still on its way to it is free again.
    case bye

    /// The protocol version this build speaks. Version 3 sends messages in batches: one ZeroMQ
    /// multipart message carries up to `maxBatch` of them, a part each. Peers of older versions
    /// get a refusal in their own framing.
    public static let version = 3

    /// The worker's introduction.
    public struct Hello: Sendable, Equatable, Codable {
        public var worker: String
        public var host: String
        public var slots: Int
        /// The job the worker is set up for, or "" before its first welcome.
        public var job: String
        public var generatorVersion: String
        /// Shards the worker is still loading or whose result awaits an ack.
        public var holding: [ShardAttempt]

        public init(worker: String, host: String, slots: Int, job: String = "", generatorVersion: String, holding: [ShardAttempt] = []) {
            self.worker = worker
            self.host = host
            self.slots = slots
            self.job = job
            self.generatorVersion = generatorVersion
            self.holding = holding
        }
    }

    /// The job a worker is welcomed to: the spec text and the job descriptor it rebuilds the plan from.
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

    /// A shard handed to a worker. `seq` numbers the coordinator's leases to that worker, so its
    /// heartbeats can say which leases it has seen (a lease lost on the way is freed, not waited for).
    public struct Lease: Sendable, Equatable, Codable {
        public var job: String
        public var shard: ShardID
        public var attempt: Int
        public var firstUnit: UInt64
        public var endUnit: UInt64
        public var seq: UInt64

        public init(job: String, shard: ShardID, attempt: Int, firstUnit: UInt64, endUnit: UInt64, seq: UInt64) {
            self.job = job
            self.shard = shard
            self.attempt = attempt
            self.firstUnit = firstUnit
            self.endUnit = endUnit
            self.seq = seq
        }

        public var shardAttempt: ShardAttempt { ShardAttempt(shard: shard, attempt: attempt) }
    }

    /// The worker's state as of the last lease it has seen.
    public struct Heartbeat: Sendable, Equatable, Codable {
        public var job: String
        /// Shards it is loading, or whose result awaits an ack.
        public var holding: [ShardAttempt]
        /// The highest lease `seq` it has received since its last welcome.
        public var seenLease: UInt64
        /// Credit offered and not yet filled, as of `seenLease`.
        public var credit: Int

        public init(job: String, holding: [ShardAttempt], seenLease: UInt64, credit: Int) {
            self.job = job
            self.holding = holding
            self.seenLease = seenLease
            self.credit = credit
        }
    }

    /// A shard's result: committed by this attempt, or found already committed (`skipped`).
    public struct Done: Sendable, Equatable, Codable {
        public var job: String
        public var shard: ShardID
        public var attempt: Int
        public var rows: Int64
        public var bytes: Int64
        public var checksum: String
        public var skipped: Bool
        /// The shard's drift sketch (`SketchCodec` text), when the worker made one.
        public var sketch: String?
        /// Seconds the worker spent on the shard.
        public var seconds: Double?

        public init(
            job: String, shard: ShardID, attempt: Int, rows: Int64, bytes: Int64, checksum: String, skipped: Bool,
            sketch: String? = nil, seconds: Double? = nil
        ) {
            self.job = job
            self.shard = shard
            self.attempt = attempt
            self.rows = rows
            self.bytes = bytes
            self.checksum = checksum
            self.skipped = skipped
            self.sketch = sketch
            self.seconds = seconds
        }

        public var shardAttempt: ShardAttempt { ShardAttempt(shard: shard, attempt: attempt) }
    }

    /// A failed attempt and why.
    public struct Failed: Sendable, Equatable, Codable {
        public var job: String
        public var shard: ShardID
        public var attempt: Int
        public var error: String
        public var transient: Bool

        public init(job: String, shard: ShardID, attempt: Int, error: String, transient: Bool) {
            self.job = job
            self.shard = shard
            self.attempt = attempt
            self.error = error
            self.transient = transient
        }

        public var shardAttempt: ShardAttempt { ShardAttempt(shard: shard, attempt: attempt) }
    }

    public var typeName: String {
        switch self {
        case .hello: "hello"
        case .welcome: "welcome"
        case .refuse: "refuse"
        case .ready: "ready"
        case .lease: "lease"
        case .heartbeat: "heartbeat"
        case .ack: "ack"
        case .reintroduce: "reintroduce"
        case .done: "done"
        case .failed: "failed"
        case .finish: "finish"
        case .bye: "bye"
        }
    }
}
