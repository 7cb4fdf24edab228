import LoomSpec

/// Replacements of byte ranges of a text, applied together: every byte outside the ranges stays
/// as it was.
struct TextSplice {
    /// One replacement of `start..<end` (UTF-8 offsets) by `text`; an insertion when `start == end`.
    struct Edit {
        var start: Int
        var end: Int
        var text: String
    }

    private(set) var edits: [Edit] = []

    mutating func replace(_ span: SpecOutline.Span, with text: String) { edits.append(Edit(start: span.start, end: span.end, text: text)) }

    mutating func insert(at offset: Int, _ text: String) { edits.append(Edit(start: offset, end: offset, text: text)) }

    var isEmpty: Bool { edits.isEmpty }

    /// `original` with the edits applied; insertions at one offset keep the order they were made in.
    /// Overlapping replacements are a programming error: the later one is dropped.
    func apply(to original: String) -> String {
        let ordered = edits.enumerated().sorted { a, b in
            a.element.start != b.element.start ? a.element.start < b.element.start : a.offset < b.offset
        }.map(\.element)
        let bytes = Array(original.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var at = 0
        for e in ordered where e.start >= at {
            out += bytes[at..<e.start]
            out += Array(e.text.utf8)
            at = e.end
        }
        out += bytes[at...]
        return String(decoding: out, as: UTF8.self)
    }
}
