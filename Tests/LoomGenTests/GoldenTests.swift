import Foundation
import LoomGen
import LoomSpec
import Testing

/// Pinned checksums of `Configs/users.yaml`: a change in generated data must be deliberate.
/// To re-pin after an intended change, run the test and copy the printed checksums.
@Suite struct GoldenTests {
    static let pinned: [String: UInt64] = [
        "csv": 17_837_182_363_281_691_940,
        "jsonl": 7_891_862_892_990_947_172,
        "copy": 6_270_025_709_002_535_917,
        "copy-binary": 12_576_738_029_689_495_828,
    ]

    @Test(arguments: OutputFormat.allCases)
    func usersOutputMatchesPinnedChecksum(format: OutputFormat) throws {
        let spec = try SpecLoader.load(path: TestSupport.root.appendingPathComponent("Configs/users.yaml").path)
        let plan = try DatasetPlan(spec: spec, rowOverrides: ["users": 10_000])
        let bytes = try TestSupport.output(plan, "users", format: format)
        let sum = TestSupport.fnv(bytes)
        #expect(sum == Self.pinned[format.rawValue], "users.yaml \(format.rawValue) checksum is 0x\(String(sum, radix: 16)) (\(bytes.count) bytes)")
    }

    @Test func firstRowsOfUsersAreStable() throws {
        let spec = try SpecLoader.load(path: TestSupport.root.appendingPathComponent("Configs/users.yaml").path)
        let plan = try DatasetPlan(spec: spec, rowOverrides: ["users": 3])
        let rows = TestSupport.rows(try TestSupport.output(plan, "users", format: .copy))
        #expect(rows.count == 3)
        #expect(rows.map { $0[0] } == ["1", "2", "3"])
        #expect(rows.allSatisfy { $0.count == 10 })
    }

    /// Pinned checksums (FNV-1a of the COPY text of every table, in file order) of the example
    /// datasets at the row counts of `RealisticDeterminismTests.configs`.
    static let pinnedExamples: [String: UInt64] = [
        "Configs/ecommerce.yaml": 11_788_926_953_962_277_540,
        "Configs/banking.yaml": 6_395_718_885_809_076_505,
        "Configs/iot.yaml": 8_936_413_835_738_821_492,
    ]

    @Test func exampleDatasetsMatchPinnedChecksums() throws {
        for (file, rows) in RealisticDeterminismTests.configs {
            let spec = try SpecLoader.load(path: TestSupport.root.appendingPathComponent(file).path)
            let plan = try DatasetPlan(spec: spec, rowOverrides: rows)
            var bytes: [UInt8] = []
            for t in spec.tables { bytes += try TestSupport.output(plan, t.name, format: .copy) }
            let sum = TestSupport.fnv(bytes)
            #expect(sum == Self.pinnedExamples[file], "\(file) checksum is \(sum) (\(bytes.count) bytes)")
        }
    }
}
