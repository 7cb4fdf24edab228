/// Where each character of a value's text (an expression) is in the spec file, stored as runs
/// of characters written one after the other: a line of text takes one run, not one location
/// per character, so long expressions cost little memory.
public struct TextLocations: Sendable, Hashable {
    /// A character where the text jumps (a new line, an escape) and where it is.
    private struct Run: Sendable, Hashable {
        var index: Int
        var line: Int
        var column: Int
    }

    private var file = ""
    private var runs: [Run] = []
    /// Characters located, the end of the text included.
    public private(set) var count = 0

    public init() {}

    /// Compresses `positions` in `file`, one per character.
    public init(file: String, _ positions: [(line: Int, column: Int)]) {
        self.file = file
        count = positions.count
        for i in positions.indices {
            let p = positions[i]
            if let last = runs.last, last.line == p.line, last.column + (i - last.index) == p.column { continue }
            runs.append(Run(index: i, line: p.line, column: p.column))
        }
    }

    public var isEmpty: Bool { count == 0 }

    /// The location of character `k` (clamped to the text).
    public subscript(_ k: Int) -> SourceLocation {
        let i = min(max(k, 0), count - 1)
        var lo = 0, hi = runs.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if runs[mid].index <= i { lo = mid } else { hi = mid - 1 }
        }
        let run = runs[lo]
        return SourceLocation(file: file, line: run.line, column: run.column + (i - run.index))
    }
}
