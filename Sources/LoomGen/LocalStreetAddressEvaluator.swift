/// Street addresses written the way a locale writes them: `Lindenstraße 12` (de),
/// `12 rue des Lilas` (fr), `Shibuya 2-14-3` (ja). English addresses use `StreetAddressEvaluator`.
final class LocalStreetAddressEvaluator: ColumnEvaluator {
    enum Style { case nameThenNumber, numberThenName, district }
    let names: WordList, style: Style, key: UInt64
    init(names: WordList, style: Style, key: UInt64) { self.names = names; self.style = style; self.key = key }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let bits = CounterRNG.bits(key, row)
        let name = names.entry(Int(CounterRNG.below(UInt64(names.count), bits)))
        let p = frame.arena.reserve(name.count + 32)
        var n = 0
        @inline(__always) func text(_ t: UnsafeBufferPointer<UInt8>) { (p + n).update(from: t.baseAddress!, count: t.count); n += t.count }
        @inline(__always) func byte(_ c: UInt8) { p[n] = c; n += 1 }
        let number = 1 + (bits >> 40) % 180
        switch style {
        case .nameThenNumber:
            text(name); byte(32); n += TextFormat.writeUInt(number, p + n)
        case .numberThenName:
            n += TextFormat.writeUInt(number, p + n); byte(32); text(name)
        case .district:
            text(name); byte(32)
            n += TextFormat.writeUInt(1 + (bits >> 24) % 9, p + n); byte(45)
            n += TextFormat.writeUInt(1 + (bits >> 32) % 30, p + n); byte(45)
            n += TextFormat.writeUInt(1 + (bits >> 48) % 20, p + n)
        }
        return .text(frame.arena.commit(p, n))
    }
}
