#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A private PostgreSQL cluster that lives in one directory and starts on demand.
///
/// Layout: `data/` (the cluster), `socket/` (its unix socket), `server.log` and
/// `loom-server.json` (the endpoint of the running server). PostgreSQL refuses to run as root,
/// so as root every server command runs as the `postgres` user, which then owns the directory.
/// Settings only take effect when a server starts; `start` on a running server returns its
/// endpoint as it is.
public final class PostgresServer: Sendable {
    /// Where a running server accepts connections: always a unix socket, and TCP on
    /// `tcpHost` when the server listens there.
    public struct Endpoint: Sendable, Equatable, Codable {
        public var port: Int
        public var socketDirectory: String
        /// `127.0.0.1` when the server listens on loopback TCP; nil for unix socket only.
        public var tcpHost: String?

        public init(port: Int, socketDirectory: String, tcpHost: String? = nil) {
            self.port = port
            self.socketDirectory = socketDirectory
            self.tcpHost = tcpHost
        }

        /// A `postgres://` URL as user `postgres`: over TCP when the server listens there,
        /// otherwise through the socket directory (`?host=`).
        public func url(database: String) -> String {
            let db = Self.percentEncoded(database)
            if let tcpHost { return "postgres://postgres@\(tcpHost):\(port)/\(db)" }
            return "postgres://postgres@/\(db)?host=\(Self.percentEncoded(socketDirectory))&port=\(port)"
        }

        /// libpq keyword form through the unix socket: `host=DIR port=P user=postgres dbname=D`.
        public func conninfo(database: String) -> String {
            let pairs = [("host", socketDirectory), ("port", String(port)), ("user", "postgres"), ("dbname", database)]
            return pairs.map { "\($0.0)=\(Self.conninfoValue($0.1))" }.joined(separator: " ")
        }

        static func conninfoValue(_ value: String) -> String {
            let plain = !value.isEmpty && !value.contains { $0 == " " || $0 == "'" || $0 == "\\" || $0 == "=" || $0.isNewline }
            if plain { return value }
            return "'" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "'", with: "\\'") + "'"
        }

