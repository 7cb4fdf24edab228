import LoomGen
import LoomSpec

/// `GET /v1/tables`: each table's name, parent, row count and columns with their types.
struct TablesResponse: Encodable, Sendable {
    struct Column: Encodable, Sendable {
        var name: String
        var type: String
    }

    struct Table: Encodable, Sendable {
        var name: String
        var rows: UInt64
        var parent: String?
        var columns: [Column]
    }

    static func make(_ spec: Spec, _ plan: DatasetPlan) throws -> [Table] {
        try spec.loadOrder.map { t in
            Table(
                name: t.name, rows: try plan.rows(t.name), parent: t.parent,
                columns: t.columns.map { Column(name: $0.name, type: $0.type.description) })
        }
    }
}
