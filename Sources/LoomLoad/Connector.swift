import Foundation
import LoomPostgres

/// Connections with the load's retry rules: one attempt at a time for callers that retry on
/// their own, or `withRetry` around a whole unit of work. Failures that waiting may cure
/// (refused, reset, server starting) are retried with backoff; authentication errors and
/// missing databases fail at once.
public struct Connector: Sendable {
    public let conninfo: String
    public let retry: RetryPolicy
    public let report: @Sendable (String) -> Void

    public init(conninfo: String, retry: RetryPolicy, report: @escaping @Sendable (String) -> Void) {
        self.conninfo = conninfo
        self.retry = retry
        self.report = report
    }

    /// One connection attempt (callers retry): a failure waiting may cure is thrown as a
    /// transient `PostgresError`, any other (authentication, a missing database) as a
    /// `LoadError`, which fails the load at once.
    public func connectOnce() throws -> PostgresConnection {
        do {
            return try PostgresConnection(conninfo)
        } catch {
            guard error.isTransient, isStartupOrUnreachable(error) else { throw LoadError(underlying: error) }
            throw error
        }
    }

    /// Connection errors worth waiting out: refused or reset while the server restarts.
    /// Authentication failures and missing databases fail at once.
    private func isStartupOrUnreachable(_ e: PostgresError) -> Bool {
        let m = e.message.lowercased()
        let permanent = [
            "password authentication failed", "no password supplied", "authentication failed", "does not exist",
            "no pg_hba.conf entry", "could not translate host name", "invalid connection option", "invalid uri", "invalid integer value",
        ]
        if permanent.contains(where: m.contains) { return false }
        return true
    }

    func format(_ d: Double) -> String { String(format: "%.1f", d) }

    /// Runs `body` with a fresh connection, retrying transient failures.
    public func withRetry(_ what: String, _ body: (PostgresConnection) throws -> Void) throws {
        var attempt = 1
        while true {
            do {
                let c = try connectOnce()
                defer { c.close() }
                try body(c)
                return
            } catch let e as PostgresError where e.isTransient {
                guard let d = retry.delay(after: attempt) else {
                    throw LoadError(what, underlying: e, advice: "gave up after \(attempt) attempts; re-run the same command to resume")
                }
                report("\(what): \(e.message); retrying in \(format(d)) s")
                Thread.sleep(forTimeInterval: d)
                attempt += 1
            }
        }
    }

}
