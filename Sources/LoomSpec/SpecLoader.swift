import Foundation

/// Loads a spec from YAML text or a file and validates it, collecting every error it can.
public enum SpecLoader {
    /// Most errors reported for one spec: checking stops soon after, so a spec with an error in
    /// every one of many columns is reported (and checked) quickly.
    public static let maxErrors = 100

    /// The first `maxErrors` errors in file order, and a last one saying more follow.
    static func limited(_ errors: [SpecError]) -> [SpecError] {
        guard errors.count > maxErrors else { return errors }
        let sorted = SpecErrors(errors).errors
        let more = SpecError(
            "more errors follow; Loom reports the first \(maxErrors): fix these and check again", at: sorted[maxErrors].location)
        return Array(sorted.prefix(maxErrors)) + [more]
    }

    /// Reads and validates the spec at `path` (a UTF-8 file of at most 64 MiB).
    public static func load(path: String) throws(SpecErrors) -> Spec {
        let text: String
        do throws(SpecError) {
            text = try SpecFile.read(path)
        } catch {
            throw SpecErrors([error])
        }
        return try load(text: text, file: path)
    }

    /// Parses and validates spec `text`; `file` names it in error messages.
    public static func load(text: String, file: String) throws(SpecErrors) -> Spec {
        guard text.utf8.count <= SpecFile.maxBytes else {
            throw SpecErrors([
                SpecError(
                    "the spec is larger than \(SpecFile.maxBytes >> 20) MiB, the most Loom reads",
                    at: SourceLocation(file: file, line: 1, column: 1))
            ])
        }
        let reader = YAMLReader(file: file, text: text)
        let root: YAMLNode
        do throws(SpecError) {
            guard let node = try YAMLComposer(file: file).compose(text) else {
                throw SpecError(
                    "the spec is empty; it needs at least 'dataset' and 'tables'", at: SourceLocation(file: file, line: 1, column: 1))
            }
            root = node
        } catch {
            throw SpecErrors([error])
        }
        var errors: [SpecError] = []
        var spec = Spec(dataset: "", seed: 0, scale: 1, tables: [], file: file, text: text)
        do throws(SpecError) {
            let top = try reader.mapping(root, "the spec")
            try reader.checkKeys(
                top, allowed: ["dataset", "description", "seed", "scale", "personas", "enums", "tables", "expectations", "drift"],
                in: "the spec")
            guard let dataset = reader.entry(top, "dataset") else { throw reader.error("the spec needs 'dataset: NAME'", root) }
            spec.dataset = try reader.name(dataset.value, "dataset")
            if let seed = reader.entry(top, "seed") {
                let raw = try reader.string(seed.value, "seed")
                if let u = UInt64(raw.replacingUnderscores()) {
                    spec.seed = u
                } else if let i = Int64(raw.replacingUnderscores()) {
                    spec.seed = UInt64(bitPattern: i)
                } else {
                    throw reader.error("seed must be a whole number, found '\(raw)'", seed.value)
                }
            }
            let scaleNode = reader.entry(top, "scale")?.value
            if let scaleNode {
                spec.scale = try reader.double(scaleNode, "scale")
                guard spec.scale > 0 else { throw reader.error("scale must be greater than 0", scaleNode) }
            }
            if let p = reader.entry(top, "personas") { spec.personas = try personas(p.value, reader: reader) }
            if let e = reader.entry(top, "enums") { spec.enums = try EnumSpec.parse(e.value, reader: reader) }
            guard let tables = reader.entry(top, "tables") else { throw reader.error("the spec needs 'tables:'", root) }
            let tm = try reader.mapping(tables.value, "tables")
            guard tm.count > 0 else { throw reader.error("'tables' must name at least one table", tables.value) }
            for (k, v) in tm where errors.count <= maxErrors {
                do throws(SpecError) {
                    let t = try table(k, v, reader: reader, personas: spec.personas, enums: spec.enums, errors: &errors)
                    if case .fixed(let n) = t.rows, Double(n) * spec.scale >= 4e18 {
                        throw SpecError(
                            "table '\(t.name)': \(n) rows × scale \(spec.scale) is more rows than Loom can number (at most 4e18)",
                            at: scaleNode.map(reader.location) ?? t.location)
                    }
                    spec.tables.append(t)
                } catch {
                    errors.append(error)
                }
            }
            if errors.isEmpty {
                let parser = ExpectationParser(reader: reader, tables: spec.tables)
                if let e = reader.entry(top, "expectations") { spec.expectations = try parser.expectations(e.value) }
                Self.balanceExpectations(&spec)
                if let d = reader.entry(top, "drift") { spec.drift = try parser.drift(d.value) }
            }
        } catch {
            errors.append(error)
        }
        if errors.isEmpty {
            SpecValidator(spec: spec).validate(&spec, errors: &errors)
        }
        if !errors.isEmpty { throw SpecErrors(limited(errors)) }
        return spec
    }

