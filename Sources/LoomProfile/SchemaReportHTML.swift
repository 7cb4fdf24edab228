import Foundation

/// A self-contained HTML page for a schema report: row counts per table, the figures of each
/// relationship and, per relationship, the real and synthetic children-per-parent histograms side
/// by side as inline SVG (no scripts, no external assets).
public enum SchemaReportHTML {
    /// A range of children per parent shown as one bar.
    public struct Bucket: Equatable, Sendable {
        public var low: Int
        public var high: Int
        public var label: String { low == high ? String(low) : "\(low)–\(high)" }
    }

    /// The page for `r`.
    public static func render(_ r: SchemaReport) -> String {
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Loom schema report: \(esc(r.synthetic)) vs \(esc(r.real))</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; }
            td, th { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            .grid { display: flex; flex-wrap: wrap; gap: 1.5em; } .card { border: 1px solid #ddd; padding: 0.5em; }
            .pair { display: flex; gap: 1em; } .pair div { font-size: 0.9em; } td:first-child { white-space: nowrap; }
            .real { fill: #4477aa; } .syn { fill: #ee6677; } h1 { font-size: 1.4em; }
            </style></head><body>
            <h1>Schema \(esc(r.synthetic)) compared with \(esc(r.real))</h1>
            <h2>Tables</h2>
            <table><tr><th>table</th><th>real rows</th><th>synthetic rows</th><th>synthetic / real</th></tr>

            """
        for t in r.tables {
            html += "<tr><td>\(esc(t.table))</td><td class=\"n\">\(t.real)</td><td class=\"n\">\(t.synthetic)</td>"
            html += "<td class=\"n\">\(ratio(t.synthetic, t.real))</td></tr>\n"
        }
        html += "</table>\n<h2>Relationships</h2>\n"
        guard !r.relationships.isEmpty else {
            return html + "<p>The real schema has no foreign keys between its tables.</p>\n</body></html>\n"
        }
        html += """
            <p>Mean: children per parent (parents without children count as 0). KS: distance between the real and the synthetic
            distribution of children per parent. Top 10%: share of the child rows held by the 10% of parents with the most children.</p>
            <table><tr><th>relationship</th><th>mean real</th><th>mean synthetic</th><th>KS</th>
            <th>top 10% real</th><th>top 10% synthetic</th></tr>

            """
        for f in r.relationships {
            html +=
                "<tr><td>\(esc(name(f)))</td><td class=\"n\">\(fixed(f.realMean, 2))</td><td class=\"n\">\(fixed(f.syntheticMean, 2))</td>"
            html += "<td class=\"n\">\(fixed(f.ks, 3))</td><td class=\"n\">\(percent(f.realTopShare))</td>"
            html += "<td class=\"n\">\(percent(f.syntheticTopShare))</td></tr>\n"
        }
        html +=
            "</table>\n<h2>Children per parent</h2>\n<p>Bars: share of parents with each number of children.</p>\n<div class=\"grid\">\n"
        for f in r.relationships { html += card(f) }
        return html + "</div>\n</body></html>\n"
    }

    /// One relationship: its name and figures over the real and the synthetic histogram.
    static func card(_ f: SchemaReport.FanOut) -> String {
        let buckets = buckets(maxChildren: max(f.real.last?.children ?? 0, f.synthetic.last?.children ?? 0))
        let real = shares(f.real, buckets), synthetic = shares(f.synthetic, buckets)
        let top = max(real.max() ?? 0, synthetic.max() ?? 0, 1e-9)
        var out = "<div class=\"card\"><b>\(esc(name(f)))</b> — KS \(fixed(f.ks, 3))<div class=\"pair\">\n"
        out += "<div>real: mean \(fixed(f.realMean, 2)), top 10% \(percent(f.realTopShare))<br>\n"
        out += svg(real, counts(f.real, buckets), buckets, top: top, style: "real") + "</div>\n"
        out += "<div>synthetic: mean \(fixed(f.syntheticMean, 2)), top 10% \(percent(f.syntheticTopShare))<br>\n"
        if f.synthetic.isEmpty {
            out +=
                "<svg width=\"300\" height=\"20\"><text x=\"0\" y=\"14\" font-size=\"11\">"
                + "no parents (missing table or column)</text></svg>\n"
        } else {
            out += svg(synthetic, counts(f.synthetic, buckets), buckets, top: top, style: "syn")
        }
        return out + "</div>\n</div></div>\n"
    }

    /// Bars of parent shares per bucket, heights scaled to `top` so both sides share one scale.
    static func svg(_ shares: [Double], _ counts: [Int], _ buckets: [Bucket], top: Double, style: String) -> String {
        let width = 300.0, height = 150.0, base = 120.0
        let slot = width / Double(buckets.count), bar = slot * 0.8
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\""
            + " viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
        for (i, b) in buckets.enumerated() {
            let h = shares[i] / top * (base - 5)
            out +=
                "<rect class=\"\(style)\""
                + String(format: " x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">", Double(i) * slot + slot * 0.1, base - h, bar, h)
            let children = b.label == "1" ? "child" : "children", parents = counts[i] == 1 ? "parent" : "parents"
            out += "<title>\(b.label) \(children): \(counts[i]) \(parents) (\(percent(shares[i])))</title></rect>"
        }
        out += "<line x1=\"0\" y1=\"\(base)\" x2=\"\(width)\" y2=\"\(base)\" stroke=\"#888\"/>"
        if buckets.count <= 10 {
            // Every bar is labelled while the labels fit; otherwise the first and the last, at the ends.
            for (i, b) in buckets.enumerated() {
                out += String(
                    format: "<text x=\"%.1f\" y=\"%.0f\" font-size=\"10\" text-anchor=\"middle\">", (Double(i) + 0.5) * slot, base + 13)
                out += "\(b.label)</text>"
            }
        } else {
            out += "<text x=\"0\" y=\"\(base + 13)\" font-size=\"10\">\(buckets.first!.label)</text>"
            out += "<text x=\"\(width)\" y=\"\(base + 13)\" font-size=\"10\" text-anchor=\"end\">\(buckets.last!.label)</text>"
        }
        return out + "<text x=\"\(width)\" y=\"\(height - 1)\" font-size=\"10\" text-anchor=\"end\">children per parent</text></svg>\n"
    }

    /// Bars for 0 to `maxChildren` children: one per count up to 19; beyond, one per count up to
    /// 9 and then ranges that double (10–19, 20–39, 40–79, …) so long tails stay readable.
    public static func buckets(maxChildren: Int) -> [Bucket] {
        let top = max(maxChildren, 0)
        if top < 20 { return (0...top).map { Bucket(low: $0, high: $0) } }
        var out = (0...9).map { Bucket(low: $0, high: $0) }
        var low = 10
        while low <= top {
            let high = low <= Int.max / 2 ? 2 * low - 1 : Int.max
            out.append(Bucket(low: low, high: high))
            guard high < Int.max else { break }
            low = high + 1
        }
        return out
    }

    /// Parents per bucket.
    static func counts(_ bins: [SchemaReport.CountBin], _ buckets: [Bucket]) -> [Int] {
        var out = [Int](repeating: 0, count: buckets.count)
        for b in bins {
            if let i = buckets.firstIndex(where: { b.children >= $0.low && b.children <= $0.high }) { out[i] += b.parents }
        }
        return out
    }

    /// Share of parents per bucket.
    static func shares(_ bins: [SchemaReport.CountBin], _ buckets: [Bucket]) -> [Double] {
        let c = counts(bins, buckets), total = c.reduce(0, +)
        return c.map { total > 0 ? Double($0) / Double(total) : 0 }
    }

    static func name(_ f: SchemaReport.FanOut) -> String { "\(f.child).\(f.column) → \(f.parent).\(f.parentColumn)" }

    static func ratio(_ synthetic: Int, _ real: Int) -> String { real > 0 ? fixed(Double(synthetic) / Double(real), 2) : "–" }

    static func fixed(_ x: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", x) }

    static func percent(_ x: Double) -> String { String(format: "%.1f%%", x * 100) }

    static func esc(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
