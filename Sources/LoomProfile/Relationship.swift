import LoomPostgres
import LoomSpec

/// A foreign key of a profiled table to another profiled table, with its children-per-parent
/// counts as found in the source: how many parent rows have 0, 1, 2, … child rows.
struct Relationship {
    let fk: TableInfo.ForeignKey
    /// Parents per number of children (0 included).
    let parentsPerCount: [Int: Int]
    /// Child rows whose key is NULL.
    let nulls: Int

    var parents: Int { parentsPerCount.values.reduce(0, +) }
    /// Parents with at least one child.
    var covered: Int { parentsPerCount.filter { $0.key > 0 }.values.reduce(0, +) }
    var children: Int { parentsPerCount.reduce(0) { $0 + $1.key * $1.value } }

    /// Reads the counts of `fk` of table `child` (the query `loom report` uses for a schema).
    static func read(_ connection: PostgresConnection, child: TableInfo, fk: TableInfo.ForeignKey) throws -> Relationship {
        let key = ReportedForeignKey(child: child.name, column: fk.column, parent: fk.parentTable, parentColumn: fk.parentColumn)
        var counts: [Int: Int] = [:]
        for bin in try key.fanOut(connection, schema: child.schema) { counts[bin.children] = bin.parents }
        let childQ = SchemaDDL.qualified(child.name, schema: child.schema)
        let nulls =
            Int(try connection.execute("SELECT count(*) FROM \(childQ) WHERE \(SchemaDDL.quote(fk.column)) IS NULL").value(0, 0) ?? "0")
            ?? 0
        return Relationship(fk: fk, parentsPerCount: counts, nulls: nulls)
    }

    /// The relationship that drives a table's size (its `per_parent`): one without NULL keys
    /// if any; then the one whose parents nearly all have children (the share in tenths: the
    /// parent the rows belong to, not one they merely point at); then the one with the most
    /// parents that have children (the finest grouping, whose fan-out says the most).
    static func driving(_ all: [Relationship]) -> Relationship? {
        let candidates = all.contains { $0.nulls == 0 } ? all.filter { $0.nulls == 0 } : all
        func score(_ r: Relationship) -> (Double, Int) {
            (r.parents > 0 ? (Double(r.covered) / Double(r.parents) * 10).rounded() : 0, r.covered)
        }
        return candidates.enumerated().max { a, b in
            let (x, y) = (score(a.element), score(b.element))
            return x != y ? x < y : a.offset > b.offset
        }?.element
    }
}
