/// Cross-checks a parsed spec: references, parents, cycles, types, uniqueness and expressions.
///
/// Every pass looks names up in a `SpecIndex` and walks dependencies with its own stack, so the
/// work grows linearly with the spec (and no chain of columns or tables overflows the stack);
/// it stops after `SpecLoader.maxErrors` errors.
struct SpecValidator {
    let spec: Spec
    let index: SpecIndex

    init(spec: Spec) {
        self.spec = spec
        index = SpecIndex(spec)
    }

    func validate(_ spec: inout Spec, errors: inout [SpecError]) {
        var seenTables = Set<String>()
        for t in spec.tables {
            if !seenTables.insert(t.name).inserted { errors.append(SpecError("table '\(t.name)' is defined twice", at: t.location)) }
        }
        checkNameLengths(spec, errors: &errors)
        // The table passed along comes from `self.spec`, so the columns written to stay uniquely
        // referenced (and are not copied for every column).
        for ti in spec.tables.indices where errors.count <= SpecLoader.maxErrors {
            for ci in spec.tables[ti].columns.indices {
                resolveReference(&spec.tables[ti].columns[ci], in: self.spec.tables[ti], errors: &errors)
            }
        }
        SpecValidator(spec: spec).checkResolved(errors: &errors)
    }

    /// The checks that need the types of references resolved (`self.spec` has them).
    private func checkResolved(errors: inout [SpecError]) {
        checkParents(spec, errors: &errors)
        for t in spec.tables where errors.count <= SpecLoader.maxErrors { check(t, spec: spec, errors: &errors) }
        for t in spec.tables where errors.count <= SpecLoader.maxErrors {
            checkCorrelations(t, errors: &errors)
            if case .perParent(let p, let count) = t.rows, let parent = index.table(p) {
                checkConditional(
                    count, what: "per_parent count of table '\(t.name)'", table: t, countOf: parent,
                    at: t.parentLocation ?? t.location, errors: &errors)
            }
        }
    }

    /// PostgreSQL keeps the first 63 bytes of a name (cut at a character boundary): two names
    /// equal that far would be one table, or one column, in the database.
    private func checkNameLengths(_ spec: Spec, errors: inout [SpecError]) {
        func clash(_ what: String, _ name: String, _ first: String, _ line: Int) -> String {
            "\(what) '\(name)' and \(what) '\(first)' on line \(line) are the same name to PostgreSQL, which keeps only the first "
                + "\(Self.maxNameBytes) bytes of a name; make them differ within their first \(Self.maxNameBytes) bytes"
        }
        var tables: [[UInt8]: TableSpec] = [:]
        for t in spec.tables where errors.count <= SpecLoader.maxErrors {
            let key = Self.databaseName(t.name)
            if let first = tables[key] {
                if first.name != t.name {
                    errors.append(SpecError(clash("table", t.name, first.name, first.location.line), at: t.location))
                }
            } else {
                tables[key] = t
            }
            var columns: [[UInt8]: ColumnSpec] = [:]
            for c in t.columns {
                let key = Self.databaseName(c.name)
                if let first = columns[key] {
                    if first.name != c.name {
                        errors.append(SpecError(clash("column", c.name, first.name, first.location.line), at: c.location))
                    }
                } else {
                    columns[key] = c
                }
            }
        }
    }

    /// Longest name PostgreSQL keeps, in bytes (NAMEDATALEN - 1).
    static let maxNameBytes = 63

    /// The bytes of `name` PostgreSQL keeps: at most `maxNameBytes`, cut before a character
    /// that would not fit whole.
    static func databaseName(_ name: String) -> [UInt8] {
        var bytes = Array(name.utf8)
        guard bytes.count > maxNameBytes else { return bytes }
        var end = maxNameBytes
        while end > 0, UTF8.isContinuation(bytes[end]) { end -= 1 }
        bytes.removeSubrange(end...)
        return bytes
    }

