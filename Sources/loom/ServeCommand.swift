@preconcurrency import Glibc
import ArgumentParser
import Foundation
import LoomGen
import LoomLive
import LoomSpec

/// `loom serve SPEC`: an HTTP API over a spec (tables, any range of rows, load jobs).
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve a spec over HTTP: its tables, any range of any table's rows (JSON, JSON lines, CSV), and load jobs.",
        discussion: """
            No database is needed to serve rows: each row is generated on request, so any offset costs \
            the same. The OpenAPI document is at /v1/openapi.json and the endpoints are listed at /. \
            With --token, requests need Authorization: Bearer TOKEN.
            """
    )

    @OptionGroup var options: SpecOptions
    @OptionGroup var size: SizeOptions

    @Option(help: "HOST:PORT to serve on (port 0: any free port, printed).")
    var listen: String = "127.0.0.1:8080"

    @Option(help: "A bearer token every API request must carry (or a file holding it).")
    var token: String?

    func run() async throws {
        let parts = listen.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = Int(parts[1]), (0...65535).contains(port) else {
            Terminal.error("--listen must be HOST:PORT, found '\(listen)'")
            throw ExitCode(1)
        }
        let spec = try options.load()
        let size = self.size
        let secret = token.map { t in
            (try? String(contentsOfFile: t, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? t
        }
        do {
            let server = try ServeServer(
                spec: spec, host: String(parts[0]), port: port, token: secret, makePlan: { try size.plan(spec, table: nil) })
            let host = String(parts[0])
            try await server.run { bound in
                fputs("loom serve: http://\(host):\(bound)/ (\(spec.tables.count) tables of '\(spec.dataset)')\n", stderr)
            }
        } catch let f as Failure {
            Terminal.error(f.description)
            throw ExitCode(1)
        } catch {
            Terminal.error("serve on \(listen): \(error)")
            throw ExitCode(1)
        }
    }
}
