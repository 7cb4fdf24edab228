extension CopyBinaryEncoder {
    /// Writes a tsvector field (length included) from its text (`'cat':2 'sat':3,7`, as
    /// `TsvectorText` writes it; `''` inside a lexeme is a quote, positions may carry a weight
    /// letter A–D): the lexeme count, then per lexeme its bytes, a NUL, the number of positions
    /// and each position as 16 bits (weight in the top two: A = 3 … D = 0), the form
    /// PostgreSQL's `tsvectorrecv` reads. Returns the field's size.
    static func writeTsvector(_ t: UnsafeBufferPointer<UInt8>, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        var n = 8, lexemes: Int32 = 0, i = 0
        let end = t.count
        while i < end {
            while i < end && t[i] == 32 { i += 1 }
            guard i < end, t[i] == 39 else { break }
            i += 1
            // The run up to the next quote in one move (a lexeme rarely holds a quote).
            var run = i
            while run < end && t[run] != 39 { run += 1 }
            (p + n).update(from: t.baseAddress! + i, count: run - i)
            n += run - i
            i = run
            while i < end {
                if t[i] == 39 {
                    if i + 1 < end && t[i + 1] == 39 {
                        p[n] = 39
                        n += 1
                        i += 2
                        continue
                    }
                    i += 1
                    break
                }
                p[n] = t[i]
                n += 1
                i += 1
            }
            p[n] = 0
            let countAt = n + 1
            n += 3
            var positions: Int16 = 0
            if i < end && t[i] == 58 {
                i += 1
                while i < end && t[i] != 32 {
                    var v: Int32 = 0
                    while i < end && t[i] >= 48 && t[i] <= 57 {
                        v = min(v * 10 + Int32(t[i] - 48), 16383)
                        i += 1
                    }
                    var weight: Int32 = 0
                    if i < end, t[i] | 0x20 >= 97, t[i] | 0x20 <= 100 {
                        weight = 3 - Int32(t[i] | 0x20 - 97)
                        i += 1
                    }
                    be16(Int16(truncatingIfNeeded: weight << 14 | v), p + n)
                    n += 2
                    positions += 1
                    if i < end && t[i] == 44 { i += 1 }
                }
            }
            be16(positions, p + countAt)
            lexemes += 1
        }
        be32(Int32(n - 4), p)
        be32(lexemes, p + 4)
        return n
    }
}
