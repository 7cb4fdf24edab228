/// Turns a column's `gen:` node into a `GeneratorSpec`, checking every parameter.
struct GeneratorParser {
    let reader: YAMLReader
    /// Collects where column names are written inside generator parameters.
    final class NameLocations { var locations: [String: SourceLocation] = [:] }
    var names = NameLocations()
    /// The spec's `personas:` (for `gen: persona`).
    var personas: [Persona] = []
    /// Set while parsing a `per_parent` count: `by:` then reads the parent row.
    var countOfParent: String? = nil
    /// The spec's `enums:`, name → labels (for columns of an enum type).
    var enums: [String: [String]] = [:]

    private func recordNames(_ node: YAMLNode) {
        switch node {
        case .scalar(let s): names.locations[s.string] = names.locations[s.string] ?? reader.location(node)
        case .sequence(let seq): seq.forEach(recordNames)
        default: break
        }
    }

    static let names = [
        "sequence", "constant", "uniform", "normal", "lognormal", "exponential", "poisson",
        "geometric", "zipf", "bernoulli", "choice", "date", "timestamp", "uuid", "pattern",
        "dict", "email", "username", "words", "sentence", "street_address",
        "persona", "phone", "postcode", "review", "state", "step", "elapsed", "visits", "visit_elapsed", "quantiles",
        "histogram", "interval", "time", "ipv4", "ipv6", "mac", "bytes", "bits", "array", "json", "range", "mixture", "tsvector",
    ]

    /// Parses `node` for a column of `type` (`column` names it in messages).
    func parse(_ node: YAMLNode, type: SQLType, column: String) throws(SpecError) -> GeneratorSpec {
        let name: String
        let params: YAMLNode?
        let nameNode: YAMLNode
        switch node {
        case .scalar(let s):
            guard !s.string.isEmpty else {
                throw reader.error("'gen' needs a generator, e.g. gen: sequence or gen: { normal: { mean: 0, sd: 1 } }", node)
            }
            name = s.string; params = nil; nameNode = node
        case .mapping(let m):
            guard m.count == 1, let (k, v) = m.first.map({ ($0.key, $0.value) }) else {
                throw reader.error("a generator is one key naming it, e.g. { normal: { mean: 0, sd: 1 } }; found \(m.count) keys", node)
            }
            name = k.string ?? ""; params = v; nameNode = k
        default:
            throw reader.error("a generator is a name or { name: parameters }", node)
        }
        guard Self.names.contains(name) else {
            let hint = closest(name, in: Self.names).map { "; did you mean '\($0)'?" } ?? ""
            throw reader.error("unknown generator '\(name)'\(hint)", nameNode)
        }
        return try parseNamed(name, params: params, nameNode: nameNode, type: type, column: column)
    }

