import Foundation

/// Where to connect, following libpq conventions: an explicit URL or conninfo, else the `PG*`
/// environment (and `~/.pgpass`), else nothing — which means the embedded server.
public enum ConnectionTarget {
    /// Environment variables that name a database for libpq.
    public static let environmentKeys = ["PGHOST", "PGHOSTADDR", "PGPORT", "PGDATABASE", "PGUSER", "PGSERVICE", "DATABASE_URL"]

    /// The conninfo to use: `explicit`, or `DATABASE_URL`, or "" when `PG*` variables are set
    /// (libpq reads them itself); nil when nothing names a database.
    public static func resolve(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let explicit, !explicit.isEmpty { return explicit }
        if let url = environment["DATABASE_URL"], !url.isEmpty { return url }
        if environmentKeys.contains(where: { environment[$0]?.isEmpty == false }) { return "" }
        return nil
    }

    /// The target with any password removed, safe for logs and messages.
    public static func redacted(_ conninfo: String) -> String {
        if conninfo.isEmpty { return "the server named by the PG* environment" }
        if conninfo.hasPrefix("postgres://") || conninfo.hasPrefix("postgresql://"),
           var parts = URLComponents(string: conninfo) {
            if parts.password != nil { parts.password = "***" }
            parts.queryItems = parts.queryItems?.map { $0.name == "password" ? URLQueryItem(name: "password", value: "***") : $0 }
            return parts.string ?? "(unparseable URL)"
        }
        var out: [String] = []
        for pair in conninfo.split(separator: " ") {
            if pair.lowercased().hasPrefix("password=") { out.append("password=***") } else { out.append(String(pair)) }
        }
        return out.joined(separator: " ")
    }
}