    /// `personas: { NAME: { VALUE: WEIGHT, ... } }` (or a list of equally likely values).
    private static func personas(_ node: YAMLNode, reader: YAMLReader) throws(SpecError) -> [Persona] {
        let m = try reader.mapping(node, "personas")
        var out: [Persona] = []
        for (k, v) in m {
            let name = try reader.name(k, "persona name")
            var values: [String] = [], weights: [Double] = []
            var seen = Set<String>()
            switch v {
            case .mapping(let vm):
                for (vk, vv) in vm {
                    let value = try reader.name(vk, "persona value")
                    let w = try reader.double(vv, "weight of '\(value)'")
                    guard w >= 0 else { throw reader.error("persona weights must not be negative, found \(w)", vv) }
                    guard seen.insert(value).inserted else { throw reader.error("persona value '\(value)' is given twice", vk) }
                    values.append(value); weights.append(w)
                }
            case .sequence:
                values = try reader.stringList(v, "values of persona '\(name)'")
                weights = Array(repeating: 1, count: values.count)
            default:
                throw reader.error("persona '\(name)' needs its values and weights, e.g. { loyal: 0.6, bargain_hunter: 0.4 }", v)
            }
            guard !values.isEmpty, weights.reduce(0, +) > 0 else {
                throw reader.error("persona '\(name)' needs at least one value with a positive weight", v)
            }
            out.append(Persona(name: name, values: values, weights: weights, location: reader.location(k)))
        }
        return out
    }

    /// `correlate: { [a, b]: RHO, ... }`.
    private static func correlations(_ node: YAMLNode, reader: YAMLReader) throws(SpecError) -> [Correlation] {
        let m = try reader.mapping(node, "correlate")
        var out: [Correlation] = []
        var pairs = Set<[String]>()
        for (k, v) in m {
            guard case .sequence(let pair) = k, pair.count == 2 else {
                throw reader.error("a correlate key is a pair of columns, e.g. correlate: { [age, income]: 0.35 }", k)
            }
            let a = try reader.name(pair[0], "column"), b = try reader.name(pair[1], "column")
            guard a != b else { throw reader.error("a column cannot be correlated with itself", pair[1]) }
            let rho = try reader.double(v, "correlation")
            guard rho > -1, rho < 1 else { throw reader.error("a correlation must be between -1 and 1 (excluded), found \(rho)", v) }
            if !pairs.insert(a < b ? [a, b] : [b, a]).inserted {
                throw reader.error("the correlation of '\(a)' and '\(b)' is given twice", k)
            }
            out.append(
                Correlation(
                    first: a, second: b, rho: rho, location: reader.location(k),
                    firstLocation: reader.location(pair[0]), secondLocation: reader.location(pair[1])))
        }
        return out
    }