    /// Parses the parameters `params` of generator `name` (written at `nameNode`).
    func parseNamed(_ name: String, params: YAMLNode?, nameNode: YAMLNode, type: SQLType, column: String) throws(SpecError) -> GeneratorSpec
    {
        if case .mapping(let m)? = params, let by = reader.entry(m, "by") {
            return try parseConditional(name, m, by: by, nameNode: nameNode, type: type, column: column)
        }
        if case .mapping(let m)? = params, let locale = reader.entry(m, "locale"), case .scalar(let s) = locale.value,
            s.string.hasPrefix("from(")
        {
            return try parseLocaleFrom(name, m, locale: locale, nameNode: nameNode, type: type, column: column)
        }
        if let special = try parseRealistic(name, params: params, nameNode: nameNode, type: type, column: column) {
            return special
        }
        let ctx = "\(name) generator of column '\(column)'"
        if case .enumeration(let e) = type, name != "choice", name != "constant" {
            let labels = (enums[e] ?? []).joined(separator: ", ")
            throw reader.error(
                "column '\(column)' is of enum type '\(e)', whose values only choice or constant can make; use { choice: [\(labels)] }",
                nameNode)
        }
        func require() throws(SpecError) -> YAMLNode {
            guard let params else { throw reader.error("\(name) needs parameters, e.g. \(example(name))", nameNode) }
            return params
        }
        func fields(_ allowed: [String], required: [String]) throws(SpecError) -> [String: YAMLNode] {
            let p = try require()
            let m = try reader.mapping(p, "parameters of \(ctx)")
            try reader.checkKeys(m, allowed: allowed, in: ctx)
            var out: [String: YAMLNode] = [:]
            for (k, v) in m { out[k.string ?? ""] = v }
            for r in required where out[r] == nil {
                throw reader.error("\(name) needs '\(r)', e.g. \(example(name))", p)
            }
            return out
        }
        /// A single number written either bare (`poisson: 3`) or as `{ key: 3 }`.
        func single(_ key: String) throws(SpecError) -> YAMLNode {
            let p = try require()
            if case .mapping = p { return try fields([key], required: [key])[key]! }
            return p
        }

        switch name {
        case "visits", "visit_elapsed":
            let f = try fields(["sequence", "state"], required: ["sequence", "state"])
            let table = try reader.name(f["sequence"]!, "sequence"), state = try reader.name(f["state"]!, "state")
            return name == "visits" ? .walkVisits(table: table, state: state) : .walkVisitElapsed(table: table, state: state)
        case "state", "step", "elapsed":
            if params != nil { throw reader.error("\(name) takes no parameters; write gen: \(name)", nameNode) }
            return name == "state" ? .walkState : name == "step" ? .walkStep : .walkElapsed
        case "sequence":
            guard let params else { return .sequence(start: 1, step: 1) }
            let f = try fields(["start", "step"], required: [])
            let start = try f["start"].map { n throws(SpecError) in try reader.int(n, "start") } ?? 1
            let step = try f["step"].map { n throws(SpecError) in try reader.int(n, "step") } ?? 1
            guard step != 0 else { throw reader.error("sequence step must not be 0", f["step"]!) }
            _ = params
            return .sequence(start: start, step: step)
        case "constant":
            let p = try require()
            let raw = try reader.string(p, "constant value")
            guard let lit = Literal.parse(raw, for: type) else {
                throw reader.error("constant '\(raw)' is not a valid \(type)\(type.rangeHint)", p)
            }
            try checkLabel(raw, type: type, p)
            return .constant(lit)
        case "uniform":
            let f = try fields(["min", "max"], required: ["min", "max"])
            switch type.kind {
            case .int, .text, .interval:
                if let lo = try? reader.int(f["min"]!, "min"), let hi = try? reader.int(f["max"]!, "max"),
                    !(reader.string(f["min"]!).contains(".")), !(reader.string(f["max"]!).contains("."))
                {
                    guard lo <= hi else { throw reader.error("uniform min (\(lo)) must not exceed max (\(hi))", f["max"]!) }
                    if let range = type.integerRange {
                        guard range.contains(lo) else {
                            throw reader.error(
                                "uniform min \(lo) does not fit in \(type) (\(range.lowerBound)...\(range.upperBound))", f["min"]!)
                        }
                        guard range.contains(hi) else {
                            throw reader.error(
                                "uniform max \(hi) does not fit in \(type) (\(range.lowerBound)...\(range.upperBound))", f["max"]!)
                        }
                    }
                    return .uniformInt(min: lo, max: hi)
                }
                if type.kind == .int { _ = try reader.int(f["min"]!, "min"); _ = try reader.int(f["max"]!, "max") }
                fallthrough
            case .float:
                let lo = try reader.double(f["min"]!, "min"), hi = try reader.double(f["max"]!, "max")
                guard lo <= hi else { throw reader.error("uniform min (\(lo)) must not exceed max (\(hi))", f["max"]!) }
                return .uniformFloat(min: lo, max: hi)
            case .decimal:
                let scale = type.decimalScale ?? 0
                let lo = try reader.double(f["min"]!, "min"), hi = try reader.double(f["max"]!, "max")
                guard lo <= hi else { throw reader.error("uniform min (\(lo)) must not exceed max (\(hi))", f["max"]!) }
                guard case .decimal(let l, _)? = Literal.parseDecimal("\(lo)", scale: scale),
                    case .decimal(let h, _)? = Literal.parseDecimal("\(hi)", scale: scale)
                else {
                    throw reader.error("uniform range is too large for \(type)", f["max"]!)
                }
                if let limit = type.decimalLimit {
                    guard l.magnitude <= limit else { throw reader.error("uniform min \(lo) does not fit in \(type)", f["min"]!) }
                    guard h.magnitude <= limit else { throw reader.error("uniform max \(hi) does not fit in \(type)", f["max"]!) }
                }
                return .uniformDecimal(min: l, max: h, scale: scale)
            case .bool:
                throw reader.error(
                    "uniform makes numbers but column '\(column)' is boolean; use { bernoulli: P } or { choice: [true, false] }", nameNode)
            case .uuid:
                throw reader.error("uniform makes numbers but column '\(column)' is uuid; use the uuid generator", nameNode)
            case .time:
                throw reader.error(
                    "uniform makes numbers but column '\(column)' is \(type); use { time: { from: \"08:00\", to: \"18:00\" } }", nameNode)
            default:
                throw reader.error("uniform makes numbers but column '\(column)' is \(type); use a date or timestamp generator", nameNode)
            }
        case "normal":
            let f = try fields(["mean", "sd"], required: ["mean", "sd"])
            let sd = try reader.double(f["sd"]!, "sd")
            guard sd > 0 else { throw reader.error("normal sd must be greater than 0, found \(sd)", f["sd"]!) }
            return .normal(mean: try reader.double(f["mean"]!, "mean"), sd: sd)
        case "lognormal":
            let f = try fields(["mu", "sigma"], required: ["mu", "sigma"])
            let sigma = try reader.double(f["sigma"]!, "sigma")
            guard sigma > 0 else { throw reader.error("lognormal sigma must be greater than 0, found \(sigma)", f["sigma"]!) }
            return .lognormal(mu: try reader.double(f["mu"]!, "mu"), sigma: sigma)
        case "exponential":
            let p = try require()
            if case .mapping(let m) = p, reader.entry(m, "mean") != nil {
                let f = try fields(["mean"], required: ["mean"])
                let mean = try reader.double(f["mean"]!, "mean")
                guard mean > 0 else { throw reader.error("exponential mean must be greater than 0, found \(mean)", f["mean"]!) }
                return .exponential(rate: 1 / mean)
            }
            let n = try single("rate")
            let rate = try reader.double(n, "rate")
            guard rate > 0 else { throw reader.error("exponential rate must be greater than 0, found \(rate)", n) }
            return .exponential(rate: rate)
        case "poisson":
            let n = try single("lambda")
            let lambda = try reader.double(n, "lambda")
            guard lambda > 0, lambda <= 1e9 else { throw reader.error("poisson lambda must be in (0, 1e9], found \(lambda)", n) }
            return .poisson(lambda: lambda)
        case "geometric":
            let n = try single("p")
            let p = try reader.double(n, "p")
            guard p > 0, p <= 1 else { throw reader.error("geometric p must be in (0, 1], found \(p)", n) }
            return .geometric(p: p)
        case "zipf":
            let f = try fields(["n", "s"], required: ["n"])
            let count = try reader.int(f["n"]!, "n")
            guard count >= 1 else { throw reader.error("zipf n must be at least 1, found \(count)", f["n"]!) }
            let s = try f["s"].map { n throws(SpecError) in try reader.double(n, "s") } ?? 1.0
            guard s > 0, s <= 20 else { throw reader.error("zipf s must be in (0, 20], found \(s)", f["s"]!) }
            return .zipf(n: count, s: s)
        case "bernoulli":
            let n = try single("p")
            return .bernoulli(p: try reader.probability(n, "bernoulli p"))
        case "choice":
            return try parseChoice(try require(), type: type, ctx: ctx)
        case "date", "timestamp":
            let f = try fields(["from", "to"], required: ["from", "to"])
            if name == "date" {
                guard let lo = CivilTime.parseDate(try reader.string(f["from"]!, "from")) else {
                    throw reader.error("'from' must be a date YYYY-MM-DD", f["from"]!)
                }
                guard let hi = CivilTime.parseDate(try reader.string(f["to"]!, "to")) else {
                    throw reader.error("'to' must be a date YYYY-MM-DD", f["to"]!)
                }
                guard lo <= hi else { throw reader.error("date range 'from' is after 'to'", f["to"]!) }
                return .dateRange(from: lo, to: hi)
            }
            guard let lo = CivilTime.parseTimestamp(try reader.string(f["from"]!, "from")) else {
                throw reader.error("'from' must be a timestamp like 2024-01-31 or 2024-01-31T12:00:00Z", f["from"]!)
            }
            guard var hi = CivilTime.parseTimestamp(try reader.string(f["to"]!, "to")) else {
                throw reader.error("'to' must be a timestamp like 2024-12-31 or 2024-12-31T23:59:59Z", f["to"]!)
            }
            if let s = f["to"]?.string, CivilTime.parseDate(s) != nil { hi += CivilTime.microsPerDay - CivilTime.microsPerSecond }
            guard lo <= hi else { throw reader.error("timestamp range 'from' is after 'to'", f["to"]!) }
            return .timestampRange(from: lo, to: hi)
        case "uuid":
            return .uuid
        case "interval":
            let f = try fields(["min", "max"], required: ["min", "max"])
            let lo = try clock(f["min"]!, "min", interval: true), hi = try clock(f["max"]!, "max", interval: true)
            guard lo <= hi else { throw reader.error("interval min is longer than max", f["max"]!) }
            return .intervalRange(min: lo, max: hi)
        case "time":
            let f = try fields(["from", "to"], required: ["from", "to"])
            let lo = try clock(f["from"]!, "from", interval: false), hi = try clock(f["to"]!, "to", interval: false)
            guard lo <= hi else { throw reader.error("time range 'from' is after 'to'", f["to"]!) }
            return .timeRange(from: lo, to: hi)
        case "ipv4", "ipv6":
            return try parseIP(v6: name == "ipv6", params: params, type: type)
        case "mac":
            if params != nil { throw reader.error("mac takes no parameters; write gen: mac", nameNode) }
            return .mac
        case "bytes":
            return try parseBytes(params: params, nameNode: nameNode, column: column)
        case "array":
            return try parseArray(params: params, nameNode: nameNode, type: type, column: column)
        case "range":
            return try parseRange(params: params, nameNode: nameNode, type: type, column: column)
        case "json":
            return .json(try parseJSONObject(try require(), column: column, depth: 0))
        case "bits":
            return try parseBits(params: params, type: type, column: column)
        case "pattern":
            let p = try require()
            let text = try reader.name(p, "pattern")
            do {
                return .pattern(try Pattern(parsing: text))
            } catch {
                let locations = reader.characterLocations(p)
                throw SpecError("bad pattern: \(error.message)", at: locations[min(error.offset, locations.count - 1)])
            }
        case "dict":
            let p = try require()
            var dictName: String, field = 0, like: String? = nil, locale: String? = nil
            var fieldNode: YAMLNode? = nil
            var nameNode = p, localeNode = p
            if case .mapping = p {
                let f = try fields(["name", "field", "like", "locale"], required: ["name"])
                dictName = try reader.name(f["name"]!, "dictionary name")
                nameNode = f["name"]!
                like = try f["like"].map { n throws(SpecError) in try reader.name(n, "like") }
                if let l = f["like"] { recordNames(l) }
                locale = try f["locale"].map { n throws(SpecError) in try reader.name(n, "locale") }
                localeNode = f["locale"] ?? p
                fieldNode = f["field"]
            } else {
                dictName = try reader.name(p, "dictionary name")
            }
            let base = dictName
            dictName = DictionaryCatalog.localized(dictName, locale: locale)
            guard let fieldNames = DictionaryCatalog.fields[dictName] else {
                if locale != nil, DictionaryCatalog.fields[base] != nil {
                    throw reader.error("dictionary '\(base)' has no locale '\(locale!)'; available: en, de, fr, ja", localeNode)
                }
                let known = DictionaryCatalog.fields.keys.sorted()
                let hint = closest(dictName, in: known).map { "; did you mean '\($0)'?" } ?? "; available: \(known.joined(separator: ", "))"
                throw reader.error("unknown dictionary '\(dictName)'\(hint)", nameNode)
            }
            if let fieldNode {
                let fname = try reader.name(fieldNode, "field")
                guard let idx = fieldNames.firstIndex(of: fname) else {
                    throw reader.error(
                        "dictionary '\(dictName)' has no field '\(fname)'; fields: \(fieldNames.joined(separator: ", "))", fieldNode)
                }
                field = idx
            }
            return .dictionary(name: dictName, field: field, like: like)
        case "email":
            let p = try require()
            if case .mapping = p {
                let f = try fields(["from", "domains"], required: ["from"])
                let domains = try f["domains"].map { n throws(SpecError) in try reader.stringList(n, "domains") } ?? []
                recordNames(f["from"]!)
                return .email(from: try reader.stringList(f["from"]!, "email from"), domains: domains)
            }
            recordNames(p)
            return .email(from: try reader.stringList(p, "email columns"), domains: [])
        case "username":
            let p = try require()
            if case .mapping = p {
                let f = try fields(["from"], required: ["from"])
                recordNames(f["from"]!)
                return .username(from: try reader.stringList(f["from"]!, "username from"))
            }
            recordNames(p)
            return .username(from: try reader.stringList(p, "username columns"))
        case "words", "sentence":
            var lo: Int64 = name == "words" ? 1 : 5, hi: Int64 = name == "words" ? 3 : 12
            if let params {
                if case .sequence(let s) = params, s.count == 2 {
                    lo = try reader.int(s[0], "minimum word count"); hi = try reader.int(s[1], "maximum word count")
                } else if case .mapping = params {
                    let f = try fields(["min", "max"], required: [])
                    lo = try f["min"].map { n throws(SpecError) in try reader.int(n, "min") } ?? lo
                    hi = try f["max"].map { n throws(SpecError) in try reader.int(n, "max") } ?? max(hi, lo)
                } else {
                    lo = try reader.int(params, "word count"); hi = lo
                }
                guard lo >= 1, hi >= lo, hi <= 1000 else { throw reader.error("word counts must satisfy 1 <= min <= max <= 1000", params) }
            }
            return name == "words" ? .words(min: Int(lo), max: Int(hi)) : .sentence(min: Int(lo), max: Int(hi))
        case "histogram":
            guard countOfParent != nil else {
                throw reader.error(
                    "histogram is a per_parent count (children: parents), not a column generator; use choice for a column", nameNode)
            }
            return .histogram(try CountHistogram.parse(try require(), reader: reader))
        case "tsvector":
            return try parseTsvector(params, nameNode: nameNode, column: column)
        case "mixture":
            return try parseMixture(params, nameNode: nameNode, type: type, column: column)
        case "quantiles":
            return try QuantilesParser(reader: reader).parse(try require(), type: type, column: column, nameNode: nameNode)
        default:
            throw reader.error("unknown generator '\(name)'", nameNode)
        }
    }

