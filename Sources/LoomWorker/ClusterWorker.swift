import Foundation
import LoomGen
import LoomPostgres
import LoomSpec
import LoomStats
import LoomProtocol
import LoomWire
import LoomLoad
import LoomValidate

/// `loom worker`: connects to a coordinator, takes leased shards and loads each exactly once
/// with `ShardLoader`, `slots` at a time, reporting results and heartbeats. The protocol logic
/// is `WorkerSession`; this class only moves messages between it, the socket (owned by the
/// calling thread) and the loader threads.
public final class ClusterWorker: @unchecked Sendable {
    public let endpoint: String
    public let conninfo: String
    public let slots: Int
    public var report: @Sendable (String) -> Void = { _ in }
    public let name: String
    /// Generate and discard, whatever the coordinator says.
    public var nullSink = false
    /// CURVE: the coordinator's public key and this worker's key pair.
    public var curve: (serverKey: String, keys: CurveKeyPair)?
    /// Polled by the run loop: once true, the worker drains (finishes the shards it holds,
    /// takes no more) and returns. Set from a SIGTERM handler.
    public var shouldDrain: @Sendable () -> Bool = { false }

    private let condition = NSCondition()
    private var leases: [WireMessage.Lease] = []
    private var results: [WireMessage] = []
    private var job: (Spec, LoadOptions, Bool)?
    private var stopping = false

    public init(connect endpoint: String, conninfo: String, slots: Int) {
        self.endpoint = endpoint
        self.conninfo = conninfo
        self.slots = max(1, slots)
        name = "\(ProcessInfo.processInfo.hostName):\(getpid())"
    }

    private func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Runs until the coordinator says the job is finished (returns) or refuses this worker
    /// (throws with its reason).
    public func run() throws {
        let context = ZeroMQContext()
        let socket: ZeroMQSocket
        do {
            socket = try ZeroMQSocket(context, .dealer)
            try socket.setRoutingID(name)
            if let curve { try socket.makeCurveClient(serverKey: curve.serverKey, keys: curve.keys) }
            try socket.connect(endpoint)
        } catch {
            throw LoadError("cannot connect to the coordinator at \(endpoint): \(error)")
        }
        var session = WorkerSession(.init(
            hello: .init(worker: name, host: ProcessInfo.processInfo.hostName, slots: slots, specHash: "", generatorVersion: GeneratorVersion.current),
            heartbeatInterval: 1, coordinatorTimeout: 6, helloInterval: 1))
        for i in 0..<slots {
            let t = Thread { [self] in loaderLoop(slot: i) }
            t.stackSize = 4 << 20
            t.start()
        }
        defer {
            condition.lock()
            stopping = true
            condition.broadcast()
            condition.unlock()
        }
        var actions = session.start(now: now())
        var drainRequested = false
        while true {
            if !drainRequested, shouldDrain() {
                drainRequested = true
                report("draining: finishing \(session.inFlight.count) shard(s) in flight, taking no more")
                actions += session.drain()
            }
            for action in actions {
                switch action {
                case .send(let m):
                    do { try socket.send([m.encoded()]) } catch { report("send failed: \(error)") }
                case .configure(let w):
                    let descriptor = try JobDescriptor.decode(w.options)
                    let (spec, options) = try descriptor.materialize()
                    condition.lock()
                    job = (spec, options, nullSink || descriptor.sink == "null")
                    condition.unlock()
                    report("joined job \(w.job)")
                case .start(let lease):
                    condition.lock()
                    leases.append(lease)
                    condition.signal()
                    condition.unlock()
                case .exit:
                    if session.draining {
                        // Let the last results and the goodbye reach the coordinator before closing.
                        try? socket.set(17 /* ZMQ_LINGER */, Int32(2000))
                        report("drained; exiting")
                    } else {
                        report("the coordinator says the job is finished")
                    }
                    return
                case .fail(let reason):
                    throw LoadError("refused by the coordinator: \(reason)")
                }
            }
            actions = []
            if (try? socket.poll(milliseconds: 50)) == true, let frames = try? socket.receive(), let frame = frames.last {
                do {
                    actions += session.received(try WireMessage.decode(frame), now: now())
                } catch {
                    report("dropped a message from the coordinator: \(error)")
                }
            }
            condition.lock()
            let finished = results
            results = []
            condition.unlock()
            for r in finished {
                switch r {
                case .done(let d): actions += session.shardDone(d)
                case .failed(let f): actions += session.shardFailed(f)
                default: break
                }
            }
            actions += session.tick(now: now())
        }
    }

    private func loaderLoop(slot: Int) {
        var connection: PostgresConnection? = nil
        var plan: DatasetPlan? = nil
        var targets: [String: TableTargets] = [:]
        let connector = Connector(conninfo: conninfo, retry: RetryPolicy(), report: report)
        while true {
            condition.lock()
            while leases.isEmpty && !stopping { condition.wait() }
            if stopping { condition.unlock(); connection?.close(); return }
            let lease = leases.removeFirst()
            let job = self.job
            condition.unlock()
            guard let (spec, options, discard) = job else { continue }
            let result: WireMessage
            let started = now()
            do {
                if plan == nil {
                    plan = try DatasetPlan(spec: spec, scale: options.scale, rowOverrides: options.rowOverrides)
                    targets = Dictionary(DriftTargets.make(plan!).map { ($0.table, $0) }, uniquingKeysWith: { a, _ in a })
                }
                var sketcher = targets[lease.shard.table].map(TableSketcher.init)
                if discard {
                    let shard = ShardPlan.Shard(table: lease.shard.table, index: lease.shard.index, units: lease.firstUnit..<lease.endUnit)
                    let (sum, rows, bytes) = try ShardLoader.checksum(plan!, shard, sketcher: &sketcher)
                    condition.lock()
                    results.append(.done(.init(shard: lease.shard, attempt: lease.attempt, rows: rows, bytes: bytes, checksum: sum, skipped: false,
                                               sketch: sketcher.map { ShardLoader.json($0.sketch) }, seconds: now() - started)))
                    condition.unlock()
                    continue
                }
                if connection == nil || !connection!.isHealthy { connection = try connector.connectOnce() }
                let shard = ShardPlan.Shard(table: lease.shard.table, index: lease.shard.index, units: lease.firstUnit..<lease.endUnit)
                let loader = ShardLoader(connection: connection!, plan: plan!, schema: options.schema, job: JobDescriptor(spec: spec, options: options).job, worker: name)
                switch try loader.load(shard, attempt: lease.attempt, sketcher: &sketcher) {
                case .loaded(let r):
                    result = .done(.init(shard: lease.shard, attempt: lease.attempt, rows: r.rows, bytes: r.bytes, checksum: r.checksum, skipped: false,
                                         sketch: r.sketch, seconds: now() - started))
                case .skipped:
                    result = .done(.init(shard: lease.shard, attempt: lease.attempt, rows: 0, bytes: 0, checksum: "", skipped: true))
                }
            } catch let e as PostgresError {
                if e.isTransient { connection?.close(); connection = nil }
                result = .failed(.init(shard: lease.shard, attempt: lease.attempt, error: e.description, transient: e.isTransient))
            } catch {
                result = .failed(.init(shard: lease.shard, attempt: lease.attempt, error: "\(error)", transient: false))
            }
            condition.lock()
            results.append(result)
            condition.unlock()
        }
    }
}
