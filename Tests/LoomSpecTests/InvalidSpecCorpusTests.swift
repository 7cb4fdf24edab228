import Foundation
import LoomSpec
import Testing

/// The invalid-spec corpus: small specs in `InvalidSpecs/`, each with exactly one mistake.
///
/// Every file starts with `# expect: LINE:COL: SUBSTRING`, naming where the first error
/// `SpecLoader` reports must be and a distinctive part of its message.
enum InvalidSpecCorpus {
    /// The corpus folder copied into the test bundle, nil when the resource is missing.
    static let directory: URL? = Bundle.module.url(forResource: "InvalidSpecs", withExtension: nil)

    /// The `.yaml` files of the corpus, sorted by name.
    static let fileNames: [String] = {
        guard let directory,
            let names = try? FileManager.default.contentsOfDirectory(atPath: directory.path)
        else { return [] }
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }()

    /// The text of corpus file `name`.
    static func text(of name: String) throws -> String {
        let directory = try #require(directory, "the InvalidSpecs resource is missing from the test bundle")
        return try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// Whether `name` has the form `NN-short-name.yaml` (or `NNN-…`).
    static func isWellNamed(_ name: String) -> Bool {
        let chars = Array(name)
        guard name.hasSuffix(".yaml"), chars.count > 8 else { return false }
        let digits = Set("0123456789"), allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        let prefix = chars.prefix { digits.contains($0) }.count
        guard prefix == 2 || prefix == 3, chars[prefix] == "-" else { return false }
        return chars[(prefix + 1)..<(chars.count - 5)].allSatisfy { allowed.contains($0) }
    }

    /// What a corpus file says its first error is.
    struct Expectation: Equatable, CustomStringConvertible {
        var line: Int
        var column: Int
        var substring: String

        var description: String { "\(line):\(column): \(substring)" }
    }

    static let marker = "# expect: "

    /// Parses the `# expect: LINE:COL: SUBSTRING` first line of `text`; nil when it is malformed.
    static func expectation(in text: String) -> Expectation? {
        guard let first = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first,
            first.hasPrefix(marker)
        else { return nil }
        let rest = first.dropFirst(marker.count)
        guard let sep = rest.range(of: ": ") else { return nil }
        let position = rest[..<sep.lowerBound].split(separator: ":", omittingEmptySubsequences: false)
        let substring = String(rest[sep.upperBound...]).trimmingCharacters(in: .whitespaces)
        guard position.count == 2, let line = Int(position[0]), let column = Int(position[1]),
            line >= 1, column >= 1, !substring.isEmpty
        else { return nil }
        return Expectation(line: line, column: column, substring: substring)
    }

    /// The errors loading `text` throws, or nil when the spec is accepted.
    static func errors(loading text: String, file: String) -> SpecErrors? {
        do throws(SpecErrors) {
            _ = try SpecLoader.load(text: text, file: file)
            return nil
        } catch {
            return error
        }
    }
}

@Suite("Invalid spec corpus")
struct InvalidSpecCorpusTests {
    @Test("The corpus holds at least 30 specs")
    func corpusSize() throws {
        _ = try #require(InvalidSpecCorpus.directory, "the InvalidSpecs resource is missing from the test bundle")
        #expect(InvalidSpecCorpus.fileNames.count >= 30, "found only \(InvalidSpecCorpus.fileNames.count) specs")
    }

    @Test("Every spec's name and expectation line are well formed", arguments: InvalidSpecCorpus.fileNames)
    func wellFormed(_ name: String) throws {
        #expect(InvalidSpecCorpus.isWellNamed(name), "\(name) is not named NN-short-name.yaml")
        let text = try InvalidSpecCorpus.text(of: name)
        #expect(
            InvalidSpecCorpus.expectation(in: text) != nil,
            "\(name) must start with '# expect: LINE:COL: SUBSTRING'")
    }

    @Test("The first error is where the spec says, with the expected message", arguments: InvalidSpecCorpus.fileNames)
    func firstError(_ name: String) throws {
        let text = try InvalidSpecCorpus.text(of: name)
        let expected = try #require(
            InvalidSpecCorpus.expectation(in: text),
            "\(name) must start with '# expect: LINE:COL: SUBSTRING'")
        let thrown = InvalidSpecCorpus.errors(loading: text, file: name)
        let errors = try #require(thrown, "\(name) was accepted; expected \(expected)")
        let first = try #require(errors.errors.first, "\(name) threw SpecErrors holding no error")
        #expect(first.location.file == name)
        #expect(
            "\(first.location.line):\(first.location.column)" == "\(expected.line):\(expected.column)",
            "\(name): first error is \(first.description)")
        #expect(
            first.message.contains(expected.substring),
            "\(name): first error is \(first.description); expected the message to contain '\(expected.substring)'")
    }

    /// Hostile specs (alias bombs, deep expressions) are in the corpus: each must be refused
    /// without blowing up (the bombs took 30 s to minutes). A hang guard far above the milliseconds
    /// each takes, not a benchmark (`Benchmarks/check.sh` measures how checking scales).
    @Test("Every spec is checked in under 10 s", arguments: InvalidSpecCorpus.fileNames)
    func timeBound(_ name: String) throws {
        let text = try InvalidSpecCorpus.text(of: name)
        let seconds = CPUTime.seconds { _ = InvalidSpecCorpus.errors(loading: text, file: name) }
        #expect(seconds < 10, "\(name) took \(seconds) s to check")
    }

    @Test("Every error prints as FILE:LINE:COL: error: MESSAGE", arguments: InvalidSpecCorpus.fileNames)
    func errorFormat(_ name: String) throws {
        let text = try InvalidSpecCorpus.text(of: name)
        let thrown = InvalidSpecCorpus.errors(loading: text, file: name)
        let errors = try #require(thrown, "\(name) was accepted")
        #expect(!errors.errors.isEmpty)
        for error in errors.errors {
            let prefix = "\(name):\(error.location.line):\(error.location.column): error: "
            #expect(error.description.hasPrefix(prefix), "\(error.description) does not start with '\(prefix)'")
            #expect(error.description == prefix + error.message)
            #expect(error.location.line >= 1 && error.location.column >= 1, "\(error.description) has no real position")
        }
        #expect(errors.description == errors.errors.map(\.description).joined(separator: "\n"))
        let positions = errors.errors.map { [$0.location.line, $0.location.column] }
        #expect(positions == positions.sorted { $0.lexicographicallyPrecedes($1) }, "\(name): errors are not in file order")
    }
}