    /// `bits`: bare, or `{ bits: { length: LAW, ones: 0.3 } }`. The length defaults to n for
    /// `bit(n)`, uniform 0…n for `varbit(n)` and 0…64 otherwise.
    private func parseBits(params: YAMLNode?, type: SQLType, column: String) throws(SpecError) -> GeneratorSpec {
        var length: GeneratorSpec
        switch type {
        case .bit(let n): length = .constant(.int(Int64(n)))
        case .varbit(let n?): length = .uniformInt(min: 0, max: Int64(n))
        default: length = .uniformInt(min: 0, max: 64)
        }
        var ones = 0.5
        if let params {
            let m = try reader.mapping(params, "parameters of bits generator of column '\(column)'")
            try reader.checkKeys(m, allowed: ["length", "ones"], in: "bits generator of column '\(column)'")
            if let l = reader.entry(m, "length")?.value {
                if case .scalar = l {
                    length = .constant(.int(try reader.int(l, "bits length")))
                } else {
                    length = try parse(l, type: .integer, column: column)
                }
                guard length.kind.isNumeric else {
                    throw reader.error("bits length must be a number generator such as { uniform: { min: 0, max: 16 } }", l)
                }
            }
            if let o = reader.entry(m, "ones")?.value { ones = try reader.probability(o, "bits ones") }
        }
        return .bits(length: length, ones: ones)
    }

