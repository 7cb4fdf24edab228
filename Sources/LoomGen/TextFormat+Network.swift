extension TextFormat {
    /// `inet`/`cidr` as PostgreSQL prints them: dotted quads or RFC 5952-style IPv6 (the longest
    /// run of two or more zero groups as `::`), then `/prefix` unless an `inet` is a single host.
    public static func writeInet(_ hi: UInt64, _ lo: UInt64, _ meta: UInt16, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        let bits = Int(meta & 0xFF), v6 = meta & InetMeta.v6 != 0
        var n = 0
        if v6 {
            n = writeIPv6(hi, lo, p)
        } else {
            for i in 0..<4 {
                if i > 0 { p[n] = UInt8(ascii: "."); n += 1 }
                n += writeUInt((lo >> UInt64(24 - 8 * i)) & 0xFF, p + n)
            }
        }
        if meta & InetMeta.cidr != 0 || bits != (v6 ? 128 : 32) {
            p[n] = UInt8(ascii: "/"); n += 1
            n += writeUInt(UInt64(bits), p + n)
        }
        return n
    }

    private static func writeIPv6(_ hi: UInt64, _ lo: UInt64, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        @inline(__always) func word(_ i: Int) -> UInt64 { (i < 4 ? hi >> UInt64(48 - 16 * i) : lo >> UInt64(48 - 16 * (i - 4))) & 0xFFFF }
        var best = -1, bestLen = 0, run = -1
        for i in 0..<8 {
            if word(i) == 0 {
                if run < 0 { run = i }
                if i - run + 1 > bestLen { best = run; bestLen = i - run + 1 }
            } else {
                run = -1
            }
        }
        if bestLen < 2 { best = -1 }
        var n = 0, i = 0
        while i < 8 {
            if i == best {
                p[n] = UInt8(ascii: ":"); p[n + 1] = UInt8(ascii: ":"); n += 2
                i += bestLen
                continue
            }
            if i > 0 && i != best + bestLen { p[n] = UInt8(ascii: ":"); n += 1 }
            n += writeHex(word(i), p + n)
            i += 1
        }
        return n
    }

    /// Lower-case hex without leading zeros.
    private static func writeHex(_ v: UInt64, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        var digits = 1
        while digits < 16 && v >> UInt64(4 * digits) != 0 { digits += 1 }
        for d in 0..<digits { p[d] = hex[Int((v >> UInt64(4 * (digits - 1 - d))) & 0xF)] }
        return digits
    }

    /// `08:00:2b:01:02:03`.
    public static func writeMAC(_ m: UInt64, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        for i in 0..<6 {
            let b = Int((m >> UInt64(40 - 8 * i)) & 0xFF)
            p[3 * i] = hex[b >> 4]; p[3 * i + 1] = hex[b & 0xF]
            if i < 5 { p[3 * i + 2] = UInt8(ascii: ":") }
        }
        return 17
    }
}

extension TextFormat {
    /// `bytea` in PostgreSQL's hex form, `\x0a1b…`; returns the bytes written (2 + 2 × count).
    @inline(__always)
    public static func writeByteaHex(_ b: UnsafeBufferPointer<UInt8>, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        p[0] = 92; p[1] = UInt8(ascii: "x")
        var n = 2
        hex.withUnsafeBufferPointer { h in
            for x in b {
                p[n] = h[Int(x >> 4)]; p[n + 1] = h[Int(x & 0xF)]; n += 2
            }
        }
        return n
    }
}
