import LoomSpec

/// A `tsvector` column: the lexemes of a text column of the row (by its slot) or of text drawn
/// by its own generator, written as PostgreSQL prints a tsvector (`TsvectorText`). A NULL
/// document gives the empty tsvector, as `to_tsvector(coalesce(body, ''))` does: the column is
/// NULL only by its own `null_rate`.
final class TsvectorEvaluator: ColumnEvaluator {
    private let slot: Int?
    private let source: ColumnEvaluator?

    init(slot: Int) {
        self.slot = slot
        source = nil
    }

    init(source: ColumnEvaluator) {
        slot = nil
        self.source = source
    }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let document = slot.map { frame[$0] } ?? source!.evaluate(row, frame)
        guard case .text(let t) = document else { return .text(frame.arena.commit(frame.arena.reserve(0), 0)) }
        return .text(TsvectorText.write(t, into: frame.arena))
    }
}
