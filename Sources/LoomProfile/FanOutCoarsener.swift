import LoomSpec

/// Children-per-parent counts made safe to store. A stored count stands for at least k records,
/// as a kept category does: it stays exact when at least k parents have it, or when it is at
/// least k itself (k child rows share that parent, as k rows share a category value; which
/// parent is never stored). Rarer small counts are grouped in increasing order into buckets of
/// at least k parents, and each bucket keeps the mean of its counts, so the parents with many
/// children, which carry most rows, are never dropped. A mean that is not whole is split between its two neighbouring counts so that the
/// bucket's children sum stays exact: the histogram keeps the real total and mean.
///
/// With ε set, only counts of at least k parents stay exact (a single parent's count would drown
/// in the noise), and each bucket's parents and children get Laplace noise before the mean is taken.
public struct FanOutCoarsener {
    public let privacy: PrivacyFilter

    public init(privacy: PrivacyFilter) { self.privacy = privacy }

    /// A bucket: `parents` parents with `children` children in all.
    struct Bucket: Equatable {
        var children: Double
        var parents: Double
    }

    /// Groups `parentsPerCount` (children → parents) into buckets of at least k parents.
    func buckets(_ parentsPerCount: [Int: Int]) -> [Bucket] {
        let k = privacy.minCount
        var out: [Bucket] = []
        var pending = Bucket(children: 0, parents: 0)
        for (count, parents) in parentsPerCount.filter({ $0.value > 0 }).sorted(by: { $0.key < $1.key }) {
            let b = Bucket(children: Double(count) * Double(parents), parents: Double(parents))
            if parents >= k || (count >= k && privacy.noise == nil) {
                if pending.parents > 0 {
                    // Small rare counts join the bucket below them, or else this one.
                    if out.isEmpty {
                        out.append(Bucket(children: pending.children + b.children, parents: pending.parents + b.parents))
                    } else {
                        out[out.count - 1].children += pending.children
                        out[out.count - 1].parents += pending.parents
                        out.append(b)
                    }
                    pending = Bucket(children: 0, parents: 0)
                } else {
                    out.append(b)
                }
                continue
            }
            pending.children += b.children
            pending.parents += b.parents
            if pending.parents >= Double(k) {
                out.append(pending)
                pending = Bucket(children: 0, parents: 0)
            }
        }
        if pending.parents > 0 {
            if out.isEmpty {
                out.append(pending)
            } else {
                out[out.count - 1].children += pending.children
                out[out.count - 1].parents += pending.parents
            }
        }
        return out
    }

    /// The stored histogram, or nil when there are no parents.
    public func histogram(_ parentsPerCount: [Int: Int]) -> CountHistogram? {
        var shares: [Int64: Double] = [:]
        for var b in buckets(parentsPerCount) {
            if let noise = privacy.noise {
                b = Bucket(children: noise.noisy(b.children), parents: noise.noisy(b.parents))
                guard b.parents >= 0.5 else { continue }
            }
            let mean = b.children / b.parents
            let low = mean.rounded(.down)
            let high = b.parents * (mean - low)
            let lowParents = b.parents - high
            if lowParents > 1e-9 { shares[Int64(low), default: 0] += lowParents }
            if high > 1e-9 { shares[Int64(low) + 1, default: 0] += high }
        }
        guard !shares.isEmpty else { return nil }
        let sorted = shares.sorted { $0.key < $1.key }
        return CountHistogram(counts: sorted.map(\.key), parents: sorted.map { ($0.value * 1e6).rounded() / 1e6 })
    }

    /// `{ histogram: { 1: 42, 2: 19, … } }`.
    public static func text(_ h: CountHistogram) -> String { "{ histogram: \(body(h)) }" }

    /// `{ 1: 42, 2: 19, … }`: a histogram's counts and parents, as a case of a conditional histogram.
    static func body(_ h: CountHistogram) -> String {
        "{ " + zip(h.counts, h.parents).map { "\($0): \(Fmt.num($1, digits: 8))" }.joined(separator: ", ") + " }"
    }
}
