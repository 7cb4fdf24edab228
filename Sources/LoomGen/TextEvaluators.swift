import LoomSpec

/// An entry of a shipped dictionary. Columns sharing a pick (`like:`) use the same key and
/// permutation, so a city and its country always belong together.
final class DictionaryEvaluator: ColumnEvaluator {
    let list: WordList, field: Int, key: UInt64, perm: Permutation?
    init(list: WordList, field: Int, key: UInt64, perm: Permutation?) {
        self.list = list; self.field = field; self.key = key; self.perm = perm
    }
    @inline(__always)
    func index(_ row: UInt64) -> Int {
        if let perm { return Int(perm.permute(row)) }
        return Int(CounterRNG.below(UInt64(list.count), CounterRNG.bits(key, row)))
    }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        .text(list.entry(index(row), field))
    }
}

/// Strings from a `Pattern`; unique columns decode the permuted row in mixed radix.
final class PatternEvaluator: ColumnEvaluator {
    let segments: [Pattern.Segment], key: UInt64, perm: Permutation?, maxLength: Int
    init(pattern: Pattern, key: UInt64, perm: Permutation?) {
        segments = pattern.segments; self.key = key; self.perm = perm
        maxLength = pattern.segments.reduce(0) { acc, s in
            switch s {
            case .literal(let b): acc + b.count
            case .characters(_, _, let hi): acc + hi
            }
        }
    }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let p = frame.arena.reserve(maxLength)
        var n = 0
        if let perm {
            var x = perm.permute(row)
            var tmp = [UInt8](repeating: 0, count: maxLength)
            var positions: [(Int, [UInt8])] = []
            for s in segments {
                switch s {
                case .literal(let b): for c in b { tmp[n] = c; n += 1 }
                case .characters(let alphabet, let count, _):
                    for _ in 0..<count { positions.append((n, alphabet)); n += 1 }
                }
            }
            for (pos, alphabet) in positions.reversed() {
                let r = UInt64(alphabet.count)
                tmp[pos] = alphabet[Int(x % r)]; x /= r
            }
            for i in 0..<n { p[i] = tmp[i] }
            return .text(frame.arena.commit(p, n))
        }
        var draw: UInt64 = 0
        var bits = CounterRNG.bits(key, row, draw)
        var left = 4
        @inline(__always) func next(_ r: Int) -> Int {
            if left == 0 { draw += 1; bits = CounterRNG.bits(key, row, draw); left = 4 }
            left -= 1
            let low = bits & 0xFFFF
            bits >>= 16
            return Int((low &* UInt64(r)) >> 16)
        }
        for s in segments {
            switch s {
            case .literal(let b):
                for c in b { p[n] = c; n += 1 }
            case .characters(let alphabet, let lo, let hi):
                let count = lo == hi ? lo : lo + next(hi - lo + 1)
                alphabet.withUnsafeBufferPointer { a in
                    for _ in 0..<count { p[n] = a[next(a.count)]; n += 1 }
                }
            }
        }
        return .text(frame.arena.commit(p, n))
    }
}

/// Lower-case ASCII letters and digits of a name, folding common accented Latin letters.
enum NameFolding {
    /// Folds the second byte of a two-byte UTF-8 sequence starting with 0xC3 (U+00C0–U+00FF).
    private static let latin1: [UInt8] = Array("aaaaaaaceeeeiiiidnooooo/ouuuuytsaaaaaaaceeeeiiiidnooooo/ouuuuyty".utf8)

    /// Writes the folded form of `text` at `p`; returns the byte count.
    @inline(__always)
    static func fold(_ text: UnsafeBufferPointer<UInt8>, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 0, i = 0
        while i < text.count {
            let b = text[i]
            if b >= 65 && b <= 90 { p[n] = b | 0x20; n += 1 }
            else if (b >= 97 && b <= 122) || (b >= 48 && b <= 57) { p[n] = b; n += 1 }
            else if b == 0xC3, i + 1 < text.count {
                let c = text[i + 1]
                if c >= 0x80, c <= 0xBF {
                    let f = latin1[Int(c - 0x80)]
                    if f != UInt8(ascii: "/") { p[n] = f; n += 1 }
                }
                i += 1
            }
            i += 1
        }
        return n
    }
}

