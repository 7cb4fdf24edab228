/// A binary min-heap under a given order: O(log n) push and pop. The lease table hands returned
/// shards out again lowest position first; a live stream keeps its waiting rows and revisits in one.
public struct MinHeap<Element: Sendable>: Sendable {
    private var items: [Element] = []
    private let before: @Sendable (Element, Element) -> Bool

    /// - Parameter before: whether the first element comes out before the second.
    public init(by before: @escaping @Sendable (Element, Element) -> Bool) { self.before = before }

    public var isEmpty: Bool { items.isEmpty }
    public var count: Int { items.count }
    /// The element `pop` returns next.
    public var first: Element? { items.first }

    public mutating func push(_ value: Element) {
        items.append(value)
        var i = items.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard before(items[i], items[parent]) else { break }
            items.swapAt(i, parent)
            i = parent
        }
    }

    public mutating func pop() -> Element? {
        guard let first = items.first else { return nil }
        let last = items.removeLast()
        guard !items.isEmpty else { return first }
        items[0] = last
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var smallest = i
            if l < items.count, before(items[l], items[smallest]) { smallest = l }
            if r < items.count, before(items[r], items[smallest]) { smallest = r }
            guard smallest != i else { break }
            items.swapAt(i, smallest)
            i = smallest
        }
        return first
    }
}
