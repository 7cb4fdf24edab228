import LoomSpec

/// Short user-written text whose tone follows a rating column (1–5): a title is one phrase,
/// a body an opening, one or two details (distinct) and sometimes a closing, all drawn from
/// the shipped phrase corpus (`review_phrases`) for that rating. Ratings outside 1–5 are
/// clamped; a NULL rating gives a neutral text.
final class ReviewEvaluator: ColumnEvaluator {
    /// `phrases[rating - 1][part]`: the phrases of a part for a rating.
    private let phrases: [[[UnsafeBufferPointer<UInt8>]]]
    private let slot: Int, title: Bool, key: UInt64, maxLength: Int

    static let parts = ["title", "open", "detail", "close"]

    init(corpus: WordList, slot: Int, title: Bool, key: UInt64) {
        var table = [[[UnsafeBufferPointer<UInt8>]]](repeating: [[], [], [], []], count: 5)
        var longest = 0
        for i in 0..<corpus.count {
            let levels = corpus.entry(i, 0), part = String(decoding: corpus.entry(i, 1), as: UTF8.self)
            let text = corpus.entry(i, 2)
            guard let p = Self.parts.firstIndex(of: part) else { continue }
            longest = max(longest, text.count)
            for l in levels where l >= 49 && l <= 53 { table[Int(l - 49)][p].append(text) }
        }
        phrases = table
        self.slot = slot; self.title = title; self.key = key
        maxLength = longest * 4 + 8
    }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        var rating = 3
        switch frame[slot] {
        case .int(let r): rating = Int(min(max(r, 1), 5))
        case .float(let d): rating = Int(min(max(d.rounded(), 1), 5))
        case .decimal(let u, let s): rating = Int(min(max((Double(u) / Decimal10.pow10Double(s)).rounded(), 1), 5))
        default: break
        }
        let set = phrases[rating - 1]
        let bits = CounterRNG.bits(key, row)
        let p = frame.arena.reserve(maxLength)
        var n = 0
        @inline(__always) func put(_ t: UnsafeBufferPointer<UInt8>) {
            guard !t.isEmpty else { return }
            if n > 0 { p[n] = UInt8(ascii: " "); n += 1 }
            (p + n).update(from: t.baseAddress!, count: t.count); n += t.count
        }
        @inline(__always) func pick(_ list: [UnsafeBufferPointer<UInt8>], _ b: UInt64) -> Int {
            Int(CounterRNG.below(UInt64(list.count), b))
        }
        if title {
            let list = set[0]
            if !list.isEmpty { put(list[pick(list, bits)]) }
            return .text(frame.arena.commit(p, n))
        }
        let open = set[1], detail = set[2], close = set[3]
        let flags = CounterRNG.bits(key, row, 4)
        if !open.isEmpty { put(open[pick(open, bits)]) }
        if !detail.isEmpty {
            let b2 = CounterRNG.bits(key, row, 1)
            let first = pick(detail, b2)
            put(detail[first])
            if detail.count > 1, flags & 3 != 0 {
                let step = 1 + Int(CounterRNG.below(UInt64(detail.count - 1), CounterRNG.bits(key, row, 2)))
                put(detail[(first + step) % detail.count])
            }
        }
        if !close.isEmpty, (flags >> 2) & 3 != 0 { put(close[pick(close, CounterRNG.bits(key, row, 3))]) }
        return .text(frame.arena.commit(p, n))
    }
}