        static func percentEncoded(_ s: String) -> String {
            s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? s
        }
    }

    /// How `stop` ends the server: `fast` rolls back sessions and checkpoints; `immediate`
    /// just exits (crash recovery on next start), for throwaway clusters.
    public enum StopMode: String, Sendable {
        case fast, immediate
    }

    /// The cluster directory, absolute.
    public let directory: String
    private let binOverride: String?

    /// The cluster itself (`initdb`'s `-D`).
    public var dataDirectory: String { directory + "/data" }
    /// Where the server puts its unix socket.
    public var socketDirectory: String { directory + "/socket" }
    /// The server's log; errors point here.
    public var logFile: String { directory + "/server.log" }
    /// `{port, socketDirectory, tcpHost}` of the running server.
    var stateFile: String { directory + "/loom-server.json" }

    /// A server for the cluster in `directory` (created by `start` if missing). Without
    /// `binDirectory`, binaries are found by `findBinDirectory`.
    public init(directory: String, binDirectory: String? = nil) {
        self.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
        self.binOverride = binDirectory
    }

    // MARK: Lifecycle

    /// Starts the server (running `initdb` first if the cluster doesn't exist yet) and returns
    /// its endpoint; a server already running in this directory is reused as it is. Without
    /// `port`, a free one is chosen. `settings` go into the cluster's `loom.conf` and override
    /// the defaults (`listen_addresses = '127.0.0.1'`, `max_connections = 100`).
    @discardableResult
    public func start(port: Int? = nil, settings: [String: String] = [:]) throws -> Endpoint {
        for name in settings.keys where !Self.isSettingName(name) { throw PostgresServerError.invalidSetting(name: name) }
        let bin = try binDirectory()
        if try status(bin) { return try runningEndpoint() }

        try prepareDirectories()
        if !FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") { try initdb(bin) }
        try checkVersion(bin)

        var attempt = 0
        while true {
            attempt += 1
            let chosen = try port ?? Self.freePort()
            var all = ["listen_addresses": "127.0.0.1", "max_connections": "100"]
            all.merge(settings) { $1 }
            all["port"] = String(chosen)
            all["unix_socket_directories"] = socketDirectory
            try writeConfig(all)
            try? FileManager.default.removeItem(atPath: stateFile)
            let endpoint = Endpoint(port: chosen, socketDirectory: socketDirectory,
                                    tcpHost: Self.tcpHost(all["listen_addresses"] ?? ""))
            let logStart = logSize()
            let result = try run(bin + "/pg_ctl", ["-D", dataDirectory, "-w", "-t", "60", "-l", logFile, "start"], timeout: 90, asServer: true)
            if result.status == 0 {
                try writeState(endpoint)
                return endpoint
            }
            // An automatically chosen port can be taken between choosing and binding: retry.
            if port == nil, attempt < 3, log(from: logStart).contains("already in use") { continue }
            // pg_ctl only says "examine the log output": add the log, which says why.
            throw PostgresServerError.commandFailed(command: "pg_ctl start", status: result.status,
                                                    output: result.output + log(from: logStart), log: logFile)
        }
    }

    /// Stops the server; does nothing if it isn't running.
    public func stop(mode: StopMode = .fast) throws {
        let bin = try binDirectory()
        guard try status(bin) else { return }
        let result = try run(bin + "/pg_ctl", ["-D", dataDirectory, "-m", mode.rawValue, "-w", "-t", "60", "stop"], timeout: 90, asServer: true)
        guard result.status == 0 else {
            throw PostgresServerError.commandFailed(command: "pg_ctl stop", status: result.status, output: result.output, log: logFile)
        }
        try? FileManager.default.removeItem(atPath: stateFile)
    }

    /// Whether a server is running on this cluster (false if binaries or cluster are missing).
    public var isRunning: Bool {
        guard let bin = try? binDirectory() else { return false }
        return (try? status(bin)) ?? false
    }

    /// The endpoint of the running server, or nil if it isn't running.
    public var endpoint: Endpoint? {
        isRunning ? try? runningEndpoint() : nil
    }

    /// Creates database `name` (any name: it is quoted) on the running server.
    public func createDatabase(_ name: String) throws {
        let bin = try binDirectory()
        guard try status(bin) else { throw PostgresServerError.notRunning(directory: directory) }
        let ep = try runningEndpoint()
        let sql = "CREATE DATABASE \(SchemaDDL.quote(name))"
        let result = try run(bin + "/psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", ep.conninfo(database: "postgres"), "-c", sql],
                             timeout: 60, asServer: true)
        guard result.status == 0 else {
            throw PostgresServerError.commandFailed(command: "psql -c '\(sql)'", status: result.status, output: result.output, log: logFile)
        }
    }

    // MARK: Binaries

    /// The PostgreSQL bin directory to use: `binDirectory` from `init`, else `findBinDirectory`
    /// preferring the cluster's own major version.
    public func binDirectory() throws -> String {
        if let binOverride {
            guard Self.hasServerBinaries(binOverride) else { throw PostgresServerError.binariesNotFound(searched: [binOverride]) }
            return binOverride
        }
        return try Self.findBinDirectory(preferringMajor: clusterVersion())
    }

    /// Finds PostgreSQL's server binaries: `$LOOM_PG_BINDIR`, then `pg_config --bindir`, then
    /// the newest `/usr/lib/postgresql/*/bin` (the `preferringMajor` one first), then `PATH`.
    public static func findBinDirectory(preferringMajor major: Int? = nil) throws -> String {
        let env = ProcessInfo.processInfo.environment
        if let dir = env["LOOM_PG_BINDIR"], !dir.isEmpty {
            guard hasServerBinaries(dir) else { throw PostgresServerError.binariesNotFound(searched: ["LOOM_PG_BINDIR=\(dir)"]) }
            return dir
        }
        var candidates: [String] = []
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? [])
            .compactMap { Int($0) }.sorted(by: >)
        if let major, versions.contains(major) { candidates.append("\(root)/\(major)/bin") }
        if let pgConfig = pathLookup("pg_config"), let dir = try? runOutput(pgConfig, ["--bindir"]) { candidates.append(dir) }
        candidates += versions.map { "\(root)/\($0)/bin" }
        candidates += ["/usr/local/pgsql/bin", "/opt/homebrew/bin", "/usr/local/bin"]
        if let initdb = pathLookup("initdb") { candidates.append((initdb as NSString).deletingLastPathComponent) }
        if let found = candidates.first(where: hasServerBinaries) { return found }
        var seen = Set<String>()
        throw PostgresServerError.binariesNotFound(searched: candidates.filter { seen.insert($0).inserted })
    }

    static func hasServerBinaries(_ dir: String) -> Bool {
        ["initdb", "pg_ctl", "postgres", "psql"].allSatisfy { FileManager.default.isExecutableFile(atPath: dir + "/" + $0) }
    }

    static func pathLookup(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    // MARK: Steps

    private func status(_ bin: String) throws -> Bool {
        guard FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") else { return false }
        // 0: running; 3: not running; 4: no accessible data directory.
        return try run(bin + "/pg_ctl", ["-D", dataDirectory, "status"], timeout: 20, asServer: true).status == 0
    }

    private func prepareDirectories() throws {
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: socketDirectory, withIntermediateDirectories: true)
        } catch {
            throw PostgresServerError.directoryNotWritable(path: directory, user: nil)
        }
        // sun_path holds 108 bytes including the terminating NUL.
        let socketPath = socketDirectory + "/.s.PGSQL.65535"
        if socketPath.utf8.count > 107 { throw PostgresServerError.socketPathTooLong(path: socketPath) }
        guard let user = Self.serverUser else { return }
        for path in [directory, socketDirectory] where chown(path, user.uid, user.gid) != 0 {
            throw PostgresServerError.directoryNotWritable(path: path, user: user.name)
        }
        if try run(Self.pathLookup("test") ?? "/usr/bin/test", ["-w", directory, "-a", "-x", directory], timeout: 10, asServer: true).status != 0 {
            throw PostgresServerError.directoryNotWritable(path: directory, user: user.name)
        }
    }

    private func initdb(_ bin: String) throws {
        let args = ["-D", dataDirectory, "-A", "trust", "-U", "postgres", "--no-sync", "-E", "UTF8", "--locale=C"]
        let result = try run(bin + "/initdb", args, timeout: 120, asServer: true)
        guard result.status == 0 else {
            throw PostgresServerError.commandFailed(command: "initdb -D \(dataDirectory)", status: result.status, output: result.output, log: nil)
        }
        let conf = dataDirectory + "/postgresql.conf"
        guard let handle = FileHandle(forUpdatingAtPath: conf) else { throw PostgresServerError.directoryNotWritable(path: conf, user: nil) }
        defer { try? handle.close() }
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("\n# Settings Loom writes on every start.\ninclude_if_exists = 'loom.conf'\n".utf8))
    }

    private func clusterVersion() -> Int? {
        (try? String(contentsOfFile: dataDirectory + "/PG_VERSION", encoding: .utf8))
            .flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    private func checkVersion(_ bin: String) throws {
        guard let cluster = clusterVersion(),
              let text = try? Self.runOutput(bin + "/postgres", ["--version"]),
              let number = text.split(separator: " ").last, let binaries = Int(number.split(separator: ".").first ?? "")
        else { return }
        if cluster != binaries {
            throw PostgresServerError.versionMismatch(directory: directory, cluster: cluster, binaries: binaries, binDirectory: bin)
        }
    }

    private func writeConfig(_ settings: [String: String]) throws {
        var text = "# Written by Loom on every start; edits are lost.\n"
        for (name, value) in settings.sorted(by: { $0.key < $1.key }) {
            text += "\(name) = '\(value.replacingOccurrences(of: "'", with: "''"))'\n"
        }
        let path = dataDirectory + "/loom.conf"
        do { try text.write(toFile: path, atomically: false, encoding: .utf8) } catch {
            throw PostgresServerError.directoryNotWritable(path: path, user: nil)
        }
        if let user = Self.serverUser { _ = chown(path, user.uid, user.gid) }
    }

    private func writeState(_ endpoint: Endpoint) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        try encoder.encode(endpoint).write(to: URL(fileURLWithPath: stateFile))
    }

    /// The running server's endpoint from `loom-server.json`, or from `postmaster.pid` (line 4
    /// port, 5 socket directory, 6 listen address) for a server started some other way.
    private func runningEndpoint() throws -> Endpoint {
        if let data = FileManager.default.contents(atPath: stateFile),
           let endpoint = try? JSONDecoder().decode(Endpoint.self, from: data) { return endpoint }
        let lines = ((try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8)) ?? "")
            .split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 6, let port = Int(lines[3]), !lines[4].isEmpty else {
            throw PostgresServerError.unknownEndpoint(directory: directory)
        }
        return Endpoint(port: port, socketDirectory: lines[4], tcpHost: Self.tcpHost(lines[5]))
    }

    private func logSize() -> UInt64 {
        ((try? FileManager.default.attributesOfItem(atPath: logFile))?[.size] as? NSNumber)?.uint64Value ?? 0
    }

    /// What the server logged from byte `offset` on: this start's messages only.
    private func log(from offset: UInt64) -> String {
        guard let handle = FileHandle(forReadingAtPath: logFile) else { return "" }
        defer { try? handle.close() }
        try? handle.seek(toOffset: offset)
        return String(decoding: (try? handle.readToEnd()) ?? Data(), as: UTF8.self)
    }

    static func tcpHost(_ listenAddresses: String) -> String? {
        let list = listenAddresses.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        if list.contains("127.0.0.1") || list.contains("*") || list.contains("0.0.0.0") || list.contains("localhost") { return "127.0.0.1" }
        return list.first { !$0.isEmpty }
    }

    static func isSettingName(_ name: String) -> Bool {
        !name.isEmpty && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
    }

    /// A free loopback TCP port: bind port 0 and read back what the kernel chose.
    public static func freePort() throws -> Int {
        #if canImport(Glibc)
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        #else
        let fd = socket(AF_INET, SOCK_STREAM, 0)
        #endif
        guard fd >= 0 else { throw PostgresServerError.noFreePort(reason: String(cString: strerror(errno))) }
        defer { close(fd) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = 0
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
        guard bound == 0 else { throw PostgresServerError.noFreePort(reason: String(cString: strerror(errno))) }
        let named = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        guard named == 0 else { throw PostgresServerError.noFreePort(reason: String(cString: strerror(errno))) }
        return Int(UInt16(bigEndian: addr.sin_port))
    }

    // MARK: Processes

    /// The unprivileged user server commands run as when this process is root.
    static var serverUser: (name: String, uid: uid_t, gid: gid_t)? {
        guard geteuid() == 0, let pw = getpwnam("postgres") else { return nil }
        return ("postgres", pw.pointee.pw_uid, pw.pointee.pw_gid)
    }

    /// Runs `executable` (through `runuser -u postgres` when root and `asServer`) with a time
    /// limit, capturing stdout and stderr together. The working directory is the cluster
    /// directory so the `postgres` user can always enter it.
    func run(_ executable: String, _ arguments: [String], timeout: Double, asServer: Bool) throws -> (status: Int32, output: String) {
        var launch = executable, args = arguments
        if asServer, geteuid() == 0 {
            guard Self.serverUser != nil else { throw PostgresServerError.noServerUser }
            launch = Self.pathLookup("runuser") ?? "/usr/sbin/runuser"
            args = ["-u", "postgres", "--", executable] + arguments
        }
        let cwd = FileManager.default.fileExists(atPath: directory) ? directory : "/"
        return try Self.runProcess(launch, args, timeout: timeout, currentDirectory: cwd)
    }

    static func runOutput(_ executable: String, _ arguments: [String]) throws -> String? {
        let result = try runProcess(executable, arguments, timeout: 20, currentDirectory: "/")
        guard result.status == 0 else { return nil }
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a child with posix_spawn and polls `waitpid`, output in a temporary file.
    ///
    /// Not `Foundation.Process`: it learns of a child's exit from a descriptor the child
    /// inherits, and `pg_ctl start` hands its descriptors on to the server, so the exit of
    /// `pg_ctl` is never seen. For the same reason the child gets no descriptor beyond 0-2:
    /// a server must not keep another thread's pipes open for as long as it runs.
    static func runProcess(_ executable: String, _ arguments: [String], timeout: Double, currentDirectory: String) throws -> (status: Int32, output: String) {
        let command = ([(executable as NSString).lastPathComponent] + arguments).joined(separator: " ")
        let outPath = NSTemporaryDirectory() + "loom-pg-\(UUID().uuidString).out"
        defer { try? FileManager.default.removeItem(atPath: outPath) }

        #if canImport(Glibc)
        var actions = posix_spawn_file_actions_t()
        #else
        var actions: posix_spawn_file_actions_t?
        #endif
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        SpawnExtensions.closeDescriptors(from: 3, in: &actions)
        SpawnExtensions.changeDirectory(to: currentDirectory, in: &actions)

        // PG* variables would redirect psql and pg_ctl elsewhere.
        let environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }.map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        guard spawned == 0 else {
            throw PostgresServerError.launchFailed(command: command, reason: String(cString: strerror(spawned)))
        }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid { break }
            if r < 0, errno != EINTR {
                throw PostgresServerError.launchFailed(command: command, reason: String(cString: strerror(errno)))
            }
            if Date() > deadline {
                kill(pid, SIGTERM)
                for _ in 0..<500 where waitpid(pid, &status, WNOHANG) == 0 { usleep(10_000) }
                if kill(pid, 0) == 0 { kill(pid, SIGKILL); waitpid(pid, &status, 0) }
                throw PostgresServerError.timedOut(command: command, seconds: Int(timeout))
            }
            usleep(2_000)
        }
        let output = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        // Exit status, or 128 + signal number like a shell.
        let exit = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        return (exit, output)
    }
}

