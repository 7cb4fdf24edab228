/// Turns a document into the text of its `tsvector`, as PostgreSQL's `to_tsvector('simple', …)`
/// does for plain words: words are runs of ASCII letters and digits and of non-ASCII bytes (a
/// UTF-8 character is never split), ASCII letters lowercased; positions count words from 1
/// (capped at 16383); each lexeme keeps at most 255 positions; words of 2048 bytes or more are
/// skipped without a position. The lexemes are sorted by their bytes and written as PostgreSQL
/// prints them: `'cat':2 'sat':3,7`. Everything happens in one arena reservation, with no
/// allocation per value.
public enum TsvectorText {
    /// Most positions a lexeme keeps, and the highest position (PostgreSQL's limits).
    static let maxPositions = 255
    static let maxPosition: UInt32 = 16383
    /// Words this long or longer are not indexed.
    static let maxWordBytes = 2048

    /// One word of the document: its first 8 lowercased bytes as a big-endian number (zero
    /// padded: no word holds a NUL), where its bytes start, their count, its position.
    struct Token {
        var prefix: UInt64
        var start: UInt32
        var count: UInt32
        var position: UInt32
    }

    @inline(__always)
    static func isWordByte(_ b: UInt8) -> Bool {
        b >= 0x80 || (b >= 48 && b <= 57) || (b | 0x20 >= 97 && b | 0x20 <= 122)
    }

    /// The tsvector text of `document`, written into `arena`.
    public static func write(_ document: UnsafeBufferPointer<UInt8>, into arena: TextArena) -> UnsafeBufferPointer<UInt8> {
        let n = document.count
        let maxWords = (n + 1) / 2
        // Output, then the lowercased document, then the tokens (aligned), in one reservation.
        let outCap = n + 10 * maxWords + 8
        let tokenBytes = MemoryLayout<Token>.stride * maxWords
        let base = arena.reserve(outCap + n + tokenBytes + 16)
        let lowered = base + outCap
        let raw = UnsafeMutableRawPointer(lowered + n)
        let aligned = raw.alignedUp(for: Token.self)
        let tokens = aligned.bindMemory(to: Token.self, capacity: maxWords)

        var count = 0, position: UInt32 = 0, i = 0
        while i < n {
            guard isWordByte(document[i]) else {
                i += 1
                continue
            }
            let start = i
            while i < n && isWordByte(document[i]) {
                let b = document[i]
                lowered[i] = b >= 65 && b <= 90 ? b | 0x20 : b
                i += 1
            }
            if i - start >= maxWordBytes { continue }
            position += 1
            var prefix: UInt64 = 0
            for j in 0..<8 { prefix = prefix << 8 | UInt64(start + j < i ? lowered[start + j] : 0) }
            tokens[count] = Token(
                prefix: prefix, start: UInt32(start), count: UInt32(i - start), position: min(position, maxPosition))
            count += 1
        }
        if count <= 32 { insertionSort(tokens, count, lowered) } else { heapSort(tokens, count, lowered) }

        var o = 0
        var k = 0
        while k < count {
            let t = tokens[k]
            if o > 0 {
                base[o] = 32
                o += 1
            }
            base[o] = 39
            (base + o + 1).update(from: lowered + Int(t.start), count: Int(t.count))
            o += 1 + Int(t.count)
            base[o] = 39
            base[o + 1] = 58
            o += 2
            o += writeNumber(t.position, base + o)
            var kept = 1, last = t.position
            k += 1
            while k < count && compare(tokens[k], t, lowered) == 0 {
                let p = tokens[k].position
                if kept < maxPositions && last != maxPosition && p != last {
                    base[o] = 44
                    o += 1
                    o += writeNumber(p, base + o)
                    kept += 1
                    last = p
                }
                k += 1
            }
        }
        return arena.commit(base, o)
    }

    /// The tsvector text of `document` (for tests and tools).
    public static func text(of document: String) -> String {
        let arena = TextArena()
        var bytes = Array(document.utf8)
        let out = bytes.withUnsafeMutableBufferPointer { write(UnsafeBufferPointer($0), into: arena) }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always)
    static func writeNumber(_ v: UInt32, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        var digits = 1, x = v
        while x >= 10 {
            x /= 10
            digits += 1
        }
        x = v
        for d in stride(from: digits - 1, through: 0, by: -1) {
            p[d] = 48 + UInt8(x % 10)
            x /= 10
        }
        return digits
    }

    /// Lexeme bytes first (shorter first on a common prefix), then position.
    @inline(__always)
    static func compare(_ a: Token, _ b: Token, _ text: UnsafeMutablePointer<UInt8>) -> Int {
        if a.prefix != b.prefix { return a.prefix < b.prefix ? -1 : 1 }
        if a.count <= 8 || b.count <= 8 { return a.count == b.count ? 0 : a.count < b.count ? -1 : 1 }
        let m = Int(min(a.count, b.count))
        let pa = text + Int(a.start), pb = text + Int(b.start)
        for j in 8..<m where pa[j] != pb[j] { return pa[j] < pb[j] ? -1 : 1 }
        if a.count != b.count { return a.count < b.count ? -1 : 1 }
        return 0
    }

    @inline(__always)
    static func less(_ a: Token, _ b: Token, _ text: UnsafeMutablePointer<UInt8>) -> Bool {
        let c = compare(a, b, text)
        return c < 0 || (c == 0 && a.position < b.position)
    }

    /// In-place insertion sort, fastest for the few words of a short document.
    static func insertionSort(_ a: UnsafeMutablePointer<Token>, _ n: Int, _ text: UnsafeMutablePointer<UInt8>) {
        guard n > 1 else { return }
        for i in 1..<n {
            let t = a[i]
            var j = i
            while j > 0 && less(t, a[j - 1], text) {
                a[j] = a[j - 1]
                j -= 1
            }
            a[j] = t
        }
    }

    /// In-place heap sort (no allocation).
    static func heapSort(_ a: UnsafeMutablePointer<Token>, _ n: Int, _ text: UnsafeMutablePointer<UInt8>) {
        guard n > 1 else { return }
        func siftDown(_ start: Int, _ end: Int) {
            var root = start
            while 2 * root + 1 < end {
                var child = 2 * root + 1
                if child + 1 < end && less(a[child], a[child + 1], text) { child += 1 }
                guard less(a[root], a[child], text) else { return }
                let t = a[root]
                a[root] = a[child]
                a[child] = t
                root = child
            }
        }
        for s in stride(from: n / 2 - 1, through: 0, by: -1) { siftDown(s, n) }
        for end in stride(from: n - 1, to: 0, by: -1) {
            let t = a[0]
            a[0] = a[end]
            a[end] = t
            siftDown(0, end)
        }
    }
}
