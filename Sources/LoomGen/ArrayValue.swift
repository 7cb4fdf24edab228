/// The bytes of a `Value.array` (an array, or a range), laid out once by the generator for every encoder: two
/// little-endian 32-bit lengths, then the PostgreSQL array literal (`{1,2,"a b"}`), the JSON
/// array, and the body of the binary COPY field (dimensions, element OID, elements).
public enum ArrayValue {
    static let headerSize = 8

    @inline(__always)
    static func lengths(_ b: UnsafeBufferPointer<UInt8>) -> (text: Int, json: Int) {
        let raw = UnsafeRawPointer(b.baseAddress!)
        return (Int(raw.loadUnaligned(as: UInt32.self)), Int(raw.loadUnaligned(fromByteOffset: 4, as: UInt32.self)))
    }

    /// The array literal PostgreSQL prints.
    @inline(__always)
    public static func text(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let (t, _) = lengths(b)
        return UnsafeBufferPointer(rebasing: b[headerSize..<(headerSize + t)])
    }

    /// A JSON array.
    @inline(__always)
    public static func json(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let (t, j) = lengths(b)
        return UnsafeBufferPointer(rebasing: b[(headerSize + t)..<(headerSize + t + j)])
    }

    /// The binary COPY field without its length.
    @inline(__always)
    public static func binary(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
        let (t, j) = lengths(b)
        return UnsafeBufferPointer(rebasing: b[(headerSize + t + j)...])
    }
}
