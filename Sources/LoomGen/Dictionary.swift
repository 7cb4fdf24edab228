import Foundation
import LoomSpec

/// A shipped word list (names, cities, streets, ...) loaded once, entries kept as raw UTF-8.
public final class WordList: @unchecked Sendable {
    public let name: String
    /// `entries[i][field]`.
    public let entries: [[UnsafeBufferPointer<UInt8>]]
    public let count: Int
    public let fields: Int
    /// Entries flattened row-major for the hot path: field f of entry i at `i * fields + f`.
    private let flat: UnsafeMutablePointer<UnsafeBufferPointer<UInt8>>

    init(name: String, entries: [[UnsafeBufferPointer<UInt8>]]) {
        self.name = name
        self.entries = entries
        count = entries.count
        fields = entries.first?.count ?? 1
        flat = .allocate(capacity: max(count * fields, 1))
        flat.initialize(from: entries.flatMap { $0 }, count: count * fields)
    }

    /// Field `field` of entry `index`.
    @inline(__always)
    public func entry(_ index: Int, _ field: Int = 0) -> UnsafeBufferPointer<UInt8> { flat[index &* fields &+ field] }

    /// Errors loading a shipped dictionary (a broken install).
    public struct LoadError: Error, CustomStringConvertible {
        public var description: String
    }

    nonisolated(unsafe) private static var cache: [String: WordList] = [:]
    private static let lock = NSLock()

    /// The dictionary `name` from the bundled resources, loaded on first use.
    public static func named(_ name: String) throws -> WordList {
        lock.lock()
        defer { lock.unlock() }
        if let w = cache[name] { return w }
        let file = DictionaryCatalog.fileName(name)
        let base = (file as NSString).deletingPathExtension, ext = (file as NSString).pathExtension
        guard let url = Bundle.module.url(forResource: base, withExtension: ext, subdirectory: "dictionaries")
            ?? Bundle.module.url(forResource: base, withExtension: ext) else {
            throw LoadError(description: "dictionary '\(name)' is missing from this installation (\(file))")
        }
        let text = try String(contentsOf: url, encoding: .utf8)
        let fields = DictionaryCatalog.fields[name]?.count ?? 1
        var entries: [[UnsafeBufferPointer<UInt8>]] = []
        let country = DictionaryCatalog.cityCountries[name]
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let parts = fields > 1 ? line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) : [String(line)]
            guard parts.count == fields else {
                throw LoadError(description: "dictionary '\(name)' has a malformed line: \(line)")
            }
            if let country, parts[1] != country { continue }
            entries.append(parts.map { StaticText.make($0) })
        }
        guard !entries.isEmpty else { throw LoadError(description: "dictionary '\(name)' is empty") }
        let w = WordList(name: name, entries: entries)
        cache[name] = w
        return w
    }
}