    private static func table(
        _ key: YAMLNode, _ node: YAMLNode, reader: YAMLReader, personas: [Persona], enums: [EnumSpec], errors: inout [SpecError]
    )
        throws(SpecError) -> TableSpec
    {
        let name = try reader.name(key, "table name")
        let m = try reader.mapping(node, "table '\(name)'")
        try reader.checkKeys(
            m, allowed: ["rows", "per_parent", "sequence", "columns", "correlate", "avoid_copies", "edge_cases", "balance", "description"],
            in: "table '\(name)'")
        let rows: TableSpec.Rows
        var parentLocation: SourceLocation? = nil
        let sizing = ["rows", "per_parent", "sequence"].compactMap { reader.entry(m, $0) }
        if sizing.count > 1 {
            throw reader.error("table '\(name)' has more than one of 'rows', 'per_parent' and 'sequence'; keep one", sizing[1].key)
        }
        if let seq = reader.entry(m, "sequence") {
            let parsed = try SequenceParser(reader: reader).parse(seq.value, table: name)
            rows = .sequence(parent: parsed.parent, parsed.spec)
            parentLocation = parsed.parentLocation
        } else {
            switch (reader.entry(m, "rows"), reader.entry(m, "per_parent")) {
            case (let r?, nil):
                let n = try reader.int(r.value, "rows")
                guard n >= 0 else { throw reader.error("rows must not be negative", r.value) }
                rows = .fixed(n)
            case (nil, let p?):
                let pm = try reader.mapping(p.value, "per_parent")
                guard pm.count == 1, let first = pm.first else {
                    throw reader.error("per_parent names one parent table and a count, e.g. per_parent: { users: { poisson: 3 } }", p.value)
                }
                let parent = try reader.name(first.key, "parent table")
                var countParser = GeneratorParser(reader: reader)
                countParser.personas = personas
                countParser.countOfParent = parent
                let count = try countParser.parse(first.value, type: .bigint, column: "per_parent count")
                guard count.kind == .int else {
                    throw reader.error(
                        "per_parent count must be a whole-number generator (constant, uniform, poisson, geometric, zipf, choice, histogram), found \(count.name)",
                        first.value)
                }
                rows = .perParent(parent: parent, count: count)
                parentLocation = reader.location(first.key)
            case (_?, _?):
                throw reader.error("table '\(name)' has both 'rows' and 'per_parent'; keep one", key)
            case (nil, nil):
                throw reader.error(
                    "table '\(name)' needs 'rows: N', 'per_parent: { TABLE: COUNT }' or 'sequence: { parent: TABLE, states: … }'", key)
            }
        }
        guard let cols = reader.entry(m, "columns") else { throw reader.error("table '\(name)' needs 'columns:'", key) }
        let cm = try reader.mapping(cols.value, "columns of '\(name)'")
        guard cm.count > 0 else { throw reader.error("table '\(name)' has no columns", cols.value) }
        var columns: [ColumnSpec] = []
        for (ck, cv) in cm where errors.count <= maxErrors {
            do throws(SpecError) {
                columns.append(try column(ck, cv, table: name, reader: reader, personas: personas, enums: enums))
            } catch {
                errors.append(error)
            }
        }
        if case .sequence = rows {
        } else {
            for c in columns {
                guard case .generator(let g) = c.source, g.needsSequence else { continue }
                if g == .walkStep, case .perParent = rows { continue }
                if g == .walkStep {
                    throw SpecError(
                        "gen: step numbers a parent's rows; table '\(name)' has no parent (per_parent or sequence)", at: c.sourceLocation)
                }
                throw SpecError("gen: \(g.name) only exists in tables with 'sequence:'; table '\(name)' has none", at: c.sourceLocation)
            }
        }
        if let e = reader.entry(m, "edge_cases") {
            let edges = try EdgeCases.parse(e.key, e.value, reader: reader, explicit: false)
            for i in columns.indices where columns[i].edgeCases == nil && EdgeValues.whyNot(columns[i]) == nil {
                columns[i].edgeCases = edges
            }
        }
        var t = TableSpec(name: name, rows: rows, columns: columns, location: reader.location(key))
        t.parentLocation = parentLocation
        if let c = reader.entry(m, "correlate") {
            t.correlations = try correlations(c.value, reader: reader)
            t.correlateLocation = reader.location(c.key)
        }
        if let a = reader.entry(m, "avoid_copies") { t.avoidCopies = try AvoidCopies.parse(a.key, a.value, reader: reader, table: name) }
        if let b = reader.entry(m, "balance") {
            let balance = try Balance.parse(b.key, b.value, reader: reader)
            try balance.apply(to: &t)
            t.balance = balance
        }
        return t
    }

