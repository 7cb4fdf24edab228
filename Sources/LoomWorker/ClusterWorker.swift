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
    /// `.null`: generate and discard, whatever the coordinator says.
    public var sink: Sink = .postgres
    /// CURVE: the coordinator's public key and this worker's key pair.
    public var curve: (serverKey: String, keys: CurveKeyPair)?
    /// Polled by the run loop: once true, the worker drains (finishes the shards it holds,
    /// takes no more) and returns. Set from a SIGTERM handler.
    public var shouldDrain: @Sendable () -> Bool = { false }
    /// Seconds between heartbeats.
    public var heartbeatInterval: Double = 1
    /// Seconds of silence from the coordinator before saying hello again.
    public var coordinatorTimeout: Double = 6
    /// Rows per second each loader may send at most (0: unlimited), to spare a busy database.
    public var throttle: Double = 0

    private let condition = NSCondition()
    private let wake = WakeSignal()
    private var leases: [WireMessage.Lease] = []
    private var results: [WireMessage] = []
    /// The job the loaders work for; replaced only between jobs.
    private struct Job {
        var id: String
        var spec: Spec
        var options: LoadOptions
        var discard: Bool
    }
    private var job: Job?
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
        var session = WorkerSession(
            .init(
                hello: .init(
                    worker: name, host: ProcessInfo.processInfo.hostName, slots: slots, generatorVersion: GeneratorVersion.current),
                heartbeatInterval: heartbeatInterval, coordinatorTimeout: coordinatorTimeout, helloInterval: 1))
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
            var outgoing: [Data] = []
            func flush() {
                var start = 0
                while start < outgoing.count {
                    let end = min(outgoing.count, start + WireMessage.maxBatch)
                    do { try socket.send(Array(outgoing[start..<end])) } catch { report("send failed: \(error)") }
                    start = end
                }
                outgoing = []
            }
            for action in actions {
                switch action {
                case .send(let m):
                    outgoing.append(m.encoded())
                case .configure(let w):
                    do {
                        try configure(w)
                    } catch {
                        throw LoadError("cannot set up job \(w.job) from the coordinator's welcome: \(error)")
                    }
                case .start(let lease):
                    condition.lock()
                    leases.append(lease)
                    condition.signal()
                    condition.unlock()
                case .log(let line): report(Sanitized.text(line, limit: 1000))
                case .exit:
                    flush()
                    if session.draining {
                        // Let the last results and the goodbye reach the coordinator before closing.
                        try? socket.setLinger(milliseconds: 2000)
                        report("drained; exiting")
                    } else {
                        report("the coordinator says the job is finished")
                    }
                    return
                case .fail(let reason):
                    flush()
                    throw LoadError("refused by the coordinator: \(Sanitized.text(reason))")
                }
            }
            flush()
            actions = []
            // Loaders wake the poll when they finish a shard, so its report and the next credit
            // leave at once; the timeout only paces heartbeats.
            let ready = (try? socket.poll(milliseconds: 50, orReadable: wake.fd)) ?? (socket: false, fd: false)
            if ready.fd { wake.drain() }
            if ready.socket {
                var frames: [Data]? = []
                do { frames = try socket.receive(maxFrames: WireMessage.maxBatch) } catch { report("receive failed: \(error)") }
                if frames == nil { report("dropped a message of more than \(WireMessage.maxBatch) parts from the coordinator") }
                for frame in frames ?? [] {
                    do {
                        actions += session.received(try WireMessage.decode(frame), now: now())
                    } catch .unsupportedVersion(let v) where v < WireMessage.version {
                        throw LoadError(
                            "the coordinator at \(endpoint) speaks protocol version \(v), this worker \(WireMessage.version); run the same loom build everywhere"
                        )
                    } catch {
                        report("dropped a message from the coordinator: \(error)")
                    }
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

    /// Sets the loaders up for the job of a welcome. The session only does this with no shard
    /// in flight, so no loader still works with the old plan.
    private func configure(_ w: WireMessage.Welcome) throws {
        let descriptor = try JobDescriptor.decode(w.options)
        let (spec, options) = try descriptor.materialize()
        let computed = options.jobID(spec)
        guard computed == w.job else {
            throw LoadError("the welcome names job \(w.job) but its spec and options make job \(computed)")
        }
        condition.lock()
        job = Job(id: w.job, spec: spec, options: options, discard: sink.discards || descriptor.sink.discards)
        condition.unlock()
        report("joined job \(w.job)")
    }

    private func loaderLoop(slot: Int) {
        var connection: PostgresConnection? = nil
        var planned: (job: String, plan: DatasetPlan, targets: [String: TableTargets])? = nil
        let connector = Connector(conninfo: conninfo, retry: RetryPolicy(), report: report)
        while true {
            condition.lock()
            while leases.isEmpty && !stopping { condition.wait() }
            if stopping {
                condition.unlock()
                connection?.close()
                return
            }
            let lease = leases.removeFirst()
            let job = self.job
            condition.unlock()
            guard let job, job.id == lease.job else { continue }
            let result: WireMessage
            let started = now()
            func failed(_ error: String, transient: Bool) -> WireMessage {
                .failed(.init(job: job.id, shard: lease.shard, attempt: lease.attempt, error: error, transient: transient))
            }
            do {
                if planned?.job != job.id {
                    let plan = try DatasetPlan(spec: job.spec, scale: job.options.scale, rowOverrides: job.options.rowOverrides)
                    planned = (job.id, plan, Dictionary(DriftTargets.make(plan).map { ($0.table, $0) }, uniquingKeysWith: { a, _ in a }))
                }
                let plan = planned!.plan
                var sketcher = planned!.targets[lease.shard.table].map(TableSketcher.init)
                let shard = ShardPlan.Shard(table: lease.shard.table, index: lease.shard.index, units: lease.firstUnit..<lease.endUnit)
                if job.discard {
                    let (sum, rows, bytes) = try ShardLoader.checksum(plan, shard, sketcher: &sketcher)
                    result = .done(
                        .init(
                            job: job.id, shard: lease.shard, attempt: lease.attempt, rows: rows, bytes: bytes, checksum: sum,
                            skipped: false,
                            sketch: sketcher.map { SketchCodec.encode($0.sketch) }, seconds: now() - started))
                } else {
                    if connection == nil || !connection!.isHealthy { connection = try connector.connectOnce() }
                    var loader = ShardLoader(connection: connection!, plan: plan, schema: job.options.schema, job: job.id, worker: name)
                    loader.onRows = throttled(since: started)
                    switch try loader.load(shard, attempt: lease.attempt, sketcher: &sketcher) {
                    case .loaded(let r):
                        result = .done(
                            .init(
                                job: job.id, shard: lease.shard, attempt: lease.attempt, rows: r.rows, bytes: r.bytes, checksum: r.checksum,
                                skipped: false, sketch: r.sketch, seconds: now() - started))
                    case .skipped:
                        report("\(lease.shard) is already in the ledger; attempt \(lease.attempt) skipped it")
                        result = .done(
                            .init(job: job.id, shard: lease.shard, attempt: lease.attempt, rows: 0, bytes: 0, checksum: "", skipped: true))
                    }
                }
            } catch let e as PostgresError {
                if e.isTransient {
                    connection?.close()
                    connection = nil
                }
                result = failed(e.description, transient: e.isTransient)
            } catch {
                result = failed("\(error)", transient: false)
            }
            condition.lock()
            results.append(result)
            condition.unlock()
            wake.signal()
        }
    }

    /// With `throttle` set, a row callback that sleeps the loader until its rows per second are
    /// back under the limit (checked once per COPY chunk, not per row).
    private func throttled(since started: Double) -> (Int64) -> Void {
        guard throttle > 0 else { return { _ in } }
        var sent: Int64 = 0
        return { [throttle] rows in
            sent += rows
            let due = started + Double(sent) / throttle
            let wait = due - Double(DispatchTime.now().uptimeNanoseconds) / 1e9
            if wait > 0 { Thread.sleep(forTimeInterval: wait) }
        }
    }
}
