/// Reads a table's `sequence:` section: `{ parent: T, start: S, max_steps: N, states: { … } }`.
struct SequenceParser {
    let reader: YAMLReader

    func parse(_ node: YAMLNode, table: String) throws(SpecError) -> (parent: String, parentLocation: SourceLocation, spec: SequenceSpec) {
        let what = "sequence of table '\(table)'"
        let m = try reader.mapping(node, what)
        try reader.checkKeys(m, allowed: ["parent", "by", "start", "max_steps", "states"], in: what)
        var by: (String, SourceLocation)? = nil
        if let b = reader.entry(m, "by") { by = (try reader.name(b.value, "by"), reader.location(b.value)) }
        guard let p = reader.entry(m, "parent") else { throw reader.error("\(what) needs 'parent: TABLE' (one walk per parent row)", node) }
        let parent = try reader.name(p.value, "parent")
        guard let s = reader.entry(m, "states") else { throw reader.error("\(what) needs 'states:'", node) }
        let sm = try reader.mapping(s.value, "states")
        guard !sm.isEmpty else { throw reader.error("\(what) needs at least one state", s.value) }
        var states: [SequenceSpec.State] = []
        for (k, v) in sm {
            let name = try reader.name(k, "state name")
            guard name != SequenceSpec.exit else {
                throw reader.error("'\(SequenceSpec.exit)' is the end of a walk, not a state; remove it from 'states'", k)
            }
            states.append(try state(name, v, at: k, table: table))
        }
        let names = states.map(\.name)
        let known = Set(names)
        let start: String
        if let st = reader.entry(m, "start") {
            start = try reader.name(st.value, "start")
            guard known.contains(start) else {
                let hint = closest(start, in: names).map { "; did you mean '\($0)'?" } ?? ""
                throw reader.error("start state '\(start)' is not among the states\(hint)", st.value)
            }
        } else {
            start = names[0]
        }
        for st in states where by == nil && !st.nextBy.isEmpty {
            throw SpecError(
                "state '\(st.name)' has next_by but the sequence has no 'by: COLUMN' (a column of '\(parent)')", at: st.location)
        }
        for st in states {
            for t in st.next + st.nextBy.values.flatMap({ $0 }) where t.target != SequenceSpec.exit && !known.contains(t.target) {
                let hint = closest(t.target, in: names + [SequenceSpec.exit]).map { "; did you mean '\($0)'?" } ?? ""
                throw SpecError(
                    "state '\(st.name)' goes to '\(t.target)', which is not a state (nor '\(SequenceSpec.exit)')\(hint)", at: t.location)
            }
        }
        var maxSteps = 100
        if let ms = reader.entry(m, "max_steps") {
            let n = try reader.int(ms.value, "max_steps")
            guard n >= 1, n <= SequenceSpec.stepLimit else {
                throw reader.error("max_steps must be between 1 and \(SequenceSpec.stepLimit), found \(n)", ms.value)
            }
            maxSteps = Int(n)
        }
        var spec = SequenceSpec(start: start, states: states, maxSteps: maxSteps)
        spec.by = by?.0
        spec.byLocation = by?.1
        return (parent, reader.location(p.value), spec)
    }

    /// `{ target: weight, … }` with non-negative weights, not all 0.
    private func transitions(_ node: YAMLNode, of what: String) throws(SpecError) -> [SequenceSpec.Transition] {
        let nm = try reader.mapping(node, "next of \(what)")
        var out: [SequenceSpec.Transition] = []
        var total = 0.0
        for (tk, tv) in nm {
            let w = try reader.double(tv, "weight of '\(tk.string ?? "")'")
            guard w >= 0 else { throw reader.error("transition weights must not be negative, found \(w)", tv) }
            total += w
            out.append(.init(target: try reader.name(tk, "next state"), weight: w, location: reader.location(tk)))
        }
        guard total > 0 else { throw reader.error("the transitions of \(what) must not all have weight 0", node) }
        return out
    }

    private func state(_ name: String, _ node: YAMLNode, at key: YAMLNode, table: String) throws(SpecError) -> SequenceSpec.State {
        var state = SequenceSpec.State(name: name, next: [], dwell: nil, location: reader.location(key))
        if case .scalar(let s) = node, s.string.isEmpty || s.string == "null" || s.string == "~" { return state }
        let what = "state '\(name)'"
        let m = try reader.mapping(node, what)
        try reader.checkKeys(m, allowed: ["next", "next_by", "dwell", "description"], in: what)
        if let n = reader.entry(m, "next") { state.next = try transitions(n.value, of: what) }
        if let nb = reader.entry(m, "next_by") {
            let cases = try reader.mapping(nb.value, "next_by of \(what)")
            for (vk, vv) in cases {
                let value = try reader.name(vk, "next_by value")
                state.nextBy[value] = try transitions(vv, of: "\(what) when by is '\(value)'")
            }
        }
        if let d = reader.entry(m, "dwell") {
            let g = try GeneratorParser(reader: reader).parse(d.value, type: .double, column: "dwell of \(name)")
            guard g.kind == .float || g.kind == .int || g.kind == .decimal else {
                throw reader.error("dwell must be a numeric generator (seconds), found \(g.name)", d.value)
            }
            state.dwell = g
        }
        return state
    }
}