    /// For a column of an enum type: `raw` must be one of its labels.
    private func checkLabel(_ raw: String, type: SQLType, _ node: YAMLNode) throws(SpecError) {
        guard case .enumeration(let e) = type, let labels = enums[e], !labels.contains(raw), raw != "null", raw != "~" else { return }
        let hint = closest(raw, in: labels).map { "; did you mean '\($0)'?" } ?? "; its labels are \(labels.joined(separator: ", "))"
        throw reader.error("'\(raw)' is not a label of enum '\(e)'\(hint)", node)
    }

    /// `ipv4`/`ipv6`: bare, `{ ipv4: 192.0.2.0/24 }` or `{ ipv4: { network: 10.0.0.0/8, prefix: 24 } }`.
    private func parseIP(v6: Bool, params: YAMLNode?, type: SQLType) throws(SpecError) -> GeneratorSpec {
        let name = v6 ? "ipv6" : "ipv4"
        var networkNode: YAMLNode? = params, prefixNode: YAMLNode? = nil
        if case .mapping(let m)? = params {
            try reader.checkKeys(m, allowed: ["network", "prefix"], in: "\(name) generator")
            networkNode = reader.entry(m, "network")?.value
            prefixNode = reader.entry(m, "prefix")?.value
        }
        var network = IPNetwork(parsing: v6 ? "2001:db8::/32" : "10.0.0.0/8")!
        if let networkNode {
            let raw = try reader.string(networkNode, "network")
            guard let n = IPNetwork(parsing: raw), n.v6 == v6 else {
                throw reader.error(
                    "\(name) network must be an \(v6 ? "IPv6" : "IPv4") network like \(v6 ? "2001:db8::/32" : "10.0.0.0/8"); found '\(raw)'",
                    networkNode)
            }
            network = n.masked
        }
        var prefix = type == .cidr ? max(network.bits, v6 ? 64 : 24) : network.width
        if let prefixNode {
            let p = try reader.int(prefixNode, "prefix")
            guard p >= network.bits, p <= network.width else {
                throw reader.error(
                    "\(name) prefix must be \(network.bits) to \(network.width) (inside the network /\(network.bits)); found \(p)",
                    prefixNode)
            }
            prefix = Int(p)
        }
        return .ipAddress(network: network, prefix: prefix)
    }

