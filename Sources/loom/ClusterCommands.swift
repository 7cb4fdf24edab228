@preconcurrency import Glibc
import ArgumentParser
import Foundation
import LoomCoordinator
import LoomLoad
import LoomPostgres
import LoomProtocol
import LoomWire
import LoomWorker

/// `loom coordinator SPEC`: plan, lease shards to workers, finish the job.
struct CoordinatorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "coordinator",
        abstract: "Plan a job into shards and lease them to `loom worker` processes over ZeroMQ; finish the job when all are committed.",
        discussion:
            "The job and every committed shard live in PostgreSQL (schema loom): a coordinator killed at any moment carries on when started again with --resume."
    )

    @OptionGroup var options: SpecOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var job: JobOptions

    @Option(help: "ZeroMQ endpoint to bind, e.g. tcp://0.0.0.0:5555.")
    var bind: String = "tcp://0.0.0.0:5555"

    @Option(parsing: .unconditional, help: "Seconds a lease lasts without a heartbeat.")
    var leaseSeconds: Double = 20

    @Flag(help: "Carry on with an unfinished job of the same spec and sizing.")
    var resume = false

    @OptionGroup var tables: TableOptions

    @Option(help: "postgres (load) or null (generate and discard: measures the cluster itself, no database).")
    var sink: Sink = .postgres

    @Option(help: "CURVE: the coordinator's secret key, or a file holding it (see `loom keys`).")
    var curveSecret: String?

    @Option(help: "CURVE: a file listing the public keys of the workers allowed in, one per line.")
    var curveAllow: String?

    @Option(help: "Publish progress and per-shard events on this ZeroMQ endpoint (PUB), e.g. tcp://0.0.0.0:5556.")
    var events: String?

    func run() throws {
        try reporting {
            guard !job.intoExisting else { throw Failure(JobOptions.intoExistingInCluster) }
            guard leaseSeconds >= 2 else {
                throw Failure("--lease-seconds must be at least 2 (workers heartbeat every second; a shorter lease drops busy workers)")
            }
            let spec = try options.load()
            let conninfo = sink.discards ? "" : try database.resolve()
            var opts = try job.loadOptions(spec, database: database)
            tables.apply(to: &opts)
            let coordinator = Coordinator(
                spec: spec, options: opts, conninfo: conninfo, bind: bind, leaseSeconds: leaseSeconds, resume: resume)
            coordinator.sink = sink
            coordinator.events = events
            if let curveSecret {
                guard let curveAllow else { throw Failure("--curve-secret needs --curve-allow FILE with the workers' public keys") }
                do {
                    let secret = try CurveKeyPair.readKey(curveSecret)
                    guard let text = try? String(contentsOfFile: curveAllow, encoding: .utf8) else {
                        throw Failure("cannot read \(curveAllow)")
                    }
                    let keys = Set(
                        text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                            !$0.isEmpty && !$0.hasPrefix("#")
                        })
                    guard keys.allSatisfy(CurveKeyPair.isValid) else {
                        throw Failure("\(curveAllow): every line must be a 40-character public key")
                    }
                    coordinator.curve = (secret, keys)
                } catch let e as ZeroMQError {
                    throw Failure(e.description)
                }
            } else if curveAllow != nil {
                throw Failure("--curve-allow needs --curve-secret")
            }
            coordinator.report = { fputs("loom coordinator: \($0)\n", stderr) }
            do {
                let s = try coordinator.run()
                if s.alreadyLoaded {
                    print("already loaded: job \(s.job); nothing to do")
                } else {
                    print(
                        "finished job \(s.job): \(s.shards) shards (\(s.shardsThisRun) in this run, \(s.rows) rows), \(s.workers) workers, \(s.expiredLeases) expired leases, \(s.attempts.duplicate) shards done more than once, \(String(format: "%.1f", s.seconds)) s"
                    )
                }
            } catch let e as LoadError {
                throw Failure(e.description)
            } catch let e as PostgresError {
                throw Failure(e.description)
            }
        }
    }
}