    private func resolveReference(_ c: inout ColumnSpec, in t: TableSpec, errors: inout [SpecError]) {
        guard case .reference(let rt, let rc, let pick) = c.source else { return }
        // The columns of a composite foreign key: none need be a key on its own (asked only when
        // the target is not a key: it scans the table).
        let name = c.name
        func partOfComposite() -> Bool {
            if case .with = pick { return true }
            return t.columns.contains { if case .reference(_, _, .with(name)) = $0.source { return true } else { return false } }
        }
        guard let target = index.table(rt) else {
            let hint = closest(rt, in: spec.tables.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
            errors.append(SpecError("column '\(t.name).\(c.name)' refers to missing table '\(rt)'\(hint)", at: c.sourceLocation))
            return
        }
        guard let tc = index.column(rc, of: rt) else {
            let hint = closest(rc, in: target.columns.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
            errors.append(SpecError("column '\(t.name).\(c.name)' refers to missing column '\(rt).\(rc)'\(hint)", at: c.sourceLocation))
            return
        }
        guard tc.primaryKey || tc.unique || partOfComposite(), tc.nullRate == 0 else {
            errors.append(
                SpecError(
                    "column '\(t.name).\(c.name)' refers to '\(rt).\(rc)', which is not a key; mark it primary_key: true or unique: true",
                    at: c.sourceLocation))
            return
        }
        if case .reference = tc.source {
            errors.append(
                SpecError(
                    "column '\(t.name).\(c.name)' refers to '\(rt).\(rc)', which is itself a reference; refer to the key it points at",
                    at: c.sourceLocation))
            return
        }
        if let problem = Self.pickProblem(c, in: t) {
            errors.append(SpecError("column '\(t.name).\(c.name)' \(problem)", at: c.sourceLocation))
            return
        }
        if c.inheritsType {
            c.type = tc.type
            c.inheritsType = false
        } else if c.type.kind != tc.type.kind {
            errors.append(
                SpecError("column '\(t.name).\(c.name)' is \(c.type) but refers to '\(rt).\(rc)' of type \(tc.type)", at: c.location))
        }
    }

    /// Every table whose chain of parents is broken or loops. Each table's chain is walked until
    /// it reaches a table already judged, so the work is linear; only tables in (or leading
    /// into) a loop are walked again, to name the loop.
    private func checkParents(_ spec: Spec, errors: inout [SpecError]) {
        var reachesRoot: [String: Bool] = [:]
        for t in spec.tables {
            var walked: [String] = []
            var onWalk = Set<String>()
            var cur: String? = t.name
            var verdict = true
            while let name = cur {
                if let known = reachesRoot[name] {
                    verdict = known
                    break
                }
                if !onWalk.insert(name).inserted {
                    verdict = false
                    break
                }
                walked.append(name)
                cur = index.table(name)?.parent
            }
            for name in walked { reachesRoot[name] = verdict }
        }
        for t in spec.tables where errors.count <= SpecLoader.maxErrors {
            guard let p = t.parent else { continue }
            guard index.table(p) != nil else {
                let hint = closest(p, in: spec.tables.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                errors.append(
                    SpecError("table '\(t.name)' has per_parent on missing table '\(p)'\(hint)", at: t.parentLocation ?? t.location))
                continue
            }
            guard reachesRoot[t.name] == false else { continue }
            var chain = [t.name]
            var inChain: Set = [t.name]
            var cur = p
            while true {
                if inChain.contains(cur) {
                    errors.append(SpecError("per_parent cycle: \((chain + [cur]).joined(separator: " → "))", at: t.location))
                    break
                }
                chain.append(cur)
                inChain.insert(cur)
                guard let next = index.table(cur)?.parent else { break }
                cur = next
            }
        }
    }

    private func check(_ t: TableSpec, spec: Spec, errors: inout [SpecError]) {
        var names = Set<String>()
        var kinds: [String: ValueKind] = [:]
        for c in t.columns {
            if !names.insert(c.name).inserted {
                errors.append(SpecError("column '\(c.name)' is defined twice in table '\(t.name)'", at: c.location))
            }
            kinds[c.name] = c.type.kind
        }
        let pks = t.columns.filter(\.primaryKey)
        if pks.count > 1 { errors.append(SpecError("table '\(t.name)' has more than one primary_key column", at: pks[1].location)) }
        let parent = t.parent.flatMap { index.table($0) }
        var parentKinds: [String: ValueKind]? = nil
        if let parent { parentKinds = Dictionary(uniqueKeysWithValues: parent.columns.map { ($0.name, $0.type.kind) }) }
        let fixedRows: Int64? = {
            if case .fixed(let n) = t.rows { return Int64(min((Double(n) * spec.scale).rounded(), 4e18)) }; return nil
        }()

        var childKinds: [String: [String: ValueKind]] = [:]
        if t.columns.contains(where: { if case .expression = $0.source { true } else { false } }) {
            for child in index.children(of: t.name) {
                childKinds[child.name] = Dictionary(child.columns.map { ($0.name, $0.type.kind) }, uniquingKeysWith: { a, _ in a })
            }
        }

        for c in t.columns where errors.count <= SpecLoader.maxErrors {
            let what = "column '\(t.name).\(c.name)'"
            if c.primaryKey, c.nullRate > 0 {
                errors.append(SpecError("\(what) is a primary key and cannot have a null_rate", at: c.location))
            }
            if c.type == .tsvector, let problem = Self.tsvectorProblem(c) {
                errors.append(SpecError("\(what) is tsvector: \(problem)", at: c.sourceLocation))
            }
            if case .generator(.tsvector(.column(let source))) = c.source, let sc = index.column(source, of: t.name),
                sc.type.kind != .text || sc.type == .tsvector
            {
                errors.append(
                    SpecError(
                        "\(what): tsvector reads the words of a text column, but '\(source)' is \(sc.type)",
                        at: c.nameLocations[source] ?? c.sourceLocation))
            }
            switch c.source {
            case .generator(let g):
                checkConditional(g, what: what, table: t, countOf: nil, at: c.sourceLocation, errors: &errors)
                if case .conditional = g, c.unique || c.primaryKey {
                    errors.append(SpecError("\(what): a generator with 'by:' cannot be unique or a primary key", at: c.sourceLocation))
                }
                if !c.type.accepts(g.kind) {
                    let hint = c.type.generatorHint.map { "; use \($0)" } ?? ""
                    errors.append(
                        SpecError("\(what) is \(c.type) but generator '\(g.name)' makes \(g.kind) values\(hint)", at: c.sourceLocation))
                }
                for dep in g.dependencies where kinds[dep] == nil {
                    let hint = closest(dep, in: Array(kinds.keys)).map { "; did you mean '\($0)'?" } ?? ""
                    errors.append(
                        SpecError(
                            "\(what): generator '\(g.name)' reads unknown column '\(dep)'\(hint)",
                            at: c.nameLocations[dep] ?? c.sourceLocation))
                }
                if case .dictionary(let name, _, let like?) = g, let lc = index.column(like, of: t.name) {
                    if case .generator(.dictionary(let other, _, nil)) = lc.source, other == name {
                    } else {
                        errors.append(
                            SpecError(
                                "\(what): 'like: \(like)' needs column '\(like)' to be a dict generator over '\(name)' without its own 'like'",
                                at: c.sourceLocation))
                    }
                }
                if c.unique || c.primaryKey, case .sequence(let start, let step) = g, let rows = fixedRows, rows > 1,
                    let range = c.type.integerRange
                {
                    // Values past the type's bounds saturate, and would repeat.
                    let (span, o1) = (rows - 1).multipliedReportingOverflow(by: step)
                    let (last, o2) = start.addingReportingOverflow(span)
                    if o1 || o2 || !range.contains(last) || !range.contains(start) {
                        let reach = o1 || o2 ? "beyond \(step > 0 ? Int64.max : Int64.min)" : "\(last)"
                        errors.append(
                            SpecError(
                                "\(what) is unique but its sequence reaches \(reach) at row \(rows - 1), outside \(c.type)'s range "
                                    + "\(range.lowerBound)...\(range.upperBound), where values stop at the bound and repeat; use a wider type, or a smaller start or step",
                                at: c.sourceLocation))
                    }
                }
                if c.unique || c.primaryKey {
                    if let domain = g.uniqueDomain {
                        if let rows = fixedRows, UInt64(rows) > domain {
                            errors.append(
                                SpecError(
                                    "\(what) is unique but generator '\(g.name)' has only \(domain) distinct values for \(rows) rows",
                                    at: c.sourceLocation))
                        }
                    } else if case .sequence = g {
                    } else {
                        errors.append(
                            SpecError(
                                "\(what): unique values need a generator with a countable range (sequence, uniform integers, date, timestamp, uuid, pattern, email, username, choice); '\(g.name)' has none",
                                at: c.sourceLocation))
                    }
                }
                if c.clamp != nil, !g.kind.isNumeric {
                    errors.append(SpecError("\(what): clamp applies to numbers, not \(g.kind)", at: c.location))
                }
            case .reference(let rt, let rc, _):
                if c.unique || c.primaryKey {
                    errors.append(SpecError("\(what): a reference cannot be unique or a primary key", at: c.location))
                }
                if rt != t.parent, let empty = emptyTable(rt), emptyTable(t.name) == nil {
                    errors.append(
                        SpecError(
                            "\(what) refers to '\(rt).\(rc)', but table '\(rt)' has no rows \(empty.why), so there is no row to refer to; "
                                + "give '\(empty.root)' rows or remove the reference", at: c.sourceLocation))
                }
            case .expression(let e):
                do {
                    var typer = ExpressionTyper(columns: kinds, parentColumns: parentKinds, parentTable: parent?.name)
                    typer.childColumns = childKinds
                    let k = try typer.kind(of: e.root)
                    if !c.type.accepts(k) {
                        errors.append(
                            SpecError("\(what) is \(c.type) but its expression makes \(k) values", at: c.location(atCharacter: 0)))
                    }
                } catch {
                    errors.append(SpecError("in expression of \(what): \(error.message)", at: c.location(atCharacter: error.offset)))
                }
                if c.unique || c.primaryKey {
                    errors.append(SpecError("\(what): an expression cannot be unique or a primary key", at: c.location))
                }
            }
        }
        checkWalks(t, spec: spec, errors: &errors)
        checkAvoidCopies(t, errors: &errors)
        if let cycle = columnCycle(t) {
            let c = index.column(cycle[0], of: t.name)!
            errors.append(
                SpecError("columns of table '\(t.name)' depend on each other in a cycle: \(cycle.joined(separator: " → "))", at: c.location)
            )
        }
    }

    /// Whether table `name` has no rows whatever is drawn: it has a fixed count that rounds to 0
    /// after `scale`, or descends from such a table. Gives why, and the table to give rows.
    func emptyTable(_ name: String) -> (why: String, root: String)? {
        var seen = Set<String>()
        var cur = name
        while seen.insert(cur).inserted, let t = index.table(cur) {
            switch t.rows {
            case .fixed(let n):
                guard (Double(n) * spec.scale).rounded() < 1 else { return nil }
                let count = n == 0 ? "rows: 0" : "\(n) rows × scale \(spec.scale) round to 0"
                return (t.name == name ? "(\(count))" : "(it descends from '\(t.name)', \(count))", t.name)
            case .perParent(let p, _), .sequence(let p, _):
                cur = p
            }
        }
        return nil
    }

    /// `avoid_copies` compares plain generated columns: those a redraw can change without
    /// breaking keys, uniqueness or a walk.
    private func checkAvoidCopies(_ t: TableSpec, errors: inout [SpecError]) {
        guard let a = t.avoidCopies else { return }
        for (i, name) in a.columns.enumerated() {
            let at = i < a.columnLocations.count ? a.columnLocations[i] : a.location
            let what = "avoid_copies of table '\(t.name)'"
            guard let c = index.column(name, of: t.name) else {
                let hint = closest(name, in: t.columns.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                errors.append(SpecError("\(what) names unknown column '\(name)'\(hint)", at: at))
                continue
            }
            guard case .generator(let g) = c.source else {
                errors.append(
                    SpecError("\(what): column '\(name)' is a reference or expression; only generated columns can be drawn again", at: at))
                continue
            }
            if c.unique || c.primaryKey {
                errors.append(
                    SpecError("\(what): column '\(name)' is unique or a primary key; drawing it again could repeat a value", at: at))
            } else if g.followsRow {
                errors.append(SpecError("\(what): column '\(name)' follows the row number (\(g.name)); it cannot be drawn again", at: at))
            }
        }
    }

    /// `visits` counts (and `visit_elapsed` columns) name a sibling `sequence` table of the same
    /// parent and one of its states.
    private func checkWalks(_ t: TableSpec, spec: Spec, errors: inout [SpecError]) {
        func check(_ table: String, _ state: String, at location: SourceLocation) {
            guard let seq = index.table(table) else {
                let hint = closest(table, in: spec.tables.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                errors.append(SpecError("visits names table '\(table)', which the spec does not define\(hint)", at: location))
                return
            }
            guard let machine = seq.sequence, seq.parent == t.parent else {
                errors.append(
                    SpecError(
                        "visits needs '\(table)' to be a sequence table with the same parent as '\(t.name)' (\(t.parent ?? "none"))",
                        at: location))
                return
            }
            if machine.state(state) == nil {
                let hint = closest(state, in: machine.states.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
                errors.append(SpecError("sequence '\(table)' has no state '\(state)'\(hint)", at: location))
            }
        }
        if let seq = t.sequence, let by = seq.by, let parent = t.parent.flatMap({ index.table($0) }),
            index.column(by, of: parent.name) == nil
        {
            let hint = closest(by, in: parent.columns.map(\.name)).map { "; did you mean '\($0)'?" } ?? ""
            errors.append(
                SpecError(
                    "sequence of '\(t.name)': by names column '\(by)', which '\(parent.name)' does not have\(hint)",
                    at: seq.byLocation ?? t.location))
        }
        var counted: (String, String)? = nil
        if case .perParent(_, .walkVisits(let table, let state)) = t.rows {
            counted = (table, state)
            check(table, state, at: t.parentLocation ?? t.location)
        }
        for c in t.columns {
            guard case .generator(let g) = c.source else { continue }
            switch g {
            case .walkVisits:
                errors.append(
                    SpecError("column '\(t.name).\(c.name)': visits counts rows per parent; use it in per_parent", at: c.sourceLocation))
            case .walkVisitElapsed(let table, let state):
                if let counted, counted == (table, state) { continue }
                errors.append(
                    SpecError(
                        "column '\(t.name).\(c.name)': visit_elapsed needs the table's per_parent count to be { visits: { sequence: \(table), state: \(state) } }",
                        at: c.sourceLocation))
            default: break
            }
        }
    }

    /// Same-row dependencies of a column.
    static func dependencies(of c: ColumnSpec) -> [String] {
        switch c.source {
        case .generator(let g): g.dependencies
        case .expression(let e): e.columns
        case .reference(_, _, .with(let other)): [other]
        case .reference: []
        }
    }

    /// The first cycle among the same-row dependencies of `t`'s columns, by a depth-first search
    /// with its own stack.
    private func columnCycle(_ t: TableSpec) -> [String]? {
        func dependencies(_ name: String) -> [String]? {
            guard let c = index.column(name, of: t.name) else { return nil }
            return Self.dependencies(of: c) + index.aggregateParentReads(t, c)
        }
        var state: [String: UInt8] = [:]  // 1: on the path, 2: done
        var path: [String] = []
        var frames: [(dependencies: [String], next: Int)] = []
        for root in t.columns where state[root.name] == nil {
            guard let deps = dependencies(root.name) else { continue }
            state[root.name] = 1
            path.append(root.name)
            frames.append((deps, 0))
            while let top = frames.indices.last {
                guard frames[top].next < frames[top].dependencies.count else {
                    state[path.removeLast()] = 2
                    frames.removeLast()
                    continue
                }
                let d = frames[top].dependencies[frames[top].next]
                frames[top].next += 1
                switch state[d] {
                case 2: continue
                case 1: return Array(path[path.firstIndex(of: d)!...]) + [d]
                default:
                    guard let deps = dependencies(d) else { continue }
                    state[d] = 1
                    path.append(d)
                    frames.append((deps, 0))
                }
            }
        }
        return nil
    }
}

extension SpecValidator {
    /// Why a reference's `pick` cannot work where it is, or nil: a hierarchy refers to its own
    /// table, only a hierarchy may, and distinct picks need a parent row to key the permutation.
    static func pickProblem(_ c: ColumnSpec, in t: TableSpec) -> String? {
        guard case .reference(let rt, let rc, let pick) = c.source else { return nil }
        switch pick {
        case .with(let other):
            guard let o = t.column(other), case .reference(let ot, _, let opick) = o.source, other != c.name else {
                return "uses pick: { with: \(other) }, but '\(other)' is not another reference column of '\(t.name)'"
            }
            guard ot == rt else {
                return
                    "uses pick: { with: \(other) }, but '\(other)' refers to '\(ot)', not '\(rt)': the columns of one foreign key refer to one table"
            }
            if case .with = opick {
                return "uses pick: { with: \(other) }, which itself takes its row from another column; name the first column of the key"
            }
            if rt == t.parent {
                return "uses pick: { with: \(other) } on its own parent, whose row it always takes; write expr: parent.\(rc)"
            }
            return nil
        case .tree where rt != t.name:
            return "refers to '\(rt).\(rc)' with pick: tree, which builds a hierarchy within one table; refer to a key of '\(t.name)'"
        case .tree:
            return nil
        case _ where rt == t.name:
            return "refers to its own table; write pick: { tree: { fanout: N } } for a hierarchy (each row refers to an earlier one)"
        case .distinct where t.parent == nil, .distinctHistogram where t.parent == nil:
            return "uses pick: distinct, which needs a per_parent table (each parent's children refer to distinct rows)"
        case .distinct where rt == t.parent, .distinctHistogram where rt == t.parent:
            return "uses pick: distinct on its own parent, whose key it always takes; use it on another reference"
        default:
            return nil
        }
    }

    /// What is wrong with the source of a `tsvector` column, nil when it is the `tsvector`
    /// generator (or NULL): other text is not a tsvector PostgreSQL could read.
    static func tsvectorProblem(_ c: ColumnSpec) -> String? {
        switch c.source {
        case .generator(.tsvector), .generator(.constant(.null)): return nil
        case .generator(let g):
            return
                "its values come from the tsvector generator, not \(g.name); use { tsvector: body } (the words of a text column) or { tsvector: { sentence: [5, 20] } }"
        case .reference: return "a tsvector cannot be a reference"
        case .expression: return "an expression cannot make a tsvector; use { tsvector: COLUMN } on a text column holding the expression"
        }
    }
}
