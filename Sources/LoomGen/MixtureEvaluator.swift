import LoomSpec

/// A `mixture`: one draw of the column's pick stream chooses the component (alias method over
/// the weights), and the component draws its value from the column's own stream, so the value
/// is a pure function of (seed, table, column, row) and the pick is independent of the value.
final class MixtureEvaluator: ColumnEvaluator {
    private let table: AliasTable
    private let pickKey: UInt64
    private let components: [Unmanaged<ColumnEvaluator>]
    /// Keeps the component evaluators alive.
    private let owned: [ColumnEvaluator]

    /// `key` is the column's stream key; the pick stream is derived from it.
    init(weights: [Double], components: [ColumnEvaluator], key: UInt64) {
        table = AliasTable(weights: weights)
        pickKey = Self.pickKey(key)
        self.components = components.map { Unmanaged.passUnretained($0) }
        owned = components
    }

    /// The stream that picks a row's component, apart from the streams of the values.
    static func pickKey(_ key: UInt64) -> UInt64 { CounterRNG.mix(key ^ 0x6D69_7874_7572_6500) }

    /// The component row `row` draws from.
    @inline(__always)
    func component(_ row: UInt64) -> Int { table.pick(CounterRNG.bits(pickKey, row)) }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        components[component(row)]._withUnsafeGuaranteedRef { $0.evaluate(row, frame) }
    }
}
