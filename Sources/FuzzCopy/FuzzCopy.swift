// Fuzz target `copy`: rows made from the fuzz bytes (text values, and NULL, boolean, bigint,
// double, numeric, date, timestamp, timestamptz and uuid values derived from the bytes) are
// encoded with `CopyTextEncoder` and `CSVEncoder` and read back by the reference readers below,
// written after PostgreSQL's COPY FROM rules (sql-copy "File Formats"; copyfromparse.c
// CopyReadLineText / CopyReadAttributesText / CopyReadAttributesCSV): default options, text with
// tab and `\N`, CSV with `,`, `"` and HEADER. Every row must read back equal to what was encoded.
//
// Each row is encoded into a sink whose buffer is exactly what the encoder reserves, so the
// address sanitizer catches any write past an encoder's size estimate.
//
// Built with `-DFUZZING` and `-sanitize=fuzzer,address` this is a libFuzzer binary (`make fuzz`);
// otherwise it replays the files and directories given as arguments (`make fuzz-replay`).
#if canImport(Glibc)
    @preconcurrency import Glibc
#endif
import Foundation
import FuzzSupport
import LoomGen
import LoomSpec

/// A column of the fuzzed table: its SQL type, and how a value of it is made from bytes.
enum Kind: CaseIterable {
    case text, null, bool, bigint, double, numeric, date, timestamp, timestamptz, uuid

    var type: SQLType {
        switch self {
        case .text, .null: .text
        case .bool: .boolean
        case .bigint: .bigint
        case .double: .double
        case .numeric: .numeric(precision: 1000, scale: 0)
        case .date: .date
        case .timestamp: .timestamp
        case .timestamptz: .timestamptz
        case .uuid: .uuid
        }
    }
}

/// A value to encode (a `Value` without the borrowed text pointer).
enum Raw {
    case null
    case text([UInt8])
    case bool(Bool)
    case int(Int64)
    case float(Double)
    case decimal(Int64, scale: Int)
    case date(Int64)
    case timestamp(Int64)
    case uuid(UInt64, UInt64)

    /// What a reader must read back.
    var cell: Cell {
        switch self {
        case .null: .null
        case .text(let t): .text(t)
        case .bool(let b): .bool(b)
        case .int(let i): .int(i)
        case .float(let d): .float(d)
        case .decimal(let u, let s): Cell.decimal(u, scale: s)
        case .date(let d): .date(d)
        case .timestamp(let t): .timestamp(t)
        case .uuid(let hi, let lo): .uuid(hi, lo)
        }
    }
}

/// A value as the reference readers see it.
enum Cell: Equatable {
    case null
    case text([UInt8])
    case bool(Bool)
    case int(Int64)
    case float(Double)
    /// A decimal as sign, integer digits without leading zeros, fraction digits without trailing zeros.
    case decimal(Bool, String, String)
    case date(Int64)
    case timestamp(Int64)
    case uuid(UInt64, UInt64)

    static func == (a: Cell, b: Cell) -> Bool {
        switch (a, b) {
        case (.null, .null): true
        case (.text(let x), .text(let y)): x == y
        case (.bool(let x), .bool(let y)): x == y
        case (.int(let x), .int(let y)): x == y
        // -0.0 reads back as 0; PostgreSQL's float8 equality makes no difference either.
        case (.float(let x), .float(let y)): x == y || (x.isNaN && y.isNaN)
        case (.decimal(let s, let i, let f), .decimal(let t, let j, let g)): s == t && i == j && f == g
        case (.date(let x), .date(let y)): x == y
        case (.timestamp(let x), .timestamp(let y)): x == y
        case (.uuid(let x, let y), .uuid(let z, let w)): x == z && y == w
        default: false
        }
    }

    static func decimal(_ unscaled: Int64, scale: Int) -> Cell {
        var digits = String(unscaled.magnitude)
        if digits.count <= scale { digits = String(repeating: "0", count: scale + 1 - digits.count) + digits }
        return normalized(unscaled < 0, String(digits.dropLast(scale)), String(digits.suffix(scale)))
    }

    static func normalized(_ negative: Bool, _ int: String, _ frac: String) -> Cell {
        let i = String(int.drop { $0 == "0" }), f = String(frac.reversed().drop { $0 == "0" }.reversed())
        return .decimal(negative && !(i.isEmpty && f.isEmpty), i, f)
    }
}

