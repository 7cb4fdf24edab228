import Foundation
import Testing
import Yams

/// The deploy files (docker-compose.yml, Deploy/k8s, Deploy/systemd, Deploy/Dockerfile) stay
/// valid and speak the `loom` command line that is actually built: every `loom SUBCOMMAND`
/// they run is checked against `loom SUBCOMMAND --help` of the built binary.
@Suite struct DeployTests {
    static let root = CLITests.root

    static func text(_ relative: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(relative), encoding: .utf8)
    }

    static func yaml(_ relative: String) throws -> [String: Any] {
        let doc = try Yams.load(yaml: try text(relative))
        return try #require(doc as? [String: Any], "\(relative) is not a YAML mapping")
    }

    /// A program on the PATH (or in the usual directories), nil when none is installed.
    static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        let dirs = path.split(separator: ":").map(String.init) + ["/usr/local/bin", "/usr/bin", "/bin"]
        return dirs.map { $0 + "/" + name }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func run(_ executable: String, _ args: [String], in dir: URL = root) throws -> (status: Int32, out: String, err: String) {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        p.currentDirectoryURL = dir
        var env = ProcessInfo.processInfo.environment
        for k in ["LOOM_ENV_FILE", "POSTGRES_ENV_FILE"] { env[k] = nil }
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out
        p.standardError = err
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        p.waitUntilExit()
        return (p.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    // MARK: docker-compose.yml

    @Test func composeFileValidates() throws {
        let compose = try #require(Self.which("docker-compose"), "docker-compose is not installed: run scripts/install-deps.sh")
        let r = try Self.run(compose, ["-f", "docker-compose.yml", "config", "-q"])
        #expect(r.status == 0, "docker-compose config: \(r.err)")
        // The validator does reject a broken file, so the check above means something.
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("loom-compose-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try "services:\n  x:\n    image: loom\n    replicas: two\n".write(to: dir.appendingPathComponent("docker-compose.yml"), atomically: true, encoding: .utf8)
        let bad = try Self.run(compose, ["-f", "docker-compose.yml", "config", "-q"], in: dir)
        #expect(bad.status != 0, "docker-compose accepted an invalid file")
    }

    @Test func composeKeepsSecretsInEnvFiles() throws {
        let services = try #require(try Self.yaml("docker-compose.yml")["services"] as? [String: Any])
        #expect(Set(services.keys).isSuperset(of: ["postgres", "coordinator", "worker", "monitor", "prometheus"]))
        for name in ["postgres", "coordinator", "worker"] {
            let s = try #require(services[name] as? [String: Any])
            let envFile = try #require(s["env_file"] as? String, "\(name) takes its secrets from an env_file")
            #expect(s["environment"] == nil, "\(name): no inline environment")
            // ${VAR:-default}: the committed default must exist and hold no live secret.
            let fallback = try #require(envFile.firstMatch(of: /^\$\{[A-Z_]+:-([^}]+)\}$/).map { String($0.1) }, "\(name): env_file is ${VAR:-default}")
            #expect(fallback.hasSuffix(".env.example") && FileManager.default.fileExists(atPath: Self.root.appendingPathComponent(fallback).path), "\(envFile)")
        }
        for (name, invocation) in try Self.composeInvocations() {
            #expect(!invocation.contains("--database"), "\(name): the database URL comes from DATABASE_URL, not the command line")
        }
        let worker = try #require(services["worker"] as? [String: Any])
        #expect(((worker["deploy"] as? [String: Any])?["replicas"] as? Int ?? 0) >= 2)
        let loomEnv = try Self.text("Deploy/loom.env.example"), pgEnv = try Self.text("Deploy/postgres.env.example")
        #expect(loomEnv.contains("DATABASE_URL=postgres://loom:"))
        #expect(!loomEnv.contains("POSTGRES_PASSWORD"), "the loom services never see the superuser's password")
        let password = try #require(pgEnv.split(separator: "\n").first { $0.hasPrefix("LOOM_DB_PASSWORD=") }?.dropFirst("LOOM_DB_PASSWORD=".count))
        #expect(loomEnv.contains("postgres://loom:\(password)@"), "the role's password matches in both env files")
        let prometheus = try Self.yaml("Deploy/prometheus/prometheus.yml")
        let scrape = try #require((prometheus["scrape_configs"] as? [[String: Any]])?.first)
        #expect(scrape["honor_labels"] as? Bool == true, "Loom's own `job` label must survive the scrape")
        #expect("\(scrape)".contains("monitor:9464"))
    }

    // MARK: Kubernetes

    static var k8sFiles: [String] {
        get throws {
            try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("Deploy/k8s").path)
                .filter { $0.hasSuffix(".yaml") || $0.hasSuffix(".yml") }.sorted().map { "Deploy/k8s/" + $0 }
        }
    }

    static func k8sDocuments() throws -> [(file: String, doc: [String: Any])] {
        var out: [(String, [String: Any])] = []
        for f in try k8sFiles {
            for doc in try Yams.load_all(yaml: try text(f)) {
                out.append((f, try #require(doc as? [String: Any], "\(f): a document that is not a mapping")))
            }
        }
        return out
    }

    @Test func kubernetesManifestsParse() throws {
        let docs = try Self.k8sDocuments()
        var kinds: [String: Int] = [:]
        for (file, doc) in docs {
            let kind = try #require(doc["kind"] as? String, "\(file): no kind")
            #expect(doc["apiVersion"] is String, "\(file): no apiVersion")
            if kind != "Kustomization" { #expect((doc["metadata"] as? [String: Any])?["name"] is String, "\(file): no metadata.name") }
            kinds[kind, default: 0] += 1
        }
        #expect(kinds == ["Job": 1, "Service": 2, "Deployment": 2, "ConfigMap": 1, "Secret": 1, "Kustomization": 1], "\(kinds)")
        let kustomization = try #require(docs.first { $0.doc["kind"] as? String == "Kustomization" }?.doc)
        for r in try #require(kustomization["resources"] as? [String]) {
            #expect(FileManager.default.fileExists(atPath: Self.root.appendingPathComponent("Deploy/k8s/" + r).path), "kustomization lists a missing \(r)")
        }
        let configMap = try #require(docs.first { $0.doc["kind"] as? String == "ConfigMap" }?.doc)
        let spec = (configMap["data"] as? [String: Any])?["ecommerce.yaml"] as? String
        #expect(spec == (try Self.text("Configs/ecommerce.yaml")), "the ConfigMap holds Configs/ecommerce.yaml unchanged")

        let worker = try #require(Self.podSpec(docs, "loom-worker"))
        #expect((worker["terminationGracePeriodSeconds"] as? Int ?? 0) >= 60)
        let container = try #require((worker["containers"] as? [[String: Any]])?.first)
        #expect(((container["resources"] as? [String: Any])?["requests"] as? [String: Any])?["cpu"] != nil, "workers request CPU")
        let monitorDeployment = try #require(docs.first { ($0.doc["metadata"] as? [String: Any])?["name"] as? String == "loom-monitor" && $0.doc["kind"] as? String == "Deployment" }?.doc)
        let annotations = ((((monitorDeployment["spec"] as? [String: Any])?["template"] as? [String: Any])?["metadata"] as? [String: Any])?["annotations"] as? [String: String]) ?? [:]
        #expect(annotations["prometheus.io/scrape"] == "true")
        let monitorArgs = try #require(Self.k8sInvocations().first { $0.invocation.first == "monitor" }?.invocation)
        let listen = try #require(monitorArgs.firstIndex(of: "--listen").map { monitorArgs[$0 + 1] })
        #expect(listen.hasSuffix(":" + (annotations["prometheus.io/port"] ?? "?")), "Prometheus scrapes the port the monitor listens on")
    }

    static func podSpec(_ docs: [(file: String, doc: [String: Any])], _ name: String) -> [String: Any]? {
        let d = docs.first { ($0.doc["metadata"] as? [String: Any])?["name"] as? String == name }?.doc
        return ((d?["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any]
    }

    // MARK: Every loom invocation against the binary's --help

    /// `loom` arguments (subcommand first) of the compose services that run the loom image.
    static func composeInvocations() throws -> [(name: String, invocation: [String])] {
        let services = try #require(try yaml("docker-compose.yml")["services"] as? [String: Any])
        return try services.sorted { $0.key < $1.key }.compactMap { name, value in
            let s = try #require(value as? [String: Any])
            guard (s["image"] as? String)?.hasPrefix("loom") == true else { return nil }
            return ("compose \(name)", try #require(s["command"] as? [String], "compose \(name): command must be a list"))
        }
    }

    static func k8sInvocations() throws -> [(name: String, invocation: [String])] {
        var out: [(String, [String])] = []
        for (file, doc) in try k8sDocuments() {
            let pod = ((doc["spec"] as? [String: Any])?["template"] as? [String: Any])?["spec"] as? [String: Any]
            for c in pod?["containers"] as? [[String: Any]] ?? [] where (c["image"] as? String)?.hasPrefix("loom") == true {
                var args = (c["command"] as? [String] ?? []) + (c["args"] as? [String] ?? [])
                if args.first?.hasSuffix("loom") == true { args.removeFirst() }
                out.append(("\(file) \(c["name"] ?? "?")", args))
            }
        }
        return out
    }

    /// ExecStart lines (continuations joined), with `$LOOM_…_ARGS` expanded from the example env file.
    static func systemdInvocations() throws -> [(name: String, invocation: [String])] {
        let env = try systemdEnvironment()
        var out: [(String, [String])] = []
        let dir = root.appendingPathComponent("Deploy/systemd")
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path).filter({ $0.hasSuffix(".service") }).sorted() {
            let joined = try text("Deploy/systemd/" + f).replacingOccurrences(of: "\\\n", with: " ")
            for line in joined.split(separator: "\n") where line.hasPrefix("ExecStart=") {
                var words = line.dropFirst("ExecStart=".count).split(separator: " ").map(String.init)
                #expect(words.first == "/usr/local/bin/loom", "\(f): \(line)")
                words.removeFirst()
                // systemd splits an unbraced $VAR into words.
                words = words.flatMap { w -> [String] in
                    guard w.hasPrefix("$"), !w.hasPrefix("${") else { return [w] }
                    return (env[String(w.dropFirst())] ?? "").split(separator: " ").map(String.init)
                }
                out.append(("systemd \(f)", words))
            }
        }
        return out
    }

    static func systemdEnvironment() throws -> [String: String] {
        var env: [String: String] = [:]
        for line in try text("Deploy/systemd/loom.env.example").split(separator: "\n") where !line.hasPrefix("#") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            env[String(line[..<eq])] = String(line[line.index(after: eq)...])
        }
        return env
    }

    /// The options of `loom SUBCOMMAND` from its --help: name → whether it takes a value.
    static func options(of subcommand: String) throws -> [String: Bool] {
        let r = try run(CLITests.binary.path, [subcommand, "--help"])
        #expect(r.status == 0, "loom \(subcommand) --help: \(r.err)")
        var found: [String: Bool] = [:]
        let pattern = try NSRegularExpression(pattern: #"^\s+(?:-\w, )?(--[a-z][a-z0-9-]*)( <[^>]+>)?"#, options: .anchorsMatchLines)
        let ns = r.out as NSString
        for m in pattern.matches(in: r.out, range: NSRange(location: 0, length: ns.length)) {
            found[ns.substring(with: m.range(at: 1))] = m.range(at: 2).location != NSNotFound
        }
        return found
    }

    @Test func everyLoomInvocationUsesOptionsTheBinaryAccepts() throws {
        let compose = try Self.composeInvocations(), k8s = try Self.k8sInvocations(), systemd = try Self.systemdInvocations()
        #expect(Set(compose.compactMap(\.invocation.first)) == ["coordinator", "worker", "monitor"], "\(compose)")
        #expect(Set(k8s.compactMap(\.invocation.first)) == ["coordinator", "worker", "monitor"], "\(k8s)")
        #expect(Set(systemd.compactMap(\.invocation.first)) == ["coordinator", "worker", "monitor"], "\(systemd)")
        var known: [String: [String: Bool]] = [:]
        for (name, args) in compose + k8s + systemd {
            let sub = try #require(args.first, "\(name): empty command")
            if known[sub] == nil { known[sub] = try Self.options(of: sub) }
            let options = known[sub]!
            #expect(options["--help"] != nil && options.count > 2, "\(name): loom \(sub) --help lists its options")
            var i = 1
            while i < args.count {
                let a = args[i]
                if a.hasPrefix("--") {
                    guard let takesValue = options[a] else {
                        Issue.record("\(name): loom \(sub) has no option \(a)")
                        i += 1
                        continue
                    }
                    if takesValue {
                        #expect(i + 1 < args.count && !args[i + 1].hasPrefix("--"), "\(name): \(a) needs a value")
                        i += 1
                    }
                }
                i += 1
            }
        }
    }

    @Test func systemdUnitsReadTheirSettingsFromTheEnvironmentFile() throws {
        let env = try Self.systemdEnvironment()
        let dir = Self.root.appendingPathComponent("Deploy/systemd")
        let units = try FileManager.default.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".service") }
        #expect(Set(units) == ["loom-coordinator.service", "loom-worker@.service", "loom-monitor.service"])
        let variable = try NSRegularExpression(pattern: #"\$\{?([A-Z_][A-Z0-9_]*)"#)
        for u in units {
            let unit = try Self.text("Deploy/systemd/" + u)
            #expect(unit.contains("EnvironmentFile=/etc/loom/loom.env"), "\(u)")
            #expect(unit.contains("User=loom"), "\(u) does not run as root")
            let ns = unit as NSString
            for m in variable.matches(in: unit, range: NSRange(location: 0, length: ns.length)) {
                let name = ns.substring(with: m.range(at: 1))
                #expect(env[name] != nil, "\(u) uses $\(name), which Deploy/systemd/loom.env.example does not set")
            }
            #expect(!unit.contains("--database"), "\(u): the database URL comes from DATABASE_URL in the env file")
        }
        #expect(env["DATABASE_URL"] != nil)
    }

    // MARK: Grafana and the documented metrics

    /// Metric names the monitor registers (`name: "loom_…"`, `gauge("loom_…"` and
    /// `metricName: "loom_…", unitName: "…"` in Sources/LoomMonitor).
    static func monitorMetrics() throws -> Set<String> {
        let dir = root.appendingPathComponent("Sources/LoomMonitor")
        var names = Set<String>()
        for f in try FileManager.default.contentsOfDirectory(atPath: dir.path) where f.hasSuffix(".swift") {
            let source = try String(contentsOf: dir.appendingPathComponent(f), encoding: .utf8)
            for m in source.matches(of: /(?:name: |gauge\()"(loom_[a-z_]+)"/) { names.insert(String(m.1)) }
            for m in source.matches(of: /metricName: "(loom_[a-z_]+)", unitName: "([a-z]+)"/) { names.insert("\(m.1)_\(m.2)") }
        }
        return names
    }

    @Test func grafanaDashboardAndOperationsDocNameRealMetrics() throws {
        let registered = try Self.monitorMetrics()
        #expect(registered.contains("loom_rows_loaded_total") && registered.count >= 10, "\(registered)")
        let drift: Set<String> = ["loom_drift_ks", "loom_drift_psi", "loom_drift_total_variation", "loom_drift_null_rate_difference", "loom_drift_severity"]
        #expect(registered.isSuperset(of: drift) && registered.contains("loom_shard_duration_seconds"), "\(registered)")
        let dashboard = try Self.text("Deploy/grafana/loom.json")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(dashboard.utf8)) as? [String: Any])
        let panels = try #require(json["panels"] as? [[String: Any]])
        #expect(!panels.isEmpty)
        var used = Set<String>()
        for p in panels {
            for t in p["targets"] as? [[String: Any]] ?? [] {
                for m in (t["expr"] as? String ?? "").matches(of: /loom_[a-z_]+/) { used.insert(String(m.0)) }
            }
        }
        #expect(used.isSuperset(of: ["loom_rows_loaded_total", "loom_rows_planned"]))
        #expect(used.subtracting(registered).subtracting(drift).isEmpty, "unknown metrics: \(used.subtracting(registered).subtracting(drift))")
        let doc = try Self.text("docs/OPERATIONS.md")
        for name in registered.union(drift) { #expect(doc.contains("`\(name)"), "docs/OPERATIONS.md does not mention \(name)") }
    }

    // MARK: Dockerfile

    @Test func dockerfileShipsTheDictionariesBundleTheBuildMakes() throws {
        let dockerfile = try Self.text("Deploy/Dockerfile")
        let bundle = CLITests.binary.deletingLastPathComponent().appendingPathComponent("Loom_LoomGen.resources")
        var isDir: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: bundle.path, isDirectory: &isDir) && isDir.boolValue, "the build puts the dictionaries at \(bundle.path)")
        #expect(dockerfile.contains("/Loom_LoomGen.resources /usr/local/bin/Loom_LoomGen.resources"), "the bundle goes next to the binary")
        for package in ["libzmq5", "libpq5", "ca-certificates"] { #expect(dockerfile.contains(package), "runtime needs \(package)") }
        #expect(dockerfile.contains("\nUSER loom\n"))
        #expect(dockerfile.contains(#"ENTRYPOINT ["/usr/local/bin/loom"]"#))
        #expect(dockerfile.contains("swift build -c release --product loom"))
    }
}