    /// The type a reference without `type` holds until validation gives it the referenced
    /// column's (see `ColumnSpec.inheritsType`); no spec can write it (its scale is above
    /// `SQLType.maxScale`).
    static let inheritedType = SQLType.numeric(precision: 1000, scale: 999)

    private static func column(
        _ key: YAMLNode, _ node: YAMLNode, table: String, reader: YAMLReader, personas: [Persona], enums: [EnumSpec]
    ) throws(SpecError)
        -> ColumnSpec
    {
        let name = try reader.name(key, "column name")
        let what = "column '\(table).\(name)'"
        let m = try reader.mapping(node, what)
        try reader.checkKeys(
            m,
            allowed: [
                "type", "gen", "ref", "pick", "expr", "null_rate", "unique", "primary_key", "clamp", "round", "edge_cases", "description",
                "keep", "step",
            ],
            in: what)
        var type: SQLType? = nil
        if let t = reader.entry(m, "type") {
            let raw = try reader.string(t.value, "type")
            switch SQLType.parse(raw) {
            case .success(let parsed):
                type = parsed
            case .failure where enums.contains(where: { $0.name == raw }):
                type = .enumeration(raw)
            case .failure where raw.hasSuffix("[]") && enums.contains(where: { $0.name == String(raw.dropLast(2)).trimming(" ") }):
                throw reader.error(
                    "\(what): arrays of enum types are not supported; use text[] with { array: { of: { choice: [...] } } }", t.value)
            case .failure(let problem):
                throw reader.error(
                    problem.message.map { "\(what): \($0)" }
                        ?? "unknown type '\(raw)' for \(what); use e.g. bigint, integer, numeric(12,2), double precision, text, varchar(n), boolean, date, timestamptz, time, interval, uuid, inet, jsonb, bytea, text[], int4range (docs/SPEC.md lists all), or declare an enum under enums:",
                    t.value)
            }
        }
        let sources = ["gen", "ref", "expr"].compactMap { reader.entry(m, $0) }
        guard sources.count == 1 else {
            if sources.isEmpty { throw reader.error("\(what) needs one of 'gen', 'ref' or 'expr'", key) }
            throw reader.error("\(what) has more than one of 'gen', 'ref' and 'expr'; keep one", sources[1].key)
        }
        let src = sources[0]
        let sourceKey = src.key.string!
        if type == nil, sourceKey != "ref" { throw reader.error("\(what) needs 'type'", key) }
        let columnType = type ?? inheritedType
        let source: ColumnSpec.Source
        let sourceLocation = reader.location(src.value)
        var textLocations = TextLocations()
        var generatorParser = GeneratorParser(reader: reader)
        generatorParser.personas = personas
        generatorParser.enums = Dictionary(enums.map { ($0.name, $0.labels) }, uniquingKeysWith: { a, _ in a })
        switch sourceKey {
        case "gen":
            source = .generator(try generatorParser.parse(src.value, type: columnType, column: name))
        case "ref":
            let raw = try reader.string(src.value, "ref")
            let parts = raw.split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
                throw reader.error("ref must be TABLE.COLUMN, found '\(raw)'", src.value)
            }
            var pick = ParentPick.uniform
            if let p = reader.entry(m, "pick") {
                switch p.value {
                case .scalar(let s) where s.string == "uniform": pick = .uniform
                case .scalar(let s) where s.string == "distinct": pick = .distinct
                case .mapping(let pm) where pm.count == 1 && pm.first?.key.string == "with":
                    pick = .with(try reader.string(pm.first!.value, "with"))
                case .mapping(let pm) where pm.count == 1 && pm.first?.key.string == "tree":
                    pick = try Self.treePick(pm.first!.value, reader: reader)
                case .mapping(let pm) where pm.count == 1 && pm.first?.key.string == "zipf":
                    let s = try reader.double(pm.first!.value, "zipf s")
                    guard s > 0, s <= 20 else { throw reader.error("zipf s must be in (0, 20], found \(s)", pm.first!.value) }
                    pick = .zipf(s: s)
                case .mapping(let pm) where pm.count == 1 && pm.first?.key.string == "histogram":
                    pick = .histogram(try CountHistogram.parse(pm.first!.value, reader: reader))
                case .mapping(let pm) where pm.count == 2 && Set(pm.map { $0.key.string ?? "" }) == ["histogram", "distinct"]:
                    let h = try CountHistogram.parse(reader.entry(pm, "histogram")!.value, reader: reader)
                    let d = reader.entry(pm, "distinct")!
                    pick = try reader.bool(d.value, "distinct") ? .distinctHistogram(h) : .histogram(h)
                default:
                    throw reader.error(
                        "pick must be 'uniform', 'distinct', { zipf: S }, { histogram: { CHILDREN: PARENTS, … } }, { tree: { fanout: N } } or { with: COLUMN }",
                        p.value)
                }
            }
            source = .reference(table: String(parts[0]), column: String(parts[1]), pick: pick)
        default:
            let text = try reader.string(src.value, "expr")
            textLocations = reader.textLocations(src.value)
            do {
                source = .expression(try Expression(parsing: text))
            } catch {
                throw SpecError("in expression of \(what): \(error.message)", at: textLocations[error.offset])
            }
        }
        if let p = reader.entry(m, "pick"), sourceKey != "ref" {
            throw reader.error("'pick' applies to 'ref' columns only", p.key)
        }
        var col = ColumnSpec(name: name, type: columnType, source: source, location: reader.location(key), sourceLocation: sourceLocation)
        col.inheritsType = type == nil
        col.textLocations = textLocations
        col.nameLocations = generatorParser.names.locations
        if let n = reader.entry(m, "null_rate") { col.nullRate = try reader.probability(n.value, "null_rate", allowOne: false) }
        if let u = reader.entry(m, "unique") { col.unique = try reader.bool(u.value, "unique") }
        if let p = reader.entry(m, "primary_key") { col.primaryKey = try reader.bool(p.value, "primary_key") }
        if let k = reader.entry(m, "keep") { col.keep = try reader.bool(k.value, "keep") }
        if let c = reader.entry(m, "clamp") {
            guard case .sequence(let s) = c.value, s.count == 2 else { throw reader.error("clamp must be [min, max]", c.value) }
            let lo = try reader.double(s[0], "clamp min"), hi = try reader.double(s[1], "clamp max")
            guard lo <= hi else { throw reader.error("clamp min (\(lo)) must not exceed max (\(hi))", c.value) }
            col.clamp = lo...hi
        }
        if let r = reader.entry(m, "round") {
            let digits = try reader.int(r.value, "round")
            guard (0...15).contains(digits) else { throw reader.error("round must be between 0 and 15 digits", r.value) }
            col.round = Int(digits)
        }
        if let s = reader.entry(m, "step") {
            switch ValueStep.parse(try reader.string(s.value, "step")) {
            case .success(let step):
                col.step = step
                if let why = step.whyNot(col) { throw reader.error("\(what): \(why)", s.value) }
            case .failure(let problem):
                throw reader.error("\(what): \(problem.message)", s.value)
            }
        }
        if let e = reader.entry(m, "edge_cases") {
            col.edgeCases = try EdgeCases.parse(e.key, e.value, reader: reader, explicit: true)
            if let why = EdgeValues.whyNot(col) { throw reader.error("\(what) takes no edge_cases: \(why)", e.key) }
        }
        return col
    }
}
