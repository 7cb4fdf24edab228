import Foundation
import LoomPostgres
import Testing

/// `loom serve` through a real HTTP client (curl): rows equal `loom generate` byte for byte, any
/// offset works, bad requests get 4xx with a message, the token is enforced, an oversized body
/// gets 413 while the server keeps serving, jobs load PostgreSQL, and the OpenAPI document
/// passes a real validator.
@Suite(.serialized) struct ServeTests {
    static let spec = """
        dataset: shop
        seed: 9
        tables:
          users:
            rows: 5000
            columns:
              id: { type: bigint, gen: sequence, primary_key: true }
              name: { type: text, gen: { dict: first_names } }
              score: { type: double precision, gen: { normal: { mean: 0, sd: 1 } } }
              note: { type: text, gen: { sentence: [2, 6] } }
          orders:
            per_parent: { users: { poisson: 3 } }
            columns:
              id: { type: bigint, gen: sequence, primary_key: true }
              user_id: { ref: users.id }
              total: { type: "numeric(10,2)", gen: { uniform: { min: 1, max: 500 } } }
        """

    /// A running `loom serve` and its base URL.
    struct Server {
        let child: Child
        let url: String
        let token: String

        init(_ extra: [String] = [], token: String = "t0ken") throws {
            let path = FaultTests.workDirectory + "/serve-\(UUID().uuidString).yaml"
            try ServeTests.spec.write(toFile: path, atomically: true, encoding: .utf8)
            child = try Child.loom(["serve", path, "--listen", "127.0.0.1:0", "--token", token] + extra)
            self.token = token
            let deadline = Date().addingTimeInterval(30)
            var found: String? = nil
            while found == nil, Date() < deadline, child.isRunning {
                found = child.stderrLines.first { $0.hasPrefix("loom serve: http://") }?.split(separator: " ")[2].description
                if found == nil { usleep(50_000) }
            }
            url = try #require(found, "loom serve did not start: \(child.stderr)").trimmingCharacters(in: CharacterSet(charactersIn: "/"))
        }

        /// `(status, body)` of a request; `auth: false` sends no token.
        func request(_ path: String, method: String = "GET", body: String? = nil, auth: Bool = true, token: String? = nil) throws -> (
            Int, String
        ) {
            let out = FaultTests.workDirectory + "/body-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: out) }
            var args = ["-s", "--max-time", "60", "-o", out, "-w", "%{http_code}", "-X", method]
            if auth { args += ["-H", "Authorization: Bearer \(token ?? self.token)"] }
            if let body {
                let file = out + ".in"
                try body.write(toFile: file, atomically: true, encoding: .utf8)
                args += ["-H", "Content-Type: application/json", "--data-binary", "@" + file]
            }
            let c = try Child.run("/usr/bin/curl", args + [url + path], timeout: 90)
            return (Int(c.stdout) ?? 0, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "")
        }
    }

    static func generate(_ table: String, shard: String) throws -> String {
        let path = FaultTests.workDirectory + "/gen-\(UUID().uuidString).yaml"
        try spec.write(toFile: path, atomically: true, encoding: .utf8)
        let c = try Child.loom(["generate", path, "--table", table, "--format", "csv", "--shard", shard, "--out", "-"], timeout: 60)
        #expect(c.status == 0, "\(c.stderr)")
        return c.stdout
    }