/// `posix_spawn` file actions that Swift's C module doesn't import (they are GNU and BSD
/// extensions), looked up at run time.
private enum SpawnExtensions {
    #if canImport(Glibc)
    typealias Actions = posix_spawn_file_actions_t
    #else
    typealias Actions = posix_spawn_file_actions_t?
    #endif
    typealias CloseFrom = @convention(c) (UnsafeMutablePointer<Actions>, Int32) -> Int32
    typealias ChangeDirectory = @convention(c) (UnsafeMutablePointer<Actions>, UnsafePointer<CChar>) -> Int32

    nonisolated(unsafe) static let handle = dlopen(nil, RTLD_NOW)

    static func symbol<T>(_ name: String, as type: T.Type) -> T? {
        dlsym(handle, name).map { unsafeBitCast($0, to: type) }
    }

    /// Closes every descriptor from `first` on in the child: one action where the C library
    /// has `closefrom`, else one per descriptor open now.
    static func closeDescriptors(from first: Int32, in actions: inout Actions) {
        if let closeFrom = symbol("posix_spawn_file_actions_addclosefrom_np", as: CloseFrom.self),
           closeFrom(&actions, first) == 0 { return }
        let dir = FileManager.default.fileExists(atPath: "/proc/self/fd") ? "/proc/self/fd" : "/dev/fd"
        for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
            if let fd = Int32(name), fd >= first { posix_spawn_file_actions_addclose(&actions, fd) }
        }
    }

    static func changeDirectory(to path: String, in actions: inout Actions) {
        guard let chdir = symbol("posix_spawn_file_actions_addchdir_np", as: ChangeDirectory.self) else { return }
        _ = chdir(&actions, path)
    }
}