// PostgreSQL's ranges: dates from 4714-11-24 BC to 5874897-12-31, timestamps to 294276-12-31.
let firstDay = CivilTime.days(year: -4713, month: 11, day: 24)
let lastDay = CivilTime.days(year: 5_874_897, month: 12, day: 31)
let lastTimestampDay = CivilTime.days(year: 294_276, month: 12, day: 31)

/// Numeric scales tried: the common ones, past Int64's 18 digits, past the encoders' scalar
/// width estimate, and numeric's largest.
let numericScales = [0, 1, 2, 2, 3, 4, 6, 9, 12, 15, 18, 19, 24, 38, 60, 1000]

/// Reads the fuzz bytes: byte 0 gives the column count (1–4) and row count (1–3), then one byte
/// per column gives its kind (and a numeric's scale); the rest, split at 0x00 bytes, gives the
/// values in row order: a text value is the piece (invalid UTF-8 replaced; text values hold no NUL,
/// which PostgreSQL cannot store), other values read the piece as a little-endian number.
struct Input {
    var kinds: [Kind] = []
    var scales: [Int] = []
    /// Values to encode, in the form the generator hands to encoders.
    var rows: [[Raw]] = []

    init(_ data: Data) {
        let bytes = [UInt8](data)
        var i = 0
        func next() -> UInt8 { defer { i += 1 }; return i < bytes.count ? bytes[i] : 0 }
        let head = next()
        let columns = 1 + Int(head % 4), rowCount = 1 + Int(head / 4 % 3)
        for _ in 0..<columns {
            let b = next()
            // Text twice as likely as any other kind.
            let k = Int(b % 11)
            kinds.append(k == 10 ? .text : Kind.allCases[k])
            scales.append(numericScales[Int(b >> 4)])
        }
        var pieces = i < bytes.count ? bytes[i...].split(separator: 0, omittingEmptySubsequences: false).map(Array.init) : []
        for _ in 0..<rowCount {
            var row: [Raw] = []
            for c in 0..<columns {
                let piece = pieces.isEmpty ? [] : pieces.removeFirst()
                var u: UInt64 = 0, v: UInt64 = 0
                for (k, b) in piece.prefix(16).enumerated() {
                    if k < 8 { u |= UInt64(b) << (8 * UInt64(k)) } else { v |= UInt64(b) << (8 * UInt64(k - 8)) }
                }
                let s = Int64(bitPattern: u)
                switch kinds[c] {
                case .text: row.append(.text(Array(String(decoding: piece, as: UTF8.self).utf8)))
                case .null: row.append(.null)
                case .bool: row.append(.bool(u & 1 == 1))
                case .bigint: row.append(.int(s))
                case .double: row.append(.float(Double(bitPattern: u)))
                case .numeric: row.append(.decimal(s, scale: scales[c]))
                case .date: row.append(.date(firstDay + Int64(u % UInt64(lastDay - firstDay + 1))))
                case .timestamp, .timestamptz:
                    // From 4714-11-24 BC to the largest timestamp Int64 microseconds since 1970 hold
                    // (294247-01-10; PostgreSQL counts from 2000 and reaches 294276).
                    let first = firstDay * CivilTime.microsPerDay
                    let span = UInt64(bitPattern: Int64.max &- first) &+ 1
                    row.append(.timestamp(first &+ Int64(bitPattern: u % span)))
                case .uuid: row.append(.uuid(u, v))
                }
            }
            rows.append(row)
        }
    }
}