    @Test func rowsEqualGenerateByteForByte() throws {
        let server = try Server()
        for table in ["users", "orders"] {
            let first = try Self.generate(table, shard: "1/3"), second = try Self.generate(table, shard: "2/3")
            let firstRows = first.split(separator: "\n").count - 1, secondRows = second.split(separator: "\n").count
            let (s1, b1) = try server.request("/v1/tables/\(table)/rows?offset=0&limit=\(firstRows)&format=csv")
            #expect(s1 == 200 && b1 == first, "\(table) shard 1/3")
            let (s2, b2) = try server.request("/v1/tables/\(table)/rows?offset=\(firstRows)&limit=\(secondRows)&format=csv&header=false")
            #expect(s2 == 200 && b2 == second, "\(table) shard 2/3: the rows of a child table are found by index")
        }
        let (_, one) = try server.request("/v1/tables/orders/rows/7")
        let (_, range) = try server.request("/v1/tables/orders/rows?offset=7&limit=1&format=jsonl")
        #expect(one + "\n" == range, "one row equals the same row of a range")
        let (_, json) = try server.request("/v1/tables/users/rows?offset=4998&limit=10")
        let rows = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]]
        #expect(rows?.count == 2, "a range past the end stops at the last row")
        #expect(rows?.first?["id"] as? Int == 4999)
    }

    @Test func anOffsetOfATrillionCostsNoMoreThanTheFirstRow() throws {
        let server = try Server(["--rows", "2000000000000"])
        let (status, body) = try server.request("/v1/tables/users/rows?offset=1000000000000&limit=2&format=jsonl")
        #expect(status == 200)
        let ids = body.split(separator: "\n").compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])?["id"] as? Int
        }
        #expect(ids == [1_000_000_000_001, 1_000_000_000_002])
    }

    @Test func badRequestsAndTokensGetClearAnswers() throws {
        let server = try Server()
        for (path, status, message) in [
            ("/v1/tables/users/rows?limit=ten", 400, "limit must be a whole number"),
            ("/v1/tables/users/rows?format=xml", 400, "format must be json, jsonl or csv"),
            ("/v1/tables/nope/rows", 404, "no table 'nope'"),
            ("/v1/tables/users/rows/5000", 404, "has 5000 rows"),
            ("/v1/tables/users/rows/-1", 400, "the row must be a whole number"),
        ] {
            let (s, body) = try server.request(path)
            #expect(s == status && body.contains(message), "\(path): \(s) \(body)")
        }
        #expect(try server.request("/v1/tables", auth: false).0 == 401)
        #expect(try server.request("/v1/tables", token: "wrong").0 == 401)
        #expect(try server.request("/v1/tables").0 == 200)
        #expect(try server.request("/v1/openapi.json", auth: false).0 == 200, "the API's description needs no token")
        let big = "{\"database\": \"" + String(repeating: "x", count: 2 << 20) + "\"}"
        #expect(try server.request("/v1/jobs", method: "POST", body: big).0 == 413)
        #expect(try server.request("/v1/jobs", method: "POST", body: "{\"rows\": 5}").0 == 400)
        let (s, tables) = try server.request("/v1/tables")
        #expect(s == 200 && tables.contains("\"name\":\"orders\""), "the server keeps serving")
    }

    @Test func aJobLoadsPostgreSQLAndReportsItsProgress() throws {
        let db = try TestCluster.database()
        let server = try Server()
        let body = "{\"database\": \"\(db)\", \"rows\": 2000, \"schema\": \"api\"}"
        let (status, started) = try server.request("/v1/jobs", method: "POST", body: body)
        #expect(status == 202, "\(started)")
        let id = try #require((try JSONSerialization.jsonObject(with: Data(started.utf8)) as? [String: Any])?["id"] as? String)
        var state = ""
        let deadline = Date().addingTimeInterval(60)
        while state != "done", state != "failed", Date() < deadline {
            usleep(200_000)
            let (_, job) = try server.request("/v1/jobs/\(id)")
            state = (try JSONSerialization.jsonObject(with: Data(job.utf8)) as? [String: Any])?["state"] as? String ?? ""
        }
        #expect(state == "done")
        #expect(try PostgresConnection(db).execute("SELECT count(*) FROM api.users").value(0, 0) == "2000")
        #expect(try server.request("/v1/jobs/nope").0 == 404)
    }

    @Test func theOpenAPIDocumentPassesAValidator() throws {
        let server = try Server()
        let (status, document) = try server.request("/v1/openapi.json")
        #expect(status == 200)
        let path = FaultTests.workDirectory + "/openapi-\(UUID().uuidString).json"
        try document.write(toFile: path, atomically: true, encoding: .utf8)
        let python = try #require(Self.validatorPython(), "openapi-spec-validator is missing: run scripts/install-deps.sh")
        let check = try Child.run(python, ["-m", "openapi_spec_validator", path], timeout: 60)
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        let (_, index) = try server.request("/", auth: false)
        for endpoint in ["/v1/tables", "/v1/jobs", "/v1/openapi.json"] { #expect(index.contains(endpoint)) }
    }

    /// The Python with openapi-spec-validator: LOOM_PYTHON, or the venv install-deps.sh makes.
    static func validatorPython() -> String? {
        var candidates = [ProcessInfo.processInfo.environment["LOOM_PYTHON"]].compactMap { $0 }
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<3 {
            dir = dir.deletingLastPathComponent()
            candidates.append(dir.appendingPathComponent(".build/pyenv/bin/python").path)
        }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
