import Foundation
import LoomPostgres
import LoomProtocol
import LoomWire
import Testing

/// Runs the real `loom` binary the way users do.
@Suite struct CLITests {
    struct Result { var status: Int32; var stdout: String; var stderr: String; var bytes: Data }

    static var binary: URL {
        var dir = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        while !FileManager.default.fileExists(atPath: dir.appendingPathComponent("loom").path), dir.path != "/" {
            dir.deleteLastPathComponent()
        }
        return dir.appendingPathComponent("loom")
    }

    static var root: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }

    func loom(_ args: String...) throws -> Result {
        let p = Process()
        p.executableURL = Self.binary
        p.arguments = args
        p.currentDirectoryURL = Self.root
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return Result(status: p.terminationStatus, stdout: String(decoding: data, as: UTF8.self),
                      stderr: String(decoding: errData, as: UTF8.self), bytes: data)
    }

    @Test func binaryExists() {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary.path), "build the loom product first: \(Self.binary.path)")
    }

    @Test func checkAcceptsEveryShippedConfig() throws {
        let configs = try FileManager.default.contentsOfDirectory(atPath: Self.root.appendingPathComponent("Configs").path).filter { $0.hasSuffix(".yaml") }
        #expect(!configs.isEmpty)
        for c in configs {
            let r = try loom("check", "Configs/\(c)")
            #expect(r.status == 0, "\(c): \(r.stderr)")
        }
    }

    @Test func checkReportsFileLineAndColumn() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loom-cli-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("bad.yaml")
        try """
        dataset: bad
        tables:
          t:
            rows: 10
            columns:
              a: { type: integer, gen: { normall: { mean: 1, sd: 2 } } }
              b: { type: integer, expr: "a + qq" }
        """.write(to: file, atomically: true, encoding: .utf8)
        let r = try loom("check", file.path)
        #expect(r.status == 1)
        #expect(r.stderr.contains("\(file.path):6:34: error: unknown generator 'normall'; did you mean 'normal'?"), "\(r.stderr)")
        let missing = try loom("check", dir.appendingPathComponent("nope.yaml").path)
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("cannot read spec file"))
    }

    @Test func generateShardsConcatenateToTheWhole() throws {
        let whole = try loom("generate", "Configs/users.yaml", "--rows", "5000", "--format", "csv")
        #expect(whole.status == 0)
        var joined = Data()
        for k in 1...3 {
            let r = try loom("generate", "Configs/users.yaml", "--rows", "5000", "--format", "csv", "--shard", "\(k)/3")
            #expect(r.status == 0)
            joined.append(r.bytes)
        }
        #expect(joined == whole.bytes)
        #expect(whole.stdout.split(separator: "\n").count == 5001)
    }

    @Test func generateRejectsBadArguments() throws {
        let badShard = try loom("generate", "Configs/users.yaml", "--shard", "4/3")
        #expect(badShard.status != 0)
        #expect(badShard.stderr.contains("--shard must be K/N"))
        let badFormat = try loom("generate", "Configs/users.yaml", "--format", "xml")
        #expect(badFormat.status != 0)
        #expect(badFormat.stderr.contains("unknown format 'xml'"))
        let badTable = try loom("generate", "Configs/users.yaml", "--table", "user")
        #expect(badTable.status != 0)
        #expect(badTable.stderr.contains("did you mean 'users'"))
    }

    /// `load`, `coordinator` and `run` share their table flags, and reject a bad --if-exists
    /// before touching a database.
    /// Careless flags fail at once with one clear line: an empty or bare-word database is not
    /// retried for 24 s nor replaced by the embedded server, and negative numbers are not
    /// "missing values".
    @Test func carelessFlagsFailAtOnceWithOneLine() throws {
        let spec = "Configs/users.yaml"
        let empty = try loom("load", spec, "--database", "")
        #expect(empty.status != 0 && empty.stderr.contains("--database is empty"), "\(empty.stderr)")
        let bare = try loom("load", spec, "--database", "foo")
        #expect(bare.status != 0 && bare.stderr.contains("neither a postgres:// URL nor a key=value conninfo"), "\(bare.stderr)")
        #expect(!bare.stderr.contains("retrying"))
        let negative = try loom("load", spec, "--rows", "-5", "--database", "postgres://nobody@127.0.0.1:1/x")
        #expect(negative.status != 0 && negative.stderr.contains("--rows must not be negative"), "\(negative.stderr)")
        let slots = try loom("worker", "--connect", "tcp://127.0.0.1:1", "--slots", "-1")
        #expect(slots.status != 0 && slots.stderr.contains("--slots must be at least 1"), "\(slots.stderr)")
        let shardRows = try loom("load", spec, "--shard-rows", "-5")
        #expect(shardRows.status != 0 && shardRows.stderr.contains("'-5' is invalid for '--shard-rows"), "\(shardRows.stderr)")
        #expect(!shardRows.stderr.contains("Missing value"))
    }

    /// `loom run` never prints a monitor URL that another process answers.
    @Test func runRefusesAMonitorPortThatIsTaken() throws {
        let port = try PostgresServer.freePort()
        let context = ZeroMQContext()
        let squatter = try ZeroMQSocket(context, .rep)
        try squatter.bind("tcp://127.0.0.1:\(port)")
        let r = try loom("run", "Configs/users.yaml", "--sink", "null", "--rows", "1000", "--monitor-listen", "127.0.0.1:\(port)")
        #expect(r.status != 0 && r.stderr.contains("another process listens there"), "\(r.stderr)")
        #expect(!r.stderr.contains("monitor at http://127.0.0.1:\(port)"))
    }

    @Test func loadingCommandsShareTableFlags() throws {
        for command in ["load", "coordinator", "run"] {
            let bad = try loom(command, "Configs/users.yaml", "--if-exists", "nope")
            #expect(bad.status != 0)
            #expect(bad.stderr.contains("--if-exists must be one of: fail, truncate, append, skip"), "\(command): \(bad.stderr)")
            let help = try loom(command, "--help")
            for flag in ["--if-exists", "--unlogged", "--skip-constraints", "--replace"] { #expect(help.stdout.contains(flag), "\(command) \(flag)") }
        }
    }

    @Test func generateWritesFilesPerTable() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loom-out-\(getpid())")
        let r = try loom("generate", "Configs/users.yaml", "--rows", "100", "--format", "copy-binary", "--out", dir.path)
        #expect(r.status == 0, "\(r.stderr)")
        let data = try Data(contentsOf: dir.appendingPathComponent("users.bin"))
        #expect(Array(data.prefix(11)) == [0x50, 0x47, 0x43, 0x4F, 0x50, 0x59, 0x0A, 0xFF, 0x0D, 0x0A, 0x00])
        #expect(Array(data.suffix(2)) == [0xFF, 0xFF])
    }

    @Test func previewAndDDL() throws {
        let p = try loom("preview", "Configs/users.yaml", "--rows", "3")
        #expect(p.status == 0)
        #expect(p.stdout.contains("users (3 of 1000000 rows)"))
        #expect(p.stdout.split(separator: "\n").count == 6)
        let d = try loom("ddl", "Configs/users.yaml")
        #expect(d.stdout.contains("CREATE TABLE \"users\" ("))
        #expect(d.stdout.contains("ALTER TABLE \"users\" ADD CONSTRAINT \"users_id_pkey\" PRIMARY KEY (\"id\");"))
    }

    @Test func benchReportsThroughput() throws {
        let r = try loom("bench", "Configs/users.yaml", "--rows", "20000", "--json")
        #expect(r.status == 0)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(obj?["rows"] as? Int == 20000)
        #expect((obj?["rows_per_sec"] as? Double ?? 0) > 0)
    }

    @Test func systemLibrariesLink() {
        #expect(ZeroMQVersion.linked.major >= 4)
        #expect(LibPQVersion.linked.major >= 10)
    }
}