/// `loom worker --connect tcp://HOST:5555`: load the shards a coordinator leases.
struct WorkerCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "worker",
        abstract: "Join a coordinator and load the shards it leases; exit when it says the job is done.",
        discussion: "SIGTERM drains the worker: it finishes and reports the shards it holds, takes no more, and exits 0."
    )

    /// Set by the SIGTERM handler.
    nonisolated(unsafe) static var terminated: sig_atomic_t = 0

    @Option(help: "The coordinator's ZeroMQ endpoint, e.g. tcp://10.0.0.5:5555.")
    var connect: String

    @OptionGroup var database: DatabaseOptions

    @Option(parsing: .unconditional, help: "Shards loaded in parallel (one PostgreSQL connection each).")
    var slots: Int = 1

    @Option(help: "postgres (load), or null (generate and discard, whatever the coordinator says).")
    var sink: Sink = .postgres

    @Option(help: "CURVE: the coordinator's public key, or a file holding it.")
    var curveServerKey: String?

    @Option(help: "CURVE: this worker's secret key, or a file holding it (see `loom keys`).")
    var curveSecret: String?

    @Option(
        parsing: .unconditional, help: "Seconds without a word from the coordinator before saying hello again (it answers every heartbeat)."
    )
    var coordinatorTimeout: Double = 6

    @Option(parsing: .unconditional, help: "Rows per second each slot may load at most, to spare a busy database (0: no limit).")
    var throttle: Double = 0

    func run() throws {
        try reporting {
            guard slots >= 1 else { throw Failure("--slots must be at least 1") }
            guard coordinatorTimeout >= 2 else {
                throw Failure("--coordinator-timeout must be at least 2 seconds (heartbeats go every second)")
            }
            guard throttle >= 0 else { throw Failure("--throttle must be 0 (no limit) or a positive number of rows per second") }
            let conninfo = sink.discards ? "" : try database.resolve()
            let worker = ClusterWorker(connect: connect, conninfo: conninfo, slots: slots)
            worker.sink = sink
            worker.coordinatorTimeout = coordinatorTimeout
            worker.throttle = throttle
            switch (curveServerKey, curveSecret) {
            case (let server?, let secret?):
                do {
                    worker.curve = (try CurveKeyPair.readKey(server), try CurveKeyPair(secretKey: try CurveKeyPair.readKey(secret)))
                } catch let e as ZeroMQError {
                    throw Failure(e.description)
                }
            case (nil, nil): break
            default: throw Failure("CURVE needs both --curve-server-key and --curve-secret")
            }
            worker.report = { [name = worker.name] in fputs("loom worker \(name): \($0)\n", stderr) }
            signal(SIGTERM) { _ in WorkerCommand.terminated = 1 }
            var mask = sigset_t()
            sigemptyset(&mask)
            sigaddset(&mask, SIGTERM)
            pthread_sigmask(SIG_UNBLOCK, &mask, nil)
            worker.shouldDrain = { WorkerCommand.terminated != 0 }
            do {
                try worker.run()
            } catch let e as LoadError {
                throw Failure(e.description)
            }
        }
    }
}

