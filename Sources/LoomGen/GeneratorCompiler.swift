import LoomSpec

/// Builds the evaluator for a generator, given the column's stream key and (for unique columns)
/// the permutation of the row index it must use.
struct GeneratorCompiler {
    let table: TableSpec
    let slots: [String: Int]
    let seed: UInt64
    /// Slots of the parent table's columns (for `by: parent.x`).
    var parentSlots: [String: Int] = [:]
    /// Whether this compiles a `per_parent` count: `by:` then reads the frame of the parent row itself.
    var countContext = false

    func key(_ column: String) -> UInt64 { CounterRNG.streamKey(seed: seed, table.name, column) }

    func compile(_ g: GeneratorSpec, column: ColumnSpec, rows: UInt64) throws(GenerationError) -> ColumnEvaluator {
        let key = key(column.name)
        var perm: Permutation? = nil
        if column.unique || column.primaryKey, let domain = g.uniqueDomain {
            if case .sequence = g {
            } else if case .uuid = g {
            } else {
                guard rows <= domain else {
                    throw GenerationError(
                        table: table.name, column: column.name,
                        "unique values: generator '\(g.name)' has \(domain) distinct values but the table has \(rows) rows",
                        at: column.sourceLocation)
                }
                let isName = {
                    if case .email = g { return true }; if case .username = g { return true }; return false
                }()
                perm = Permutation(count: isName ? max(rows, 1) : domain, key: key ^ 0xA5A5_A5A5_A5A5_A5A5)
            }
        }
        switch g {
        case .sequence(let start, let step):
            return SequenceEvaluator(start: start, step: step)
        case .walkState, .walkStep, .walkElapsed, .walkVisits, .walkVisitElapsed:
            throw GenerationError(
                table: table.name, column: column.name, "gen: \(g.name) only exists in sequence tables", at: column.sourceLocation)
        case .constant(let l):
            return ConstantEvaluator(ExpressionCompiler.value(of: l).decimalPreserving(l))
        case .uniformInt(let lo, let hi):
            return UniformIntEvaluator(lo: lo, span: UInt64(bitPattern: hi &- lo) &+ 1, key: key, perm: perm)
        case .uniformDecimal(let lo, let hi, let scale):
            return UniformIntEvaluator(lo: lo, span: UInt64(bitPattern: hi &- lo) &+ 1, key: key, perm: perm, decimalScale: scale)
        case .uniformFloat(let lo, let hi):
            return UniformFloatEvaluator(lo: lo, hi: hi, key: key)
        case .normal(let mean, let sd):
            return NormalEvaluator(mean: mean, sd: sd, key: key, logNormal: false)
        case .lognormal(let mu, let sigma):
            return NormalEvaluator(mean: mu, sd: sigma, key: key, logNormal: true)
        case .exponential(let rate):
            return ExponentialEvaluator(rate: rate, key: key)
        case .poisson(let lambda):
            return PoissonEvaluator(lambda: lambda, key: key)
        case .geometric(let p):
            return GeometricEvaluator(p: p, key: key)
        case .zipf(let n, let s):
            return ZipfEvaluator(n: n, s: s, key: key)
        case .bernoulli(let p):
            return BernoulliEvaluator(p: p, key: key)
        case .choice(let values, let weights):
            return ChoiceEvaluator(
                values: values.map { ExpressionCompiler.value(of: $0).decimalPreserving($0) }, weights: weights, key: key, perm: perm)
        case .dateRange(let lo, let hi):
            return TimeRangeEvaluator(lo: lo, span: UInt64(hi - lo + 1), unit: 1, isDate: true, key: key, perm: perm)
        case .timestampRange(let lo, let hi):
            return TimeRangeEvaluator(
                lo: lo, span: UInt64((hi - lo) / CivilTime.microsPerSecond + 1), unit: CivilTime.microsPerSecond, isDate: false, key: key,
                perm: perm)
        case .uuid:
            return UUIDEvaluator(key: key)
        case .intervalRange(let lo, let hi):
            return ClockRangeEvaluator(lo: lo, hi: hi, isTime: false, key: key, perm: perm)
        case .ipAddress(let network, let prefix):
            return IPAddressEvaluator(network: network, prefix: prefix, key: key, perm: perm)
        case .mac:
            return MACEvaluator(key: key, perm: perm)
        case .array(let of, let length):
            guard case .array(let elementType) = column.type else {
                throw GenerationError(table: table.name, column: column.name, "gen: array needs an array column", at: column.sourceLocation)
            }
            var elementColumn = column
            elementColumn.type = elementType
            elementColumn.unique = false
            elementColumn.primaryKey = false
            return ArrayEvaluator(
                element: try compile(of, column: elementColumn, rows: rows), length: try compile(length, column: column, rows: rows),
                type: elementType, key: CounterRNG.mix(key ^ 0x6172_7261_7900), location: column.sourceLocation)
        case .range(let lower, let length):
            guard case .range(let elementType) = column.type else {
                throw GenerationError(table: table.name, column: column.name, "gen: range needs a range column", at: column.sourceLocation)
            }
            var bound = column
            bound.type = elementType
            bound.unique = false
            bound.primaryKey = false
            var span = bound
            span.name = column.name + ".length"
            return RangeEvaluator(
                lower: try compile(lower, column: bound, rows: rows), length: try compile(length, column: span, rows: rows),
                type: elementType,
                location: column.sourceLocation)
        case .json(let object):
            return JSONEvaluator(program: try jsonProgram(object, column: column, path: column.name, rows: rows))
        case .bits(let length, let ones):
            return BitsEvaluator(
                length: try compile(length, column: column, rows: rows), ones: ones, key: CounterRNG.mix(key ^ 0x6269_7473))
        case .bytes(let length):
            return BytesEvaluator(length: try compile(length, column: column, rows: rows), key: CounterRNG.mix(key ^ 0x6279_7465_6100_0000))
        case .timeRange(let lo, let hi):
            return ClockRangeEvaluator(lo: lo, hi: hi, isTime: true, key: key, perm: perm)
        case .pattern(let p):
            return PatternEvaluator(pattern: p, key: key, perm: perm)
        case .dictionary(let name, let field, let like):
            let list = try words(name, column)
            if let like, !countContext, let source = slots[like].map({ table.columns[$0] }) {
                let sourceKey = self.key(like)
                var sourcePerm: Permutation? = nil
                if source.unique || source.primaryKey {
                    sourcePerm = Permutation(count: UInt64(list.count), key: sourceKey ^ 0xA5A5_A5A5_A5A5_A5A5)
                }
                return DictionaryEvaluator(list: list, field: field, key: sourceKey, perm: sourcePerm)
            }
            if column.unique || column.primaryKey {
                guard rows <= UInt64(list.count) else {
                    throw GenerationError(
                        table: table.name, column: column.name,
                        "unique values: dictionary '\(name)' has \(list.count) entries but the table has \(rows) rows",
                        at: column.sourceLocation)
                }
                perm = Permutation(count: UInt64(list.count), key: key ^ 0xA5A5_A5A5_A5A5_A5A5)
            }
            return DictionaryEvaluator(list: list, field: field, key: key, perm: perm)
        case .email(let from, let domains):
            let domainTexts = domains.isEmpty ? try words("email_domains", column).entries.map { $0[0] } : domains.map(StaticText.make)
            return EmailEvaluator(slots: from.map { slots[$0]! }, domains: domainTexts, key: key, perm: perm, username: false)
        case .username(let from):
            return EmailEvaluator(slots: from.map { slots[$0]! }, domains: [], key: key, perm: perm, username: true)
        case .words(let lo, let hi):
            return WordsEvaluator(words: try words("words", column), min: lo, max: hi, sentence: false, key: key)
        case .sentence(let lo, let hi):
            return WordsEvaluator(words: try words("words", column), min: lo, max: hi, sentence: true, key: key)
        case .streetAddress:
            return StreetAddressEvaluator(
                names: try words("street_names", column), suffixes: try words("street_suffixes", column), key: key)
        case .localStreetAddress(let locale):
            let style: LocalStreetAddressEvaluator.Style = locale == "fr" ? .numberThenName : locale == "ja" ? .district : .nameThenNumber
            return LocalStreetAddressEvaluator(names: try words("street_names_\(locale)", column), style: style, key: key)
        case .timePattern(let p):
            return TimePatternEvaluator(p, key: key)
        case .review(let rating, let title):
            return ReviewEvaluator(corpus: try words("review_phrases", column), slot: slots[rating]!, title: title, key: key)
        case .conditional(let c):
            let readsParent = c.parent && !countContext
            let source = readsParent ? parentSlots : slots
            guard let slot = source[c.by] else {
                throw GenerationError(table: table.name, column: column.name, "'by' column '\(c.by)' is missing", at: c.location)
            }
            let byType = byColumnType(c)
            var keys: [Value] = []
            var ranges: [ConditionRange?] = []
            var cases: [ColumnEvaluator] = []
            for k in c.cases {
                let lit = byType.flatMap { Literal.parse(k.value, for: $0) }
                let range = lit == nil ? byType.flatMap { ConditionRange.parse(k.value, for: $0) } : nil
                keys.append(range == nil ? ExpressionCompiler.value(of: lit ?? .text(k.value)) : .null)
                ranges.append(range)
                cases.append(try compile(k.generator, column: column, rows: rows))
            }
            let fallback = try c.fallback.map { g throws(GenerationError) in try compile(g, column: column, rows: rows) }
            return ConditionalEvaluator(
                slot: slot, readsParent: readsParent, keys: keys, ranges: ranges.contains { $0 != nil } ? ranges : [], cases: cases,
                fallback: fallback)
        case .quantiles(let points, let kind):
            return QuantileEvaluator(points: points, kind: kind, key: key)
        case .histogram(let h):
            return HistogramCountEvaluator(h, parents: rows, key: key)
        case .tsvector(.column(let name)):
            guard let slot = slots[name] else {
                throw GenerationError(
                    table: table.name, column: column.name, "tsvector source column '\(name)' is missing", at: column.sourceLocation)
            }
            return TsvectorEvaluator(slot: slot)
        case .tsvector(.generator(let g)):
            var text = column
            text.type = .text
            text.unique = false
            text.primaryKey = false
            return TsvectorEvaluator(source: try compile(g, column: text, rows: rows))
        case .mixture(let parts):
            var plain = column
            plain.unique = false
            plain.primaryKey = false
            var evaluators: [ColumnEvaluator] = []
            for part in parts { evaluators.append(try compile(part.generator, column: plain, rows: rows)) }
            return MixtureEvaluator(weights: parts.map(\.weight), components: evaluators, key: key)
        }
    }

