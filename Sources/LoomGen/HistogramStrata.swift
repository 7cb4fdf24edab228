import LoomSpec

/// A count histogram laid over `units` positions: position t (a scrambled row) falls in the
/// stratum of count i when `start[i] <= t < start[i + 1]`, where `start[i]` is the histogram's
/// cumulative share before count i times `units`, rounded. Strata of whole numbers of units make
/// the shares exact whenever `units` times every share is whole (the profiled scale).
struct HistogramStrata: Sendable {
    let counts: [UInt64]
    /// First position of each stratum, and `units` at the end.
    let start: [UInt64]

    init(_ h: CountHistogram, units: UInt64) {
        counts = h.counts.map { UInt64(max(0, $0)) }
        let total = h.parents.reduce(0, +)
        var bounds: [UInt64] = [0]
        var cumulative = 0.0
        for w in h.parents.dropLast() {
            cumulative += w
            let b = (Double(units) * cumulative / total).rounded()
            bounds.append(min(units, max(bounds.last!, UInt64(max(0, b)))))
        }
        bounds.append(units)
        start = bounds
    }

    /// The stratum of position `t`.
    @inline(__always)
    func stratum(_ t: UInt64) -> Int { Self.last(start, atMost: t, below: counts.count) }

    /// The last index below `below` whose value in the increasing `starts` is at most `x`
    /// (binary search; 0 when none is).
    @inline(__always)
    static func last(_ starts: [UInt64], atMost x: UInt64, below: Int) -> Int {
        var lo = 0, hi = below - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= x { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }

    /// Units in stratum `i`.
    func size(_ i: Int) -> UInt64 { start[i + 1] - start[i] }
}

/// A `per_parent` count from a histogram: parent row p takes the count of the stratum its
/// scrambled position falls in, so the parents carry the histogram's counts in its shares.
final class HistogramCountEvaluator: ColumnEvaluator {
    let strata: HistogramStrata
    let scramble: Permutation

    init(_ h: CountHistogram, parents: UInt64, key: UInt64) {
        strata = HistogramStrata(h, units: parents)
        scramble = Permutation(count: max(parents, 1), key: key)
    }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        .int(Int64(strata.counts[strata.stratum(scramble.permute(row % max(scramble.count, 1)))]))
    }
}

/// Parent rows for a reference picked by a histogram: the parents of stratum i each own
/// `counts[i]` consecutive slots; the referencing table's rows, scrambled, are spread evenly over
/// all slots, so each parent gets its count of children (scaled when the rows differ from the slots).
struct HistogramPicker: Sendable {
    let strata: HistogramStrata
    /// Slots before each stratum, and all slots at the end.
    let slotStart: [UInt64]
    let parentScramble: Permutation
    let rowScramble: Permutation
    let rows: UInt64
    /// For distinct picks: rows take slots by a stride near rows/φ instead of a scramble, so the
    /// consecutive rows of one parent row land far apart, in different parents' slots.
    let stride: UInt64?

    /// Nil when no parent has a child (every count is 0).
    init?(_ h: CountHistogram, parents: UInt64, rows: UInt64, key: UInt64, distinct: Bool = false) {
        strata = HistogramStrata(h, units: parents)
        var slots: [UInt64] = [0]
        for i in strata.counts.indices { slots.append(slots.last! &+ strata.size(i) &* strata.counts[i]) }
        guard slots.last! > 0 else { return nil }
        slotStart = slots
        parentScramble = Permutation(count: max(parents, 1), key: key ^ 0x3C3C_3C3C)
        rowScramble = Permutation(count: max(rows, 1), key: key ^ 0xC3C3_C3C3)
        self.rows = rows
        let stride = distinct ? Self.goldenStride(max(rows, 1)) : nil
        self.stride = stride
        let block = strata.counts.max() ?? 1
        safeChildren = stride.map { Self.safeChildren(rows: max(rows, 1), slots: slots.last!, stride: $0, block: block) } ?? 0
    }

    /// Distinct picks: a parent row with at most this many children gets distinct parents from
    /// the stride (consecutive rows land at least a block of slots apart); one with more draws
    /// them from a permutation of the parents instead.
    let safeChildren: UInt64

    /// The most consecutive rows whose stride positions stay more than `block` slots apart (cyclically).
    static func safeChildren(rows: UInt64, slots: UInt64, stride: UInt64, block: UInt64) -> UInt64 {
        var d: UInt64 = 1
        while d < min(rows, 1 << 20) {
            let (hi, lo) = d.multipliedFullWidth(by: stride)
            let r = rows.dividingFullWidth((hi, lo)).remainder
            let gap = min(r, rows - r)
            let (shi, slo) = gap.multipliedFullWidth(by: slots)
            guard rows.dividingFullWidth((shi, slo)).quotient > block else { break }
            d += 1
        }
        return d
    }

    /// The integer nearest n/φ that is coprime with n: r ↦ r·stride mod n is then a bijection
    /// whose consecutive values are spread evenly (the three-distance theorem).
    static func goldenStride(_ n: UInt64) -> UInt64 {
        guard n > 2 else { return 1 }
        func gcd(_ a: UInt64, _ b: UInt64) -> UInt64 { b == 0 ? a : gcd(b, a % b) }
        var g = UInt64((Double(n) / 1.618_033_988_749_895).rounded())
        while gcd(g, n) != 1 { g += 1 }
        return g
    }

    /// The parent row of referencing row `row`.
    func parent(of row: UInt64) -> UInt64 {
        let total = slotStart.last!
        let r: UInt64
        if let stride {
            let (hi, lo) = (row % max(rows, 1)).multipliedFullWidth(by: stride)
            r = max(rows, 1).dividingFullWidth((hi, lo)).remainder
        } else {
            r = rowScramble.permute(row % max(rows, 1))
        }
        let (hi, lo) = r.multipliedFullWidth(by: total)
        let slot = max(rows, 1).dividingFullWidth((hi, lo)).quotient
        let a = HistogramStrata.last(slotStart, atMost: slot, below: strata.counts.count)
        let position = strata.start[a] + (slot - slotStart[a]) / strata.counts[a]
        return parentScramble.permute(position)
    }
}
