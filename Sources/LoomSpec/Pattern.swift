/// A string template such as `[A-Z]{3}-[0-9]{4}`: literal text, character classes
/// (`[A-Z0-9]`, `\d`, `\w`, `\l`, `\u`) and repeat counts (`{n}`, `{n,m}`, `?`).
public struct Pattern: Sendable, Hashable {
    /// One piece of a pattern.
    public enum Segment: Sendable, Hashable {
        /// Text copied as is (UTF-8 bytes).
        case literal([UInt8])
        /// One ASCII character out of `alphabet`, repeated between `min` and `max` times.
        case characters(alphabet: [UInt8], min: Int, max: Int)
    }

    public var source: String
    public var segments: [Segment]

    /// Number of distinct strings when every repeat count is fixed; nil otherwise or on overflow.
    public var domainSize: UInt64? {
        var size: UInt64 = 1
        for case .characters(let alphabet, let lo, let hi) in segments {
            guard lo == hi else { return nil }
            for _ in 0..<lo {
                let (r, o) = size.multipliedReportingOverflow(by: UInt64(alphabet.count))
                if o { return UInt64.max }
                size = r
            }
        }
        return size
    }

    /// The problem with a pattern and the 0-based character offset where it is.
    public struct ParseError: Error, Sendable {
        public var message: String
        public var offset: Int
    }

    public init(parsing source: String) throws(ParseError) {
        self.source = source
        let chars = Array(source)
        var segments: [Segment] = []
        var i = 0
        var pendingLiteral: [UInt8] = []
        func flush() {
            if !pendingLiteral.isEmpty { segments.append(.literal(pendingLiteral)); pendingLiteral = [] }
        }
        let digits = Array("0123456789".utf8)
        let lower = Array("abcdefghijklmnopqrstuvwxyz".utf8)
        let upper = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        while i < chars.count {
            let c = chars[i]
            var alphabet: [UInt8]? = nil
            let start = i
            switch c {
            case "[":
                var set: [UInt8] = []
                i += 1
                while i < chars.count, chars[i] != "]" {
                    guard let a = chars[i].asciiValue, a >= 32 else {
                        throw ParseError(message: "character classes hold ASCII characters only", offset: i)
                    }
                    if i + 2 < chars.count, chars[i + 1] == "-", chars[i + 2] != "]" {
                        guard let b = chars[i + 2].asciiValue, b >= a else {
                            throw ParseError(message: "bad range '\(chars[i])-\(chars[i + 2])' in character class", offset: i)
                        }
                        set.append(contentsOf: a...b)
                        i += 3
                    } else {
                        set.append(a)
                        i += 1
                    }
                }
                guard i < chars.count else { throw ParseError(message: "unterminated character class: missing ']'", offset: start) }
                var seen = Set<UInt8>()
                alphabet = set.filter { seen.insert($0).inserted }
                guard !alphabet!.isEmpty else { throw ParseError(message: "empty character class", offset: start) }
                i += 1
            case "\\":
                guard i + 1 < chars.count else { throw ParseError(message: "pattern ends with a lone '\\'", offset: i) }
                switch chars[i + 1] {
                case "d": alphabet = digits
                case "l": alphabet = lower
                case "u": alphabet = upper
                case "w": alphabet = upper + lower + digits
                default: pendingLiteral.append(contentsOf: Array(String(chars[i + 1]).utf8))
                }
                i += 2
            case "{", "}", "?", "]":
                throw ParseError(message: "'\(c)' must follow a character class; write '\\\(c)' for the character itself", offset: i)
            default:
                pendingLiteral.append(contentsOf: Array(String(c).utf8))
                i += 1
            }
            guard let alphabet else { continue }
            var lo = 1, hi = 1
            if i < chars.count, chars[i] == "?" {
                lo = 0; i += 1
            } else if i < chars.count, chars[i] == "{" {
                guard let close = chars[i...].firstIndex(of: "}") else {
                    throw ParseError(message: "unterminated repeat count: missing '}'", offset: i)
                }
                let body = String(chars[(i + 1)..<close])
                let parts = body.split(separator: ",", omittingEmptySubsequences: false).map { Int($0) }
                guard (1...2).contains(parts.count), parts.allSatisfy({ $0 != nil }) else {
                    throw ParseError(message: "repeat count must be {n} or {n,m}, found {\(body)}", offset: i)
                }
                lo = parts[0]!; hi = parts.count == 2 ? parts[1]! : lo
                guard lo >= 0, hi >= lo, hi <= 1000 else {
                    throw ParseError(message: "repeat count {\(body)} must satisfy 0 <= n <= m <= 1000", offset: i)
                }
                i = close + 1
            }
            flush()
            segments.append(.characters(alphabet: alphabet, min: lo, max: hi))
        }
        flush()
        self.segments = segments
    }
}
