import Foundation

/// An inline SVG bar chart of one measure over a few categories (models, groups): for each, a
/// bar for the real side and one for the synthetic side on a shared scale, the value printed
/// above each bar and the category (and an optional note) below. Bars carry `data-*`
/// attributes (series, measure, category, value) so the page can be read by scripts too.
struct PairedBarChart {
    var measure: String
    var categories: [String]
    var real: [Double?]
    var synthetic: [Double?]
    /// A line under each category's name (e.g. `ratio 0.97`); empty for none.
    var notes: [String] = []
    /// The top of the scale; nil scales to the largest value.
    var top: Double?
    /// Bars drawn with a dark outline: the categories whose values set a gap, per side.
    var edgesReal: Set<Int> = []
    var edgesSynthetic: Set<Int> = []
    /// What each side is, in the bars' tooltips.
    var sides = (real: "trained on real", synthetic: "trained on synthetic")

    static let height = 190.0, base = 140.0, slot = 120.0

    /// The chart as one `<svg>` element. Negative values are drawn as empty bars; missing
    /// values as a dash.
    func svg() -> String {
        let width = max(Double(categories.count) * Self.slot, 240)
        let values = (real + synthetic).compactMap { $0 }
        let scale = max(top ?? values.max() ?? 0, values.max() ?? 0, 1e-9)
        var out =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" data-measure=\"\(HTMLText.esc(measure))\""
            + " width=\"\(Int(width))\" height=\"\(Int(Self.height))\" viewBox=\"0 0 \(Int(width)) \(Int(Self.height))\">"
        for (i, name) in categories.enumerated() {
            let left = Double(i) * Self.slot + Self.slot * 0.12, bar = Self.slot * 0.36
            out += self.bar(real[i], series: "real", x: left, width: bar, scale: scale, category: name, edge: edgesReal.contains(i))
            out += self.bar(
                synthetic[i], series: "synthetic", x: left + bar, width: bar, scale: scale, category: name, edge: edgesSynthetic.contains(i)
            )
            let middle = Double(i) * Self.slot + Self.slot / 2
            out += String(format: "<text x=\"%.1f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"middle\">", middle, Self.base + 15)
            out += "\(HTMLText.esc(name))</text>"
            if i < notes.count, !notes[i].isEmpty {
                out += String(
                    format: "<text x=\"%.1f\" y=\"%.0f\" font-size=\"11\" text-anchor=\"middle\" class=\"note\">", middle, Self.base + 30)
                out += "\(HTMLText.esc(notes[i]))</text>"
            }
        }
        out += "<line x1=\"0\" y1=\"\(Self.base)\" x2=\"\(width)\" y2=\"\(Self.base)\" stroke=\"#888\"/></svg>\n"
        return out
    }

    /// One bar with its value above it and a tooltip.
    private func bar(_ value: Double?, series: String, x: Double, width: Double, scale: Double, category: String, edge: Bool) -> String {
        guard let value else {
            return String(
                format: "<text x=\"%.1f\" y=\"%.0f\" font-size=\"10\" text-anchor=\"middle\">–</text>", x + width / 2, Self.base - 4)
        }
        let h = max(value, 0) / scale * (Self.base - 20)
        let side = series == "real" ? sides.real : sides.synthetic
        var out = "<rect class=\"\(series == "real" ? "real" : "syn")\(edge ? " gap-edge" : "")\" data-series=\"\(series)\""
        out += " data-measure=\"\(HTMLText.esc(measure))\" data-category=\"\(HTMLText.esc(category))\" data-value=\"\(Self.fixed(value))\""
        out += String(format: " x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\">", x, Self.base - h, width, h)
        out += "<title>\(HTMLText.esc(category)) \(HTMLText.esc(measure)) \(side): \(Self.fixed(value))</title></rect>"
        out += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"middle\">", x + width / 2, Self.base - h - 3)
        return out + "\(Self.fixed(value))</text>"
    }

    static func fixed(_ x: Double) -> String { String(format: "%.3f", x) }
}
