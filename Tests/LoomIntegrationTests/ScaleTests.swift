import Foundation
import LoomGen
import LoomSpec
import Testing

/// Generation at a scale that takes tens of seconds in a debug build: kept out of the unit
/// targets so that they run in seconds.
@Suite struct ScaleTests {
    @Test func uniqueColumnsHaveNoDuplicatesAtTenMillionRows() throws {
        let spec = try SpecLoader.load(text: """
        dataset: uniq
        tables:
          t:
            rows: 10_000_000
            columns:
              first: { type: text, gen: { dict: first_names } }
              last:  { type: text, gen: { dict: last_names } }
              email: { type: text, gen: { email: [first, last] }, unique: true }
              slot:  { type: bigint, gen: { uniform: { min: 1, max: 20000000 } }, unique: true }
              code:  { type: text, gen: { pattern: "[A-Z]{3}[0-9]{5}" }, unique: true }
        """, file: "uniq.yaml")
        let plan = try DatasetPlan(spec: spec)
        var emails = Set<UInt64>(minimumCapacity: 10_000_000)
        var slots = Set<Int64>(minimumCapacity: 10_000_000)
        var codes = Set<UInt64>(minimumCapacity: 10_000_000)
        var rows = 0, dupEmails = 0, dupSlots = 0, dupCodes = 0
        func hash(_ v: Value) -> UInt64 {
            guard case .text(let t) = v else { return 0 }
            var h: UInt64 = 0xCBF2_9CE4_8422_2325
            for b in t { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
            return h
        }
        try plan.generate("t", units: 0..<10_000_000) { f in
            rows += 1
            if !emails.insert(hash(f[2])).inserted { dupEmails += 1 }
            if case .int(let s) = f[3], !slots.insert(s).inserted { dupSlots += 1 }
            if !codes.insert(hash(f[4])).inserted { dupCodes += 1 }
        }
        #expect(rows == 10_000_000)
        #expect(dupEmails == 0)
        #expect(dupSlots == 0)
        #expect(slots.count == 10_000_000)
        #expect(dupCodes == 0)
    }
}