/// `loom run SPEC`: a local cluster in one command.
struct RunCommand: ParsableCommand {
    nonisolated(unsafe) static var interrupted: sig_atomic_t = 0

    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Start a coordinator and N worker processes on this machine, load the spec, and stop them all at the end."
    )

    @OptionGroup var options: SpecOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var job: JobOptions

    @Option(parsing: .unconditional, help: "Worker processes to start.")
    var workers: Int = 2

    @Option(parsing: .unconditional, help: "Shards each worker loads in parallel.")
    var slots: Int = 1

    @Option(help: "postgres (load), or null (generate and discard: measures the cluster itself).")
    var sink: Sink = .postgres

    @OptionGroup var tables: TableOptions

    @Option(
        help:
            "Where the monitor serves /metrics, /api/status and its dashboard (HOST:PORT; 'off' for none). Default: 127.0.0.1:9464, or a free port when that one is taken."
    )
    var monitorListen: String?

    /// Where the monitor will listen: the default port, or a free one when another process holds
    /// it; a port the user named that is taken fails at once (the URL printed must be ours).
    func monitorAddress() throws -> String? {
        if monitorListen == "off" { return nil }
        let address = monitorListen ?? "127.0.0.1:9464"
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]) else {
            throw Failure("--monitor-listen '\(address)' is not HOST:PORT (or 'off')")
        }
        let host = String(address[..<colon])
        if PortProbe.isFree(host: host, port: port) { return address }
        guard monitorListen == nil else {
            throw Failure("--monitor-listen \(address): another process listens there; pick another port, or 'off'")
        }
        let free = "127.0.0.1:\(try PostgresServer.freePort())"
        fputs("loom run: port \(port) is taken by another process; the monitor listens on \(free) instead\n", stderr)
        return free
    }

    func run() throws {
        try reporting {
            guard !job.intoExisting else { throw Failure(JobOptions.intoExistingInCluster) }
            guard workers >= 1 else { throw Failure("--workers must be at least 1") }
            _ = try options.load()
            let monitorAt = try monitorAddress()
            let conninfo = sink.discards ? "" : try database.resolve()
            let port = try PostgresServer.freePort()
            let endpoint = "tcp://127.0.0.1:\(port)"
            let exe = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
            var sizing: [String] = ["--shard-rows", String(job.shardRows), "--schema", database.schema, "--sink", sink.rawValue]
            if let r = job.size.rows { sizing += ["--rows", String(r)] }
            if let s = job.size.scale { sizing += ["--scale", String(s)] }
            if let seed = options.seed { sizing += ["--seed", String(seed)] }
            let env = ProcessInfo.processInfo.environment
            // On a terminal the live view owns stderr; the processes' own messages go to a log.
            var log: FileHandle? = nil
            if isatty(STDERR_FILENO) != 0 {
                let dir = FileManager.default.currentDirectoryPath + "/.loom/logs"
                try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                let path = dir + "/run-\(getpid()).log"
                if FileManager.default.createFile(atPath: path, contents: nil) {
                    log = FileHandle(forWritingAtPath: path)
                    fputs("loom run: coordinator and worker messages go to \(path)\n", stderr)
                }
            }
            func spawn(_ args: [String]) throws -> Process {
                let p = Process()
                p.executableURL = exe
                p.arguments = args
                p.environment = env
                if let log { p.standardError = log }
                try p.run()
                return p
            }
            let eventsEndpoint = "tcp://127.0.0.1:\(try PostgresServer.freePort())"
            let coordinator = try spawn(
                [
                    "coordinator", options.spec, "--bind", endpoint, "--events", eventsEndpoint,
                    "--database", conninfo, "--resume",
                ] + sizing + tables.arguments)
            var pool: [Process] = []
            if let monitorAt {
                pool.append(try spawn(["monitor", "--listen", monitorAt, "--connect", eventsEndpoint]))
                fputs("loom run: monitor at http://\(monitorAt)/\n", stderr)
            }
            for _ in 0..<workers {
                pool.append(
                    try spawn(["worker", "--connect", endpoint, "--database", conninfo, "--slots", String(slots), "--sink", sink.rawValue]))
            }
            signal(SIGINT) { _ in RunCommand.interrupted = 1 }
            signal(SIGTERM) { _ in RunCommand.interrupted = 1 }
            // A parent may have blocked these; Ctrl-C must reach us.
            var mask = sigset_t()
            sigemptyset(&mask)
            sigaddset(&mask, SIGINT)
            sigaddset(&mask, SIGTERM)
            pthread_sigmask(SIG_UNBLOCK, &mask, nil)
            let view = ClusterView()
            let context = ZeroMQContext()
            let sub = try? ZeroMQSocket(context, .sub)
            try? sub?.set(6 /* ZMQ_SUBSCRIBE */, [UInt8]())
            try? sub?.connect(eventsEndpoint)
            while coordinator.isRunning {
                if RunCommand.interrupted != 0 {
                    view.end()
                    fputs("loom run: stopping the coordinator and \(workers) workers\n", stderr)
                    for p in [coordinator] + pool where p.isRunning { p.terminate() }
                    coordinator.waitUntilExit()
                    for p in pool { p.waitUntilExit() }
                    throw ExitCode(130)
                }
                if let sub, (try? sub.poll(milliseconds: 100)) == true, let frames = try? sub.receive(),
                    let frame = frames.first, let event = ClusterEvent.decode(frame)
                {
                    view.show(event)
                }
            }
            view.end()
            let monitor = monitorAt == nil ? nil : pool.first
            let deadline = Date().addingTimeInterval(5)
            while pool.contains(where: { $0 !== monitor && $0.isRunning }), Date() < deadline { Thread.sleep(forTimeInterval: 0.1) }
            for p in pool where p.isRunning { p.terminate() }
            for p in pool { p.waitUntilExit() }
            if coordinator.terminationStatus != 0 { throw ExitCode(coordinator.terminationStatus) }
        }
    }
}

/// `loom keys`: a CURVE key pair for a coordinator or a worker.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys",
        abstract: "Make a CURVE key pair: PREFIX.secret (mode 600) and PREFIX.public, or print both."
    )

    @Option(help: "Write PREFIX.secret and PREFIX.public instead of printing.")
    var out: String?

    func run() throws {
        try reporting {
            let pair: CurveKeyPair
            do { pair = try CurveKeyPair.generate() } catch { throw Failure("\(error)") }
            guard let out else {
                print("public: \(pair.publicKey)")
                print("secret: \(pair.secretKey)")
                return
            }
            let fm = FileManager.default
            guard
                fm.createFile(
                    atPath: out + ".secret", contents: Data((pair.secretKey + "\n").utf8), attributes: [.posixPermissions: 0o600]),
                fm.createFile(atPath: out + ".public", contents: Data((pair.publicKey + "\n").utf8))
            else {
                throw Failure("cannot write \(out).secret / \(out).public")
            }
            print("wrote \(out).secret and \(out).public (\(pair.publicKey))")
        }
    }
}

extension Sink: ExpressibleByArgument {}
