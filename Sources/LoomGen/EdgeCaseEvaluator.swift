import LoomSpec

/// A column with `edge_cases:`: in a share of rows drawn from its own stream, one of the column's
/// edge values (chosen by the row), else the wrapped generator's value — which other rows and
/// columns never notice, since neither stream moves.
final class EdgeCaseEvaluator: ColumnEvaluator {
    let inner: ColumnEvaluator
    let values: [Value]
    let key: UInt64
    let threshold: UInt64

    init(inner: ColumnEvaluator, cases: [EdgeValues.Case], rate: Double, key: UInt64) {
        self.inner = inner
        values = cases.map { ExpressionCompiler.value(of: $0.value).decimalPreserving($0.value) }
        self.key = key
        threshold = UInt64((rate * 18_446_744_073_709_551_616.0).rounded(.down))
    }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let bits = CounterRNG.bits(key, row)
        guard bits < threshold else { return inner.evaluate(row, frame) }
        return values[Int(CounterRNG.below(UInt64(values.count), CounterRNG.bits(key, row, 1)))]
    }
}
