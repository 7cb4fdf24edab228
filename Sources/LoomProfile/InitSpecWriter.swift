/// Writes an `InitPlan` as spec text: a header of comments (what was read, which CHECKs are
/// honoured and which are not, which columns are left to the database), the enums, then the
/// tables in load order with one line per column.
public enum InitSpecWriter {
    public static func write(_ plan: InitPlan, options: InitOptions) -> String {
        var out = header(plan, options: options).map { $0.isEmpty ? "#" : "# " + $0 }.joined(separator: "\n") + "\n"
        out += "dataset: \(Fmt.key(options.dataset ?? plan.schema))\nseed: \(options.seed)\n"
        if !plan.enums.isEmpty {
            out += "enums:\n"
            for e in plan.enums { out += "  \(Fmt.key(e.name)): [\(e.labels.map(Fmt.flowItem).joined(separator: ", "))]\n" }
        }
        out += "tables:\n"
        for t in plan.tables { out += table(t) }
        return out
    }

    static func header(_ plan: InitPlan, options: InitOptions) -> [String] {
        var lines = [
            "Written by `loom init` from the catalog of schema \(plan.schema) (\(plan.tables.count) tables); no rows were read.",
            "Root tables get \(options.rows) rows; a table with a NOT NULL foreign key gets rows per parent row (per_parent).",
            "Change generators, counts and rates freely: `loom check` validates the result.",
        ]
        func section(_ title: String, _ items: [String]) {
            guard !items.isEmpty else { return }
            lines += ["", title] + items.map { "  " + $0 }
        }
        let honoured = plan.honouredChecks
        section(
            "CHECK constraints honoured:",
            honoured.count <= 50 ? honoured : Array(honoured.prefix(40)) + ["… and \(honoured.count - 40) more"])
        section("CHECK constraints NOT honoured (generated rows may violate them):", plan.unhonouredChecks)
        section("Left to the database (not in the spec):", plan.leftToDatabase)
        section("Warnings:", plan.warnings)
        return lines + [""]
    }

    static func table(_ t: InitPlan.Table) -> String {
        var out = t.comments.map { "  # \($0)\n" }.joined()
        out += "  \(Fmt.key(t.name)):\n"
        switch t.size {
        case .rows(let n): out += "    rows: \(n)\n"
        case .perParent(let parent, let count): out += "    per_parent: { \(Fmt.key(parent)): \(count) }\n"
        }
        out += "    columns:\n"
        for c in t.columns {
            if let comment = c.comment { out += "      # \(comment)\n" }
            out += "      \(Fmt.key(c.name)): { \(fields(c).joined(separator: ", ")) }\n"
        }
        return out
    }

    /// The fields of one column, in the order the profiler writes them.
    static func fields(_ c: InitPlan.Column) -> [String] {
        var fields: [String] = []
        if let type = c.type { fields.append("type: \(typeText(type))") }
        switch c.source {
        case .gen(let g): fields.append("gen: \(g)")
        case .expr(let e): fields.append("expr: \(Fmt.str(e))")
        case .ref(let target, let pick):
            fields.append("ref: \(target.split(separator: ".").allSatisfy { Fmt.key(String($0)) == $0 } ? target : Fmt.str(target))")
            if let pick { fields.append("pick: \(pick)") }
        }
        if c.primaryKey { fields.append("primary_key: true") }
        if c.unique { fields.append("unique: true") }
        if let r = c.clamp { fields.append("clamp: [\(Fmt.num(r.lowerBound)), \(Fmt.num(r.upperBound))]") }
        if let r = c.round { fields.append("round: \(r)") }
        if c.nullRate > 0 { fields.append("null_rate: \(Fmt.num(c.nullRate))") }
        return fields
    }

    /// A type plain when it is words, quoted when it holds punctuation (`"numeric(10,2)"`).
    static func typeText(_ type: String) -> String {
        type.allSatisfy { $0.isLetter || $0.isNumber || $0 == " " || $0 == "_" } ? type : Fmt.str(type)
    }
}
