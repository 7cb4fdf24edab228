import CZeroMQ
import Foundation

/// CURVE key pairs in libzmq's Z85 text form (40 characters each).
public struct CurveKeyPair: Sendable, Equatable {
    public var publicKey: String
    public var secretKey: String

    /// A fresh key pair.
    public static func generate() throws(ZeroMQError) -> CurveKeyPair {
        var pub = [CChar](repeating: 0, count: 41), sec = [CChar](repeating: 0, count: 41)
        guard zmq_curve_keypair(&pub, &sec) == 0 else { throw ZeroMQError("zmq_curve_keypair") }
        return CurveKeyPair(publicKey: Self.text(pub), secretKey: Self.text(sec))
    }

    /// The key pair whose secret key is `secret`.
    public init(secretKey secret: String) throws(ZeroMQError) {
        guard Self.isValid(secret) else { throw ZeroMQError("CURVE secret key", code: EINVAL) }
        var pub = [CChar](repeating: 0, count: 41)
        guard zmq_curve_public(&pub, secret) == 0 else { throw ZeroMQError("zmq_curve_public") }
        publicKey = Self.text(pub)
        secretKey = secret
    }

    public init(publicKey: String, secretKey: String) {
        self.publicKey = publicKey
        self.secretKey = secretKey
    }

    /// Whether `key` looks like a Z85 CURVE key.
    public static func isValid(_ key: String) -> Bool {
        key.utf8.count == 40 && key.utf8.allSatisfy { $0 > 32 && $0 < 127 }
    }

    /// Reads a key given inline or as the path of a file holding it (first non-empty line).
    public static func readKey(_ argument: String) throws -> String {
        if isValid(argument), !FileManager.default.fileExists(atPath: argument) { return argument }
        guard let text = try? String(contentsOfFile: argument, encoding: .utf8) else {
            throw ZeroMQError("reading CURVE key file \(argument)", code: ENOENT)
        }
        guard let line = text.split(whereSeparator: \.isNewline).map({ $0.trimmingCharacters(in: .whitespaces) }).first(where: { !$0.isEmpty }),
              isValid(line) else {
            throw ZeroMQError("CURVE key file \(argument) holds no 40-character key", code: EINVAL)
        }
        return line
    }

    /// Z85 text of a 32-byte binary key.
    static func z85(_ bytes: Data) -> String? {
        guard bytes.count == 32 else { return nil }
        var out = [CChar](repeating: 0, count: 41)
        let ok = bytes.withUnsafeBytes { zmq_z85_encode(&out, $0.baseAddress!.assumingMemoryBound(to: UInt8.self), 32) } != nil
        return ok ? Self.text(out) : nil
    }
}

extension CurveKeyPair {
    /// The text of a NUL-terminated C buffer.
    static func text(_ buffer: [CChar]) -> String {
        String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