/// `first.last@domain` style addresses from other columns of the row. Unique columns append the
/// permuted row number, which makes every address distinct (names never end in a digit here:
/// a separator is inserted if they do).
final class EmailEvaluator: ColumnEvaluator {
    let slots: [Int], domains: [UnsafeBufferPointer<UInt8>], key: UInt64, perm: Permutation?, username: Bool
    init(slots: [Int], domains: [UnsafeBufferPointer<UInt8>], key: UInt64, perm: Permutation?, username: Bool) {
        self.slots = slots; self.domains = domains; self.key = key; self.perm = perm; self.username = username
    }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        var cap = 64
        for s in slots { if case .text(let t) = frame[s] { cap += t.count } else { cap += TextFormat.maxScalarWidth } }
        let p = frame.arena.reserve(cap)
        let bits = CounterRNG.bits(key, row)
        let style = Int(bits & 3)
        var n = 0
        for (i, s) in slots.enumerated() {
            let v = frame[s]
            let start = n
            if case .text(let t) = v {
                if username && i == 0 && slots.count > 1 && style != 0 {
                    let folded = NameFolding.fold(t, p + n)
                    n += min(folded, 1)
                } else {
                    n += NameFolding.fold(t, p + n)
                }
            } else if !v.isNull {
                n += TextFormat.writeScalar(v, timestampZone: nil, p + n)
            }
            if n > start, i + 1 < slots.count {
                let sep: UInt8 = username ? (style == 2 ? UInt8(ascii: "_") : 0) : (style == 1 ? 0 : style == 2 ? UInt8(ascii: "_") : UInt8(ascii: "."))
                if sep != 0 { p[n] = sep; n += 1 }
            }
        }
        if n == 0 { for c in "user".utf8 { p[n] = c; n += 1 } }
        if let perm {
            if p[n - 1] >= 48 && p[n - 1] <= 57 { p[n] = UInt8(ascii: "_"); n += 1 }
            n += TextFormat.writeUInt(perm.permute(row) + 1, p + n)
        } else if (bits >> 2) & 3 == 0 {
            n += TextFormat.writeUInt((bits >> 8) % 100, p + n)
        }
        if !username {
            p[n] = UInt8(ascii: "@"); n += 1
            let d = domains[Int(CounterRNG.below(UInt64(domains.count), bits >> 16 | bits << 48))]
            (p + n).update(from: d.baseAddress!, count: d.count); n += d.count
        }
        return .text(frame.arena.commit(p, n))
    }
}

/// Space-separated dictionary words; `sentence` capitalises the first and ends with a period.
final class WordsEvaluator: ColumnEvaluator {
    let words: WordList, lo: Int, span: UInt64, sentence: Bool, key: UInt64, maxWord: Int
    init(words: WordList, min: Int, max: Int, sentence: Bool, key: UInt64) {
        self.words = words; lo = min; span = UInt64(max - min + 1); self.sentence = sentence; self.key = key
        maxWord = words.entries.map { $0[0].count }.max() ?? 1
    }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let count = lo + Int(CounterRNG.below(span, CounterRNG.bits(key, row, 0)))
        let p = frame.arena.reserve(count * (maxWord + 1) + 2)
        var n = 0
        for i in 0..<count {
            if i > 0 { p[n] = UInt8(ascii: " "); n += 1 }
            let w = words.entry(Int(CounterRNG.below(UInt64(words.count), CounterRNG.bits(key, row, UInt64(i + 1)))))
            (p + n).update(from: w.baseAddress!, count: w.count)
            if sentence, i == 0, p[n] >= 97, p[n] <= 122 { p[n] -= 32 }
            n += w.count
        }
        if sentence { p[n] = UInt8(ascii: "."); n += 1 }
        return .text(frame.arena.commit(p, n))
    }
}

/// `1234 Maple Avenue`.
final class StreetAddressEvaluator: ColumnEvaluator {
    let names: WordList, suffixes: WordList, key: UInt64
    init(names: WordList, suffixes: WordList, key: UInt64) { self.names = names; self.suffixes = suffixes; self.key = key }
    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let bits = CounterRNG.bits(key, row)
        let name = names.entry(Int(CounterRNG.below(UInt64(names.count), bits)))
        let suffix = suffixes.entry(Int(CounterRNG.below(UInt64(suffixes.count), CounterRNG.bits(key, row, 1))))
        let p = frame.arena.reserve(24 + name.count + suffix.count)
        var n = TextFormat.writeUInt(1 + (bits & 0xFFFF) % 9999, p)
        p[n] = UInt8(ascii: " "); n += 1
        (p + n).update(from: name.baseAddress!, count: name.count); n += name.count
        p[n] = UInt8(ascii: " "); n += 1
        (p + n).update(from: suffix.baseAddress!, count: suffix.count); n += suffix.count
        return .text(frame.arena.commit(p, n))
    }
}