    /// An interval (`1 hour`, `30 days`, `01:30:00`, seconds) or a time of day (`08:00`) in microseconds.
    private func clock(_ n: YAMLNode, _ what: String, interval: Bool) throws(SpecError) -> Int64 {
        let raw = try reader.string(n, what)
        if interval {
            guard let v = CivilTime.parseInterval(raw) else {
                throw reader.error(
                    "'\(what)' must be an interval like \"90 minutes\", \"2 days 04:00:00\" or a number of seconds; found '\(raw)'", n)
            }
            return v
        }
        guard let v = CivilTime.parseTimeOfDay(raw) else {
            throw reader.error("'\(what)' must be a time of day HH:MM or HH:MM:SS (00:00 to 24:00); found '\(raw)'", n)
        }
        return v
    }

    private func parseChoice(_ p: YAMLNode, type: SQLType, ctx: String) throws(SpecError) -> GeneratorSpec {
        var values: [Literal] = []
        var weights: [Double] = []
        func literal(_ n: YAMLNode) throws(SpecError) -> Literal {
            let raw = try reader.string(n, "choice value")
            guard let l = Literal.parse(raw, for: type) else {
                throw reader.error("choice value '\(raw)' is not a valid \(type)\(type.rangeHint)", n)
            }
            try checkLabel(raw, type: type, n)
            return l
        }
        switch p {
        case .mapping(let m):
            for (k, v) in m {
                values.append(try literal(k))
                let w = try reader.double(v, "weight of '\(k.string ?? "")'")
                guard w >= 0 else { throw reader.error("choice weights must not be negative, found \(w)", v) }
                weights.append(w)
            }
        case .sequence(let s):
            for n in s { values.append(try literal(n)); weights.append(1) }
        default:
            throw reader.error("choice needs a list of values or a mapping of value: weight", p)
        }
        guard !values.isEmpty else { throw reader.error("choice needs at least one value", p) }
        guard weights.reduce(0, +) > 0 else { throw reader.error("choice weights must not all be 0", p) }
        return .choice(values: values, weights: weights)
    }

