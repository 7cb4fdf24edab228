import Foundation

/// A self-contained HTML page for a fidelity report: scores, privacy figures and, per column,
/// real and synthetic histograms side by side as inline SVG (no scripts, no external assets);
/// with a utility report (`--target`), its utility and fairness sections (`UtilityHTML`) too.
public enum ReportHTML {
    public static func render(_ r: FidelityReport, utility: UtilityReport? = nil) -> String {
        func esc(_ s: String) -> String {
            s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
                .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
        }
        func f(_ x: Double?) -> String { x.map { String(format: "%.3f", $0) } ?? "–" }
        var html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Loom report: \(esc(r.synthetic)) vs \(esc(r.real))</title>
            <style>
            body { font-family: system-ui, sans-serif; margin: 2em; color: #222; }
            table { border-collapse: collapse; margin: 1em 0; } td, th { border-bottom: 1px solid #ddd; padding: 4px 10px; text-align: left; }
            td.n { text-align: right; font-variant-numeric: tabular-nums; }
            .grid { display: flex; flex-wrap: wrap; gap: 1.5em; } .card { border: 1px solid #ddd; padding: 0.5em; }
            .real { fill: #4477aa; } .syn { fill: #ee6677; } h1 { font-size: 1.4em; }
            \(UtilityHTML.style)
            </style></head><body>
            <h1>Fidelity of \(esc(r.synthetic)) to \(esc(r.real))</h1>
            <table>
            <tr><th>overall score</th><td class="n"><b>\(f(r.overall))</b></td></tr>
            <tr><th>column shapes</th><td class="n">\(f(r.columnShapes))</td></tr>
            <tr><th>column pair trends</th><td class="n">\(f(r.pairTrends))</td></tr>
            <tr><th>rows (real / synthetic)</th><td class="n">\(r.realRows) / \(r.syntheticRows)</td></tr>
            <tr><th>synthetic rows identical to a real row</th><td class="n">\(String(format: "%.2f%%", r.exactCopies * 100))</td></tr>
            <tr><th>real rows identical to another real row (chance level)</th><td class="n">\(String(format: "%.2f%%", r.realDuplicates * 100))</td></tr>
            <tr><th>median distance to closest record: synthetic → train</th><td class="n">\(f(r.medianDCRSynthetic))</td></tr>
            <tr><th>median distance to closest record: holdout → train</th><td class="n">\(f(r.medianDCRHoldout))</td></tr>
            </table>
            """
        if !r.excluded.isEmpty { html += "<p>Not compared: \(esc(r.excluded.joined(separator: ", ")))</p>\n" }
        html +=
            "<h2>Columns</h2>\n<p><svg width=\"12\" height=\"12\"><rect class=\"real\" width=\"12\" height=\"12\"/></svg> real &nbsp; <svg width=\"12\" height=\"12\"><rect class=\"syn\" width=\"12\" height=\"12\"/></svg> synthetic</p>\n<div class=\"grid\">\n"
        let scores = Dictionary(r.columns.map { ($0.column, $0) }, uniquingKeysWith: { a, _ in a })
        for h in r.histograms {
            let s = scores[h.column]
            html += "<div class=\"card\"><b>\(esc(h.column))</b> — \(esc(s?.kind ?? "")) \(esc(s?.metric ?? "")) \(f(s?.score))<br>\n"
            html += svg(h, esc: esc) + "</div>\n"
        }
        html +=
            "</div>\n<h2>Column pairs</h2>\n<table><tr><th>a</th><th>b</th><th>metric</th><th>real</th><th>synthetic</th><th>score</th></tr>\n"
        for p in r.pairs.sorted(by: { $0.score < $1.score }) {
            html +=
                "<tr><td>\(esc(p.a))</td><td>\(esc(p.b))</td><td>\(p.metric)</td><td class=\"n\">\(f(p.real))</td><td class=\"n\">\(f(p.synthetic))</td><td class=\"n\">\(f(p.score))</td></tr>\n"
        }
        html += "</table>\n"
        if let utility { html += UtilityHTML.sections(utility) }
        return html + "</body></html>\n"
    }

    /// Paired bars: real left, synthetic right in each bin, heights scaled to the largest share.
    static func svg(_ h: FidelityReport.Histogram, esc: (String) -> String) -> String {
        let width = 320.0, height = 140.0, base = 120.0
        guard !h.labels.isEmpty else {
            return "<svg width=\"\(Int(width))\" height=\"20\"><text x=\"0\" y=\"14\" font-size=\"11\">constant or empty</text></svg>\n"
        }
        let top = max(h.real.max() ?? 0, h.synthetic.max() ?? 0, 1e-9)
        let slot = width / Double(h.labels.count), bar = slot * 0.42
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\">"
        for i in h.labels.indices {
            let x = Double(i) * slot
            let hr = h.real[i] / top * (base - 5), hs = h.synthetic[i] / top * (base - 5)
            let label = esc(h.labels[i])
            out +=
                String(
                    format: "<rect class=\"real\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">", x + slot * 0.06, base - hr, bar,
                    hr)
                + "<title>\(label) real \(String(format: "%.3f", h.real[i]))</title></rect>"
            out +=
                String(
                    format: "<rect class=\"syn\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">", x + slot * 0.06 + bar, base - hs,
                    bar, hs)
                + "<title>\(label) synthetic \(String(format: "%.3f", h.synthetic[i]))</title></rect>"
        }
        out += "<line x1=\"0\" y1=\"\(base)\" x2=\"\(width)\" y2=\"\(base)\" stroke=\"#888\"/>"
        out += "<text x=\"0\" y=\"\(base + 14)\" font-size=\"10\">\(esc(h.labels.first!))</text>"
        out += "<text x=\"\(width)\" y=\"\(base + 14)\" font-size=\"10\" text-anchor=\"end\">\(esc(h.labels.last!))</text></svg>\n"
        return out
    }
}
