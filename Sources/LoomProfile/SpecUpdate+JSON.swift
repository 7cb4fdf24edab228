import Foundation

extension SpecUpdate {
    /// The diff as JSON for scripts: every column's outcome, distance and NULL rates, the schema
    /// changes and the notes (`loom profile --update --json`).
    public func json(file: String) -> String {
        let columns: [[String: Any]] = columns.map { c in
            var o: [String: Any] = [
                "table": c.table, "column": c.column, "before": c.before, "per_parent": c.isCount,
            ]
            switch c.outcome {
            case .refitted:
                o["outcome"] = "refitted"
                o["after"] = c.after
                o["generator_before"] = c.oldGen
                o["generator_after"] = c.newGen
                o["measure"] = c.measure
                o["distance"] = c.distance.map { $0 as Any } ?? NSNull()
                o["null_rate_before"] = c.nullBefore
                o["null_rate_after"] = c.nullAfter
                o["moved"] = c.moved(Self.movedThreshold)
            case .kept(let why):
                o["outcome"] = "kept"
                o["reason"] = why
            }
            return o
        }
        let sections: [[String: Any]] = sections.map { s in
            var o: [String: Any] = ["table": s.table, "section": s.section]
            switch s.outcome {
            case .refitted:
                o["outcome"] = "refitted"
                o["change"] = s.summary
            case .kept(let why):
                o["outcome"] = "kept"
                o["reason"] = why
            }
            return o
        }
        let root: [String: Any] = [
            "file": file, "changed": changed, "moved_threshold": Self.movedThreshold, "columns": columns, "sections": sections,
            "schema_changes": changes.map(\.description), "notes": notes,
        ]
        guard let data = try? JSONSerialization.data(withJSONObject: root, options: [.sortedKeys, .prettyPrinted]) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