func check(_ data: Data) {
    let input = Input(data)
    // While the text encoders' numeric scales over 18 are open (KNOWN-CRASHES: writeDecimal), the
    // run leaves them out: they write past the encoder's reservation, a trap no check can skip.
    if knownOpen("writeDecimal"), zip(input.kinds, input.scales).contains(where: { $0 == .numeric && $1 > 18 }) { return }
    let columns = input.kinds.enumerated().map { i, k in
        ColumnSpec(
            name: "c\(i)", type: k == .numeric ? .numeric(precision: 1000, scale: input.scales[i]) : k.type,
            source: .generator(.constant(.null)), location: SourceLocation(file: "fuzz", line: 1, column: 1),
            sourceLocation: SourceLocation(file: "fuzz", line: 1, column: 1))
    }
    let table = TableSpec(
        name: "t", rows: .fixed(Int64(input.rows.count)), columns: columns, location: SourceLocation(file: "fuzz", line: 1, column: 1))
    let copy = encode(CopyTextEncoder(table: table), input)
    let csv = encode(CSVEncoder(table: table), input)
    for (format, bytes) in [("COPY text", copy), ("CSV", csv)] {
        let shown = String(decoding: bytes, as: UTF8.self).debugDescription
        let read: Read
        do {
            read = format == "CSV" ? try readCSV(bytes, input) : try readText(bytes, input)
        } catch {
            return fail("\(format): PostgreSQL would refuse the output (\(error)): \(shown)")
        }
        guard read.rows.count == input.rows.count else {
            let why = read.endMarker ? " (a line \\. ended the data)" : ""
            return fail("\(format): \(input.rows.count) rows encoded, \(read.rows.count) read back\(why): \(shown)")
        }
        for (r, (row, back)) in zip(input.rows, read.rows).enumerated() {
            for (c, (raw, cell)) in zip(row, back).enumerated() where raw.cell != cell {
                let type = input.kinds[c] == .numeric ? "numeric scale \(input.scales[c])" : "\(input.kinds[c].type)"
                return fail(
                    "\(format): row \(r) column c\(c) (\(type)) reads back different: encoded \(raw), read \(cell); output \(shown)")
            }
        }
    }
}

/// Encodes every row into a sink of its own whose buffer is exactly the bytes the encoder reserves
/// (a sink's capacity is its chunk size plus 64 KiB; it grows to exactly what `reserve` asks).
func encode(_ encoder: RowEncoder, _ input: Input) -> [UInt8] {
    var out: [UInt8] = []
    func drain(_ body: (ByteSink) -> Void) {
        let sink = ByteSink(chunkSize: 1 - 64 * 1024) { _ in }
        body(sink)
        out += UnsafeBufferPointer(start: sink.base, count: sink.count)
    }
    drain { encoder.header($0) }
    for row in input.rows {
        let frame = RowFrame(columns: row.count)
        var texts: [UnsafeMutableBufferPointer<UInt8>] = []
        for (i, raw) in row.enumerated() {
            switch raw {
            case .null: frame[i] = .null
            case .text(let t):
                let p = UnsafeMutableBufferPointer<UInt8>.allocate(capacity: t.count)
                _ = p.initialize(from: t)
                texts.append(p)
                frame[i] = .text(UnsafeBufferPointer(p))
            case .bool(let b): frame[i] = .bool(b)
            case .int(let v): frame[i] = .int(v)
            case .float(let d): frame[i] = .float(d)
            case .decimal(let u, let s): frame[i] = .decimal(u, scale: s)
            case .date(let d): frame[i] = .date(d)
            case .timestamp(let t): frame[i] = .timestamp(t)
            case .uuid(let hi, let lo): frame[i] = .uuid(hi, lo)
            }
        }
        drain { encoder.encode(frame, $0) }
        for t in texts { t.deallocate() }
    }
    drain { encoder.trailer($0) }
    return out
}

// MARK: - reference readers

struct Refused: Error, CustomStringConvertible {
    var description: String
    init(_ d: String) { description = d }
}

let tab: UInt8 = 9, lf: UInt8 = 10, cr: UInt8 = 13, backslash: UInt8 = 92, quote: UInt8 = 34, comma: UInt8 = 44

/// COPY input must be valid in the database encoding (UTF-8), which has no NUL.
func checkEncoding(_ bytes: [UInt8]) throws(Refused) {
    guard String(validating: bytes, as: UTF8.self) != nil else { throw Refused("invalid byte sequence for encoding UTF8") }
    guard !bytes.contains(0) else { throw Refused("invalid byte sequence for encoding UTF8: 0x00") }
}

