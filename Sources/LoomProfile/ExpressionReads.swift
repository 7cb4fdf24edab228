/// Which columns the expressions found so far read, so that a new one never closes a cycle.
struct ExpressionReads {
    private var reads: [String: [String]] = [:]

    mutating func record(_ column: String, reads columns: [String]) { reads[column] = columns }

    /// Whether computing `column` reads `other`, directly or through other expressions.
    func depends(_ column: String, on other: String) -> Bool {
        var stack = [column], seen = Set<String>()
        while let c = stack.popLast() {
            if c == other { return true }
            if seen.insert(c).inserted { stack += reads[c] ?? [] }
        }
        return false
    }
}
