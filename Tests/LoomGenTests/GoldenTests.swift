import Foundation
import LoomGen
import LoomSpec
import Testing

/// Pinned checksums of `Configs/users.yaml`: a change in generated data must be deliberate.
/// To re-pin after an intended change, run the test and copy the printed checksums.
@Suite struct GoldenTests {
    static let pinned: [String: UInt64] = [
        "csv": 60_185_076_266_972_811,
        "jsonl": 16_467_775_838_581_633_653,
        "copy": 10_854_105_495_000_717_408,
        "copy-binary": 2_489_551_242_851_028_168,
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
}
