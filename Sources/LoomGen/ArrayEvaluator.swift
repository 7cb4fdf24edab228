import LoomSpec

/// Arrays whose length the `length` evaluator draws per row; element k is the element
/// generator's value at row index mix(row, k), converted to the element type. All three
/// encodings are laid out at once (see `ArrayValue`).
final class ArrayEvaluator: ColumnEvaluator {
    let element: ColumnEvaluator, length: ColumnEvaluator, converter: ValueConverter
    let wire: CopyBinaryEncoder.Wire, oid: Int32, zone: StaticString?, key: UInt64
    static let maxLength = 10_000

    init(element: ColumnEvaluator, length: ColumnEvaluator, type: SQLType, key: UInt64, location: SourceLocation) {
        self.element = element; self.length = length; self.key = key
        converter = ValueConverter(
            column: ColumnSpec(name: "element", type: type, source: .generator(.uuid), location: location, sourceLocation: location))
        wire = CopyBinaryEncoder.wire(for: type)
        oid = Self.oid(type)
        zone = type == .timestamptz || type == .timetz ? "+00" : nil
    }

    override func evaluate(_ row: UInt64, _ frame: RowFrame) -> Value {
        let drawn = length.evaluate(row, frame).asDouble ?? 0
        let n = drawn.isNaN ? 0 : Int(min(max(drawn.rounded(), 0), Double(Self.maxLength)))
        return withUnsafeTemporaryAllocation(of: Value.self, capacity: max(n, 1)) { items in
            var bound = ArrayValue.headerSize + 40
            for k in 0..<n {
                let v = converter.convert(element.evaluate(CounterRNG.mix(row ^ CounterRNG.mix(UInt64(k) &+ key)), frame), frame.arena)
                items[k] = v
                switch v {
                case .text(let t), .bytes(let t), .bits(let t): bound += 16 * t.count + 40
                default: bound += 3 * TextFormat.maxScalarWidth + 40
                }
            }
            let p = frame.arena.reserve(bound)
            let textStart = ArrayValue.headerSize
            let textCount = ArrayLiteral.writeText(items, n, zone: zone, p + textStart)
            let jsonCount = ArrayLiteral.writeJSON(items, n, zone: zone, p + textStart + textCount)
            let binCount = writeBinary(items, n, p + textStart + textCount + jsonCount)
            let raw = UnsafeMutableRawPointer(p)
            raw.storeBytes(of: UInt32(textCount), as: UInt32.self)
            raw.storeBytes(of: UInt32(jsonCount), toByteOffset: 4, as: UInt32.self)
            return .array(frame.arena.commit(p, textStart + textCount + jsonCount + binCount))
        }
    }

    private func writeBinary(_ items: UnsafeMutableBufferPointer<Value>, _ n: Int, _ p: UnsafeMutablePointer<UInt8>) -> Int {
        CopyBinaryEncoder.be32(n == 0 ? 0 : 1, p)
        CopyBinaryEncoder.be32(0, p + 4)
        CopyBinaryEncoder.be32(oid, p + 8)
        guard n > 0 else { return 12 }
        CopyBinaryEncoder.be32(Int32(n), p + 12)
        CopyBinaryEncoder.be32(1, p + 16)
        var m = 20
        for k in 0..<n { m += CopyBinaryEncoder.writeField(wire, items[k], p + m) }
        return m
    }

    /// PostgreSQL's OID of an element type (binary arrays name it).
    static func oid(_ type: SQLType) -> Int32 {
        switch type {
        case .smallint: 21
        case .integer: 23
        case .bigint: 20
        case .real: 700
        case .double: 701
        case .numeric: 1700
        case .text: 25
        case .varchar: 1043
        case .char: 1042
        case .boolean: 16
        case .date: 1082
        case .timestamp: 1114
        case .timestamptz: 1184
        case .uuid: 2950
        case .interval: 1186
        case .time: 1083
        case .timetz: 1266
        case .inet: 869
        case .cidr: 650
        case .macaddr: 829
        case .money: 790
        case .bytea: 17
        case .bit: 1560
        case .varbit: 1562
        case .range(.integer): 3904
        case .range(.bigint): 3926
        case .range(.date): 3912
        case .range(.timestamp): 3908
        case .range(.timestamptz): 3910
        case .range: 3906
        case .json: 114
        case .jsonb: 3802
        case .tsvector: 3614
        case .enumeration, .array: 0
        }
    }
}