/// Why a private PostgreSQL server could not be found, started, stopped or used. Each prints
/// as one line saying what to do.
public enum PostgresServerError: Error, Sendable, Equatable, CustomStringConvertible {
    case binariesNotFound(searched: [String])
    case commandFailed(command: String, status: Int32, output: String, log: String?)
    case timedOut(command: String, seconds: Int)
    case launchFailed(command: String, reason: String)
    case noServerUser
    case directoryNotWritable(path: String, user: String?)
    case socketPathTooLong(path: String)
    case versionMismatch(directory: String, cluster: Int, binaries: Int, binDirectory: String)
    case notRunning(directory: String)
    case unknownEndpoint(directory: String)
    case invalidSetting(name: String)
    case noFreePort(reason: String)

    public var description: String {
        switch self {
        case .binariesNotFound(let searched):
            return "PostgreSQL server binaries (initdb, pg_ctl, postgres) not found in \(searched.isEmpty ? "any known place" : searched.joined(separator: ", ")): install PostgreSQL (apt-get install -y postgresql) or set LOOM_PG_BINDIR to its bin directory"
        case .commandFailed(let command, let status, let output, let log):
            let last = Self.serverReason(in: output)
                ?? output.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.last { !$0.isEmpty }
            return "\(command) failed (exit \(status))\(last.map { ": \($0)" } ?? "")\(log.map { "; see \($0)" } ?? "")"
        case .timedOut(let command, let seconds):
            return "\(command) did not finish within \(seconds) s: the machine may be overloaded, or a server is stuck"
        case .launchFailed(let command, let reason):
            return "cannot run \(command): \(reason)"
        case .noServerUser:
            return "PostgreSQL refuses to run as root and there is no 'postgres' user to run it as: create one (useradd -r -m postgres) or run as a normal user"
        case .directoryNotWritable(let path, let user):
            return "\(path) is not writable\(user.map { " by user '\($0)'" } ?? ""): choose a directory \(user == nil ? "you can write" : "outside private home directories like /root, or make its parents searchable (chmod o+x)")"
        case .socketPathTooLong(let path):
            return "the server socket path \(path) is longer than the 107 bytes unix sockets allow: use a shorter directory"
        case .versionMismatch(let directory, let cluster, let binaries, let bin):
            return "the cluster in \(directory) was created by PostgreSQL \(cluster) but \(bin) holds PostgreSQL \(binaries): set LOOM_PG_BINDIR to a PostgreSQL \(cluster) bin directory, or delete \(directory) to start afresh"
        case .notRunning(let directory):
            return "no PostgreSQL server is running in \(directory): start it first"
        case .unknownEndpoint(let directory):
            return "a PostgreSQL server is running in \(directory) but its port and socket are unknown: stop it (pg_ctl -D \(directory)/data stop) and start again"
        case .invalidSetting(let name):
            return "'\(name)' is not a PostgreSQL setting name: use letters, digits, '_' and '.'"
        case .noFreePort(let reason):
            return "cannot find a free TCP port on 127.0.0.1 (\(reason)): pass a port explicitly"
        }
    }