    func example(_ name: String) -> String {
        switch name {
        case "normal": "{ normal: { mean: 38, sd: 12 } }"
        case "lognormal": "{ lognormal: { mu: 10.5, sigma: 0.6 } }"
        case "uniform": "{ uniform: { min: 1, max: 100 } }"
        case "exponential": "{ exponential: { rate: 0.5 } }"
        case "poisson": "{ poisson: 3 }"
        case "geometric": "{ geometric: 0.3 }"
        case "zipf": "{ zipf: { n: 1000, s: 1.1 } }"
        case "bernoulli": "{ bernoulli: 0.8 }"
        case "choice": "{ choice: { red: 0.5, blue: 0.5 } }"
        case "date": "{ date: { from: 2020-01-01, to: 2024-12-31 } }"
        case "timestamp": "{ timestamp: { from: 2020-01-01, to: 2024-12-31 } }"
        case "pattern": "{ pattern: \"[A-Z]{3}-[0-9]{4}\" }"
        case "dict": "{ dict: first_names }"
        case "email": "{ email: [first_name, last_name] }"
        case "username": "{ username: [first_name, last_name] }"
        case "constant": "{ constant: 1 }"
        case "visits": "{ visits: { sequence: events, state: purchase } }"
        case "visit_elapsed": "{ visit_elapsed: { sequence: events, state: purchase } }"
        case "quantiles": "{ quantiles: { 0: 1.5, 0.5: 20, 1: 99 } }"
        case "histogram": "{ histogram: { 1: 40, 2: 25, 30: 10 } }"
        case "interval": "{ interval: { min: 1 hour, max: 30 days } }"
        case "time": "{ time: { from: \"08:00\", to: \"18:00\" } }"
        case "ipv4": "{ ipv4: { network: 10.0.0.0/8 } }"
        case "bits": "{ bits: { length: 8, ones: 0.5 } }"
        case "range": "{ range: { lower: { uniform: { min: 1, max: 100 } }, length: { uniform: { min: 0, max: 10 } } } }"
        case "json": "{ json: { plan: { choice: [free, pro] }, seats: { uniform: { min: 1, max: 50 } } } }"
        case "array": "{ array: { of: { uniform: { min: 1, max: 9 } }, length: { uniform: { min: 0, max: 5 } } } }"
        case "bytes": "{ bytes: { length: { uniform: { min: 8, max: 64 } } } }"
        case "tsvector": "{ tsvector: body } or { tsvector: { sentence: [5, 20] } }"
        case "mixture": "{ mixture: [ { weight: 0.7, normal: { mean: 10, sd: 2 } }, { weight: 0.3, lognormal: { mu: 4, sigma: 0.5 } } ] }"
        case "ipv6": "{ ipv6: { network: \"2001:db8::/32\", prefix: 64 } }"
        default: "{ \(name): ... }"
        }
    }
}