/// Splits COPY input into lines the way CopyReadLineText does: the first line end fixes the
/// style (LF, CR or CR LF) and a different one later is an error; in text format a backslash
/// takes the next byte with it and `\.` before a line end is the end-of-data marker; in CSV
/// format line ends inside quotes are data and `\.` is the end marker only alone on a line.
func lines(_ b: [UInt8], csv: Bool) throws(Refused) -> (lines: [[UInt8]], endMarker: Bool) {
    enum EOL { case unknown, lf, cr, crlf }
    var eol = EOL.unknown
    var out: [[UInt8]] = []
    var i = 0
    func newline(_ c: UInt8) throws(Refused) {
        if c == cr {
            if i < b.count, b[i] == lf {
                i += 1
                guard eol == .unknown || eol == .crlf else { throw Refused("literal carriage return found in data") }
                eol = .crlf
            } else {
                guard eol == .unknown || eol == .cr else {
                    throw Refused(csv ? "unquoted carriage return found in data" : "literal carriage return found in data")
                }
                eol = .cr
            }
        } else {
            guard eol == .unknown || eol == .lf else {
                throw Refused(csv ? "unquoted newline found in data" : "literal newline found in data")
            }
            eol = .lf
        }
    }
    while i < b.count {
        var line: [UInt8] = []
        var inQuote = false, first = true, endOfData = false
        while i < b.count {
            let c = b[i]
            i += 1
            defer { first = false }
            if csv, c == quote { inQuote.toggle() }
            if c == cr || c == lf, !(csv && inQuote) {
                try newline(c)
                break
            }
            if c == backslash, !csv || first {
                guard i < b.count else { line.append(c); break }
                if b[i] == UInt8(ascii: ".") {
                    let after = i + 1 < b.count ? b[i + 1] : 0
                    if after == cr || after == lf {
                        i += 2
                        if after == cr, i < b.count, b[i] == lf { i += 1 }
                        endOfData = true
                        break
                    }
                    if !csv { throw Refused("end-of-copy marker corrupt") }
                    // CSV: data after all; the two bytes go into the line unexamined.
                    line.append(c); line.append(b[i]); i += 1
                    if i < b.count { line.append(b[i]); i += 1 }
                    continue
                }
                if !csv {
                    line.append(c); line.append(b[i]); i += 1
                    continue
                }
            }
            line.append(c)
        }
        if csv, inQuote { throw Refused("unterminated CSV quoted field") }
        if !line.isEmpty || !endOfData { out.append(line) }
        if endOfData { return (out, true) }
    }
    return (out, false)
}

/// CopyReadAttributesText: tab-separated, `\N` (compared before de-escaping) is NULL.
func textFields(_ line: [UInt8]) -> [[UInt8]?] {
    var fields: [[UInt8]?] = []
    var i = 0
    while true {
        let start = i
        var value: [UInt8] = [], delimiter = false
        while i < line.count {
            var c = line[i]
            i += 1
            if c == tab { delimiter = true; break }
            if c == backslash {
                guard i < line.count else { break }
                c = line[i]
                i += 1
                func isOctal(_ x: UInt8) -> Bool { x >= 48 && x <= 55 }
                func hex(_ x: UInt8) -> Int? { Int(String(UnicodeScalar(x)), radix: 16) }
                switch c {
                case 48...55:
                    var v = Int(c - 48)
                    for _ in 0..<2 where i < line.count && isOctal(line[i]) { v = v << 3 + Int(line[i] - 48); i += 1 }
                    c = UInt8(v & 0xFF)
                case UInt8(ascii: "x"):
                    if i < line.count, var v = hex(line[i]) {
                        i += 1
                        if i < line.count, let w = hex(line[i]) { v = v << 4 + w; i += 1 }
                        c = UInt8(v & 0xFF)
                    }
                case UInt8(ascii: "b"): c = 8
                case UInt8(ascii: "f"): c = 12
                case UInt8(ascii: "n"): c = 10
                case UInt8(ascii: "r"): c = 13
                case UInt8(ascii: "t"): c = 9
                case UInt8(ascii: "v"): c = 11
                default: break
                }
            }
            value.append(c)
        }
        let end = delimiter ? i - 1 : i
        fields.append(Array(line[start..<end]) == Array("\\N".utf8) ? nil : value)
        if !delimiter { return fields }
    }
}

/// CopyReadAttributesCSV: `,`-separated, `"` quotes and escapes itself; an unquoted empty field is NULL.
func csvFields(_ line: [UInt8]) throws(Refused) -> [[UInt8]?] {
    var fields: [[UInt8]?] = []
    var i = 0
    while true {
        var value: [UInt8] = [], sawQuote = false, delimiter = false
        outer: while i < line.count {
            let c = line[i]
            i += 1
            if c == comma { delimiter = true; break }
            if c != quote { value.append(c); continue }
            sawQuote = true
            while true {
                guard i < line.count else { throw Refused("unterminated CSV quoted field") }
                let q = line[i]
                i += 1
                if q == quote {
                    if i < line.count, line[i] == quote { value.append(quote); i += 1; continue }
                    continue outer
                }
                value.append(q)
            }
        }
        fields.append(!sawQuote && value.isEmpty ? nil : value)
        if !delimiter { return fields }
    }
}