    /// The flat program of a `json` object: leaves compiled with keys of their own path.
    func jsonProgram(_ object: JSONObjectSpec, column: ColumnSpec, path: String, rows: UInt64) throws(GenerationError) -> [JSONEvaluator
        .Step]
    {
        var steps: [JSONEvaluator.Step] = []
        for f in object.fields {
            let keyPath = path + "." + f.key
            let presence = f.optional > 0 ? (threshold: UInt64(f.optional * 0x1p64), key: key(keyPath + "?")) : nil
            let keyBytes = JSONLinesEncoder.quoted(Array(f.key.utf8))
            switch f.content {
            case .generator(let g):
                var leaf = column
                leaf.name = keyPath
                leaf.unique = false
                leaf.primaryKey = false
                leaf.type = .text
                if case .array(let of, _) = g {
                    switch of.kind {
                    case .int: leaf.type = .array(.bigint)
                    case .float: leaf.type = .array(.double)
                    case .decimal: leaf.type = .array(.numeric(precision: nil, scale: 6))
                    case .bool: leaf.type = .array(.boolean)
                    default: leaf.type = .array(.text)
                    }
                }
                steps.append(.leaf(key: keyBytes, presence: presence, evaluator: try compile(g, column: leaf, rows: rows)))
            case .object(let o):
                let inner = try jsonProgram(o, column: column, path: keyPath, rows: rows)
                steps.append(.open(key: keyBytes, presence: presence, length: inner.count))
                steps += inner
            }
        }
        return steps
    }

    /// Types of the parent table's columns (for `by: parent.x` and counts).
    var parentTypes: [String: SQLType] = [:]

    private func byColumnType(_ c: Conditional) -> SQLType? {
        if c.parent || countContext { return parentTypes[c.by] }
        return slots[c.by].map { table.columns[$0].type }
    }

    private func words(_ name: String, _ column: ColumnSpec) throws(GenerationError) -> WordList {
        do {
            return try WordList.named(name)
        } catch {
            throw GenerationError(table: table.name, column: column.name, "\(error)", at: column.sourceLocation)
        }
    }
}

extension Value {
    /// Literal decimals stay exact decimals when a generator (not an expression) produces them.
    func decimalPreserving(_ l: Literal) -> Value {
        if case .decimal(let u, let s) = l { return .decimal(u, scale: s) }
        return self
    }
}
