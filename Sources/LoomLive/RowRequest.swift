import Hummingbird
import LoomGen

/// A request for rows of a table: a range and a format, from the query string, checked.
struct RowRequest: Sendable {
    enum Format: String, Sendable, CaseIterable {
        case json, jsonl, csv

        var contentType: String {
            switch self {
            case .json: "application/json"
            case .jsonl: "application/jsonl"
            case .csv: "text/csv; charset=utf-8"
            }
        }
    }

    var offset: UInt64
    var limit: UInt64
    var format: Format
    /// CSV only: whether the column names come first (`header=false` leaves them out, so that
    /// consecutive ranges concatenate into one file).
    var header: Bool

    /// Rows one request may ask for.
    static let maxLimit: UInt64 = 100_000_000
    static let defaultLimit: UInt64 = 100

    /// Reads `offset`, `limit` and `format` (json, jsonl or csv); a bad value is a 400 naming it.
    init(_ query: [String: String]) throws {
        offset = try Self.number(query["offset"], "offset") ?? 0
        limit = try Self.number(query["limit"], "limit") ?? Self.defaultLimit
        guard limit <= Self.maxLimit else {
            throw HTTPError(.badRequest, message: "limit must be at most \(Self.maxLimit), found \(limit)")
        }
        let name = query["format"] ?? "json"
        guard let f = Format(rawValue: name) else {
            throw HTTPError(.badRequest, message: "format must be json, jsonl or csv, found '\(name)'")
        }
        format = f
        switch query["header"] ?? "true" {
        case "true": header = true
        case "false": header = false
        case let other: throw HTTPError(.badRequest, message: "header must be true or false, found '\(other)'")
        }
    }

    static func number(_ raw: String?, _ name: String) throws -> UInt64? {
        guard let raw else { return nil }
        guard let n = UInt64(raw) else { throw HTTPError(.badRequest, message: "\(name) must be a whole number ≥ 0, found '\(raw)'") }
        return n
    }
}