/// Rows read back, and whether an end-of-data marker stopped the reading.
struct Read {
    var rows: [[Cell]] = []
    var endMarker = false
}

func readText(_ bytes: [UInt8], _ input: Input) throws(Refused) -> Read {
    try checkEncoding(bytes)
    let (all, endMarker) = try lines(bytes, csv: false)
    var read = Read(endMarker: endMarker)
    for line in all {
        read.rows.append(try cells(textFields(line), input))
    }
    return read
}

func readCSV(_ bytes: [UInt8], _ input: Input) throws(Refused) -> Read {
    try checkEncoding(bytes)
    let split = try lines(bytes, csv: true)
    var all = split.lines
    guard !all.isEmpty else { throw Refused("no header line") }
    // HEADER MATCH: the header names the columns.
    let names = try csvFields(all.removeFirst())
    guard names == input.kinds.indices.map({ Array("c\($0)".utf8) }) else { throw Refused("header does not match the columns: \(names)") }
    var read = Read(endMarker: split.endMarker)
    for line in all {
        read.rows.append(try cells(csvFields(line), input))
    }
    return read
}

func cells(_ fields: [[UInt8]?], _ input: Input) throws(Refused) -> [Cell] {
    guard fields.count <= input.kinds.count else { throw Refused("extra data after last expected column") }
    guard fields.count == input.kinds.count else { throw Refused("missing data for column \"c\(fields.count)\"") }
    var out: [Cell] = []
    for (i, f) in fields.enumerated() {
        guard let f else { out.append(.null); continue }
        out.append(try value(f, input.kinds[i]))
    }
    return out
}

