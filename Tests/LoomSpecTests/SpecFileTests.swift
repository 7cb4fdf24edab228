import Foundation
import LoomSpec
import Testing

/// Spec files that are not UTF-8 text files get a clear, located error, quickly.
@Suite struct SpecFileTests {
    let directory: URL = {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("loom-spec-file-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }()

    func error(_ path: String) -> SpecError? {
        do throws(SpecErrors) {
            _ = try SpecLoader.load(path: path)
            return nil
        } catch {
            return error.errors.first
        }
    }

    @Test func aMissingFile() {
        let path = directory.appendingPathComponent("nope.yaml").path
        #expect(error(path)?.description == "\(path):1:1: error: cannot read spec file: no such file")
    }

    @Test func aDirectory() {
        #expect(error(directory.path)?.message.contains("\(directory.path) is a directory") == true)
    }

    @Test func aDeviceIsReadOnlyUpToTheLimit() {
        #expect(error("/dev/zero")?.message == "the spec file is larger than 64 MiB, the most Loom reads")
    }

    @Test func aLargeFileIsRefusedBeforeReading() throws {
        let path = directory.appendingPathComponent("large.yaml").path
        #expect(FileManager.default.createFile(atPath: path, contents: nil))
        let handle = try #require(FileHandle(forWritingAtPath: path))
        try handle.truncate(atOffset: 65 << 20)
        try handle.close()
        #expect(error(path)?.message == "the spec file is 65 MiB; Loom reads specs of at most 64 MiB")
    }

    @Test func textThatIsNotUTF8IsLocatedAtTheFirstBadByte() throws {
        let path = directory.appendingPathComponent("latin1.yaml").path
        let bytes = Array("dataset: x\ntables: caf".utf8) + [0xE9] + Array("\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let e = error(path)
        #expect(e?.location.line == 2 && e?.location.column == 12, "\(String(describing: e))")
        #expect(e?.message == "the spec file is not UTF-8 text: byte 0xE9 at offset 22 is not valid UTF-8; save the file as UTF-8")
    }

    @Test func aNULByteIsLocated() throws {
        let path = directory.appendingPathComponent("nul.yaml").path
        try Data(Array("dataset: x\ntables:\n  t\u{0}: {}\n".utf8)).write(to: URL(fileURLWithPath: path))
        let e = error(path)
        #expect(e?.location.line == 3 && e?.location.column == 4, "\(String(describing: e))")
        #expect(e?.message.contains("control characters are not allowed (character U+0000)") == true)
    }
}