    /// Why a server stopped, from its log: the last `FATAL` message with the `DETAIL` after it
    /// and the message just before it from the same process, which often names the cause
    /// (`invalid value for parameter ...` before `configuration file ... contains errors`).
    static func serverReason(in log: String) -> String? {
        let lines = log.split(whereSeparator: \.isNewline).map(String.init)
        guard let i = lines.lastIndex(where: { $0.contains("FATAL:") }), let fatal = message(lines[i], "FATAL:") else { return nil }
        var parts = [fatal]
        if i > 0, process(lines[i - 1]) == process(lines[i]),
           let before = ["ERROR:", "WARNING:", "LOG:"].lazy.compactMap({ message(lines[i - 1], $0) }).first,
           !before.hasPrefix("starting PostgreSQL"), !before.hasPrefix("listening on") {
            parts.insert(before, at: 0)
        }
        if i + 1 < lines.count, let detail = message(lines[i + 1], "DETAIL:") { parts.append(detail) }
        return parts.joined(separator: "; ")
    }

    private static func message(_ line: String, _ level: String) -> String? {
        line.range(of: level).map { line[$0.upperBound...].trimmingCharacters(in: .whitespaces) }
    }

    /// The `[pid]` of a log line.
    private static func process(_ line: String) -> Substring? {
        guard let open = line.firstIndex(of: "["), let close = line[open...].firstIndex(of: "]") else { return nil }
        return line[open...close]
    }
}