/// The input functions of the column types, for the forms they accept that an encoder may write.
func value(_ bytes: [UInt8], _ kind: Kind) throws(Refused) -> Cell {
    let s = String(decoding: bytes, as: UTF8.self)
    func refuse() -> Refused { Refused("invalid input syntax for type \(kind.type): \"\(s)\"") }
    func digits(_ t: Substring) -> Bool { !t.isEmpty && t.allSatisfy { $0.isASCII && $0.isNumber } }
    switch kind {
    case .text, .null: return .text(bytes)
    case .bool:
        switch s {
        case "t", "true": return .bool(true)
        case "f", "false": return .bool(false)
        default: throw refuse()
        }
    case .bigint:
        let body = s.hasPrefix("-") ? s.dropFirst() : Substring(s)
        guard digits(body), let v = Int64(s) else { throw Refused("value \"\(s)\" is out of range for type bigint or not an integer") }
        return .int(v)
    case .double:
        switch s {
        case "NaN": return .float(.nan)
        case "Infinity": return .float(.infinity)
        case "-Infinity": return .float(-.infinity)
        default: break
        }
        var t = Substring(s)
        if t.hasPrefix("-") { t = t.dropFirst() }
        let mantissa = t.prefix { $0 != "e" && $0 != "E" }
        var exponent = t.dropFirst(mantissa.count)
        let parts = mantissa.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy(digits) else { throw refuse() }
        if !exponent.isEmpty {
            exponent = exponent.dropFirst()
            if exponent.hasPrefix("-") || exponent.hasPrefix("+") { exponent = exponent.dropFirst() }
            guard digits(exponent) else { throw refuse() }
        }
        guard let d = Double(s), d.isFinite else { throw Refused("\"\(s)\" is out of range for type double precision") }
        return .float(d)
    case .numeric:
        var t = Substring(s)
        let negative = t.hasPrefix("-")
        if negative { t = t.dropFirst() }
        // numeric_in also reads an exponent: `123e-25` (the encoders' form beyond scale 18).
        var shift = 0
        if let e = t.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            var exponent = t[t.index(after: e)...]
            let down = exponent.hasPrefix("-")
            if down || exponent.hasPrefix("+") { exponent = exponent.dropFirst() }
            guard digits(exponent), let k = Int(exponent), k <= 1000 else { throw refuse() }
            shift = down ? k : -k
            t = t[..<e]
        }
        let parts = t.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy(digits) else { throw refuse() }
        var int = String(parts[0]), frac = parts.count == 2 ? String(parts[1]) : ""
        if shift > 0 {
            if int.count < shift { int = String(repeating: "0", count: shift - int.count) + int }
            frac = String(int.suffix(shift)) + frac
            int = String(int.dropLast(shift))
        } else if shift < 0 {
            if frac.count < -shift { frac += String(repeating: "0", count: -shift - frac.count) }
            int += frac.prefix(-shift)
            frac = String(frac.dropFirst(-shift))
        }
        return Cell.normalized(negative, int, frac)
    case .date:
        guard let d = try date(Substring(s), bc: false) else { throw refuse() }
        return .date(d)
    case .timestamp, .timestamptz:
        var t = Substring(s)
        var bc = false
        if t.hasSuffix(" BC") { bc = true; t = t.dropLast(3) }
        if kind == .timestamptz {
            guard t.hasSuffix("+00") else { throw refuse() }
            t = t.dropLast(3)
        }
        let halves = t.split(separator: " ", omittingEmptySubsequences: false)
        guard halves.count == 2, let day = try date(halves[0], bc: bc) else { throw refuse() }
        let hms = halves[1].split(separator: ":", omittingEmptySubsequences: false)
        guard hms.count == 3, hms[0].count == 2, hms[1].count == 2, digits(hms[0]), digits(hms[1]),
            let h = Int64(hms[0]), let m = Int64(hms[1]), h < 24, m < 60
        else { throw refuse() }
        let sec = hms[2].split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(sec.count), sec[0].count == 2, digits(sec[0]), let whole = Int64(sec[0]), whole < 60 else { throw refuse() }
        var micros: Int64 = 0
        if sec.count == 2 {
            guard digits(sec[1]), sec[1].count <= 6, let f = Int64(sec[1] + String(repeating: "0", count: 6 - sec[1].count)) else {
                throw refuse()
            }
            micros = f
        }
        guard day <= lastTimestampDay else { throw Refused("timestamp out of range: \"\(s)\"") }
        // Wrapping: a day past Int64 microseconds reads back different rather than trapping here.
        return .timestamp(day &* CivilTime.microsPerDay &+ ((h * 60 + m) * 60 + whole) * 1_000_000 &+ micros)
    case .uuid:
        let groups = s.split(separator: "-", omittingEmptySubsequences: false)
        guard groups.map(\.count) == [8, 4, 4, 4, 12], groups.allSatisfy({ $0.allSatisfy(\.isHexDigit) }) else { throw refuse() }
        let hex = groups.joined()
        guard let hi = UInt64(hex.prefix(16), radix: 16), let lo = UInt64(hex.suffix(16), radix: 16) else { throw refuse() }
        return .uuid(hi, lo)
    }
}

/// `YYYY-MM-DD` (four or more year digits, year 1 or later; `bc` counts years before 1 AD), as
/// date_in reads ISO dates; nil when PostgreSQL refuses it.
func date(_ s: Substring, bc: Bool) throws(Refused) -> Int64? {
    var t = s
    var isBC = bc
    if t.hasSuffix(" BC") { isBC = true; t = t.dropLast(3) }
    if t.hasPrefix("-") || t.hasPrefix("0000-") {
        throw Refused("a date before 1 AD written as \"\(s)\"; PostgreSQL reads those only as YYYY-MM-DD BC")
    }
    let parts = t.split(separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 3, parts[0].count >= 4, parts[1].count == 2, parts[2].count == 2,
        parts.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isNumber } }),
        let y = Int(parts[0]), let m = Int(parts[1]), let d = Int(parts[2]), y >= 1, (1...12).contains(m)
    else { return nil }
    let year = isBC ? 1 - y : y
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
    let days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1]
    guard d >= 1, d <= days else { return nil }
    let v = CivilTime.days(year: year, month: m, day: d)
    guard v >= firstDay, v <= lastDay else { throw Refused("date out of range: \"\(s)\"") }
    return v
}

func seeds() -> [(String, Data)] { [] }

#if FUZZING
    // SwiftPM links an executable with `--defsym main=<Module>_main`; libFuzzer's driver runs from it.
    @_cdecl("FuzzCopy_main")
    func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
        FuzzTarget.run(name: "FuzzCopy", seeds: seeds, check: check, argc: argc, argv: argv)
    }
#else
    @main enum Replay {
        static func main() { _ = FuzzTarget.run(name: "FuzzCopy", seeds: seeds, check: check) }
    }
#endif
