import LoomPostgres

/// The rows a utility report learns from: every non-key column both tables share (the target
/// and the group column apart), read as text, with whether each is a number.
struct UtilityData {
    var features: [String]
    var numeric: [Bool]
    var targetNumeric: Bool
    var real: [[String?]]
    var synthetic: [[String?]]
    var realTarget: [String?]
    var syntheticTarget: [String?]
    var realGroup: [String?]
    var syntheticGroup: [String?]

    static func read(_ c: PostgresConnection, real: String, synthetic: String, target: String, groupBy: String?, maxRows: Int) throws
        -> UtilityData
    {
        func split(_ s: String) throws -> (String, String) {
            let parts = s.split(separator: ".", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw ProfileError("'\(s)' must be SCHEMA.TABLE") }
            return (parts[0], parts[1])
        }
        let (rs, rt) = try split(real), (ss, st) = try split(synthetic)
        let catalog = CatalogReader(c)
        let ri = try catalog.table(rt, schema: rs), si = try catalog.table(st, schema: ss)
        let keys = Set(ri.primaryKey + Array(ri.unique) + ri.foreignKeys.map(\.column))
        let shared = Set(si.columns.map(\.name))
        var columns: [(TableInfo.Column, ColumnType)] = []
        for col in ri.columns where shared.contains(col.name) && !keys.contains(col.name) {
            guard let (_, kind) = ColumnType.map(col.type), kind.fingerprinted else { continue }
            columns.append((col, kind))
        }
        guard let t = columns.first(where: { $0.0.name == target }) else {
            throw ProfileError("target column '\(target)' is not a comparable column of both \(real) and \(synthetic)")
        }
        if let groupBy, !columns.contains(where: { $0.0.name == groupBy }) {
            throw ProfileError("group column '\(groupBy)' is not a comparable column of both tables")
        }
        let features = columns.filter { $0.0.name != target && $0.0.name != groupBy }
        let all = features + [t] + (groupBy.flatMap { g in columns.first { $0.0.name == g } }.map { [$0] } ?? [])
        func rows(_ schema: String, _ table: String) throws -> [[String?]] {
            let select = all.map { $0.1.measure(SchemaDDL.quote($0.0.name), maxText: 200) }.joined(separator: ", ")
            let r = try c.execute("SELECT \(select) FROM \(SchemaDDL.qualified(table, schema: schema)) LIMIT \(maxRows)")
            return (0..<r.rowCount).map { i in (0..<all.count).map { r.value(i, $0) } }
        }
        let realRows = try rows(rs, rt), synRows = try rows(ss, st)
        let f = features.count
        return UtilityData(
            features: features.map(\.0.name), numeric: features.map { $0.1.isNumeric }, targetNumeric: t.1.isNumeric,
            real: realRows.map { Array($0[0..<f]) }, synthetic: synRows.map { Array($0[0..<f]) },
            realTarget: realRows.map { $0[f] }, syntheticTarget: synRows.map { $0[f] },
            realGroup: realRows.map { groupBy == nil ? nil : $0[f + 1] }, syntheticGroup: synRows.map { groupBy == nil ? nil : $0[f + 1] })
    }
}

/// How the target's values become labels: a class (1 for the positive value, else 0) when it
/// takes at most 10 values, else a number.
struct UtilityLabels {
    var classification: Bool
    var positive: String?

    init(_ values: [String?], numeric: Bool) {
        var counts: [String: Int] = [:]
        for v in values { if let v { counts[v, default: 0] += 1 } }
        classification = !numeric || counts.count <= 10
        // The positive class: "true"/"1" when present, else the rarest value (the one of interest, usually).
        if counts.count == 2, let named = ["true", "t", "1", "yes"].first(where: { counts[$0] != nil }) {
            positive = named
        } else {
            positive = classification ? counts.min { $0.value != $1.value ? $0.value < $1.value : $0.key < $1.key }?.key : nil
        }
    }

    func value(_ v: String?) -> Double {
        if classification { return v == positive ? 1 : 0 }
        return v.flatMap(Double.init) ?? 0
    }
}
