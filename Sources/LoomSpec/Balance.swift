/// `balance:` on a table: the label column's shares changed on purpose — to fixed shares
/// (`{ column: is_fraud, shares: { true: 0.3, false: 0.7 } }`) or made equal across the groups
/// of another column (`{ column: approved, equal_by: gender }`). The label is drawn first with
/// the new law; columns drawn given the label (`by:`) keep their law given it.
public struct Balance: Sendable, Hashable {
    public var column: String
    /// The label's values (as written) and their shares, normalised to sum to 1.
    public var shares: [(value: String, share: Double)]?
    public var equalBy: String?
    public var location: SourceLocation

    public static func == (a: Balance, b: Balance) -> Bool {
        a.column == b.column && a.equalBy == b.equalBy && a.location == b.location
            && a.shares?.map(\.value) == b.shares?.map(\.value) && a.shares?.map(\.share) == b.shares?.map(\.share)
    }

    public func hash(into h: inout Hasher) {
        h.combine(column)
        h.combine(equalBy)
        for s in shares ?? [] {
            h.combine(s.value)
            h.combine(s.share)
        }
    }

    static func parse(_ key: YAMLNode, _ node: YAMLNode, reader: YAMLReader) throws(SpecError) -> Balance {
        let m = try reader.mapping(node, "balance")
        try reader.checkKeys(m, allowed: ["column", "shares", "equal_by"], in: "balance")
        guard let c = reader.entry(m, "column") else { throw reader.error("balance needs column: LABEL", node) }
        var b = Balance(column: try reader.name(c.value, "balance column"), shares: nil, equalBy: nil, location: reader.location(key))
        switch (reader.entry(m, "shares"), reader.entry(m, "equal_by")) {
        case (let s?, nil):
            let sm = try reader.mapping(s.value, "balance shares")
            var shares: [(value: String, share: Double)] = []
            for (k, v) in sm {
                let share = try reader.double(v, "share of '\(k.string ?? "")'")
                guard share >= 0 else { throw reader.error("a share must not be negative, found \(share)", v) }
                shares.append((k.string ?? "", share))
            }
            let total = shares.reduce(0) { $0 + $1.share }
            guard total > 0 else { throw reader.error("balance shares must add up to more than 0", s.value) }
            b.shares = shares.map { ($0.value, $0.share / total) }
        case (nil, let e?):
            b.equalBy = try reader.name(e.value, "balance equal_by")
        default:
            throw reader.error("balance needs either shares: { VALUE: SHARE, … } or equal_by: COLUMN", node)
        }
        return b
    }
}
