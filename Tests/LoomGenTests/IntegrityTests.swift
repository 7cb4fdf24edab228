import Foundation
import LoomGen
import LoomSpec
import Testing

/// Foreign keys, uniqueness and child-table structure.
@Suite struct IntegrityTests {
    @Test func foreignKeysPointAtExistingParents() throws {
        let spec = try TestSupport.spec(TestSupport.allGenerators)
        let plan = try DatasetPlan(spec: spec)
        let users = TestSupport.rows(try TestSupport.output(plan, "users", format: .copy))
        let userIDs = Set(users.map { $0[0] })
        #expect(userIDs.count == 1500)
        let orders = TestSupport.rows(try TestSupport.output(plan, "orders", format: .copy))
        #expect(orders.count == 2500)
        #expect(orders.allSatisfy { userIDs.contains($0[1]) && userIDs.contains($0[2]) })
        // zipf picks concentrate on few parents; uniform picks spread
        let hot = Dictionary(grouping: orders, by: { $0[2] }).values.map(\.count).max()!
        let flat = Dictionary(grouping: orders, by: { $0[1] }).values.map(\.count).max()!
        #expect(hot > flat * 3)
        let sessions = TestSupport.rows(try TestSupport.output(plan, "sessions", format: .copy))
        #expect(sessions.allSatisfy { userIDs.contains($0[1]) })
        #expect(Set(sessions.map { $0[0] }).count == sessions.count)
        #expect(sessions.map { $0[0] } == (1...sessions.count).map(String.init))
        let mean = Double(sessions.count) / 1500
        #expect(abs(mean - 3) < 0.25, "poisson(3) children per parent, got \(mean)")
        let sessionIDs = Set(sessions.map { $0[0] })
        let events = TestSupport.rows(try TestSupport.output(plan, "events", format: .copy))
        #expect(events.count > sessions.count * 2)
        #expect(events.allSatisfy { sessionIDs.contains($0[1]) })
        #expect(Set(events.map { $0[0] }).count == events.count)
        // Children of a parent share its key and follow it in time.
        let started = Dictionary(uniqueKeysWithValues: sessions.map { ($0[0], $0[2]) })
        #expect(events.allSatisfy { $0[3] > started[$0[1]]! })
        #expect(try plan.rows("events") == UInt64(events.count))
    }

    @Test func citiesAndCountriesStayTogether() throws {
        let spec = try TestSupport.spec(TestSupport.allGenerators)
        let users = TestSupport.rows(try TestSupport.output(try DatasetPlan(spec: spec), "users", format: .copy))
        var countryOf: [String: String] = [:]
        for r in users {
            if let c = countryOf[r[7]] { #expect(c == r[8], "city \(r[7]) in two countries") }
            countryOf[r[7]] = r[8]
        }
        #expect(countryOf["Paris"] == nil || countryOf["Paris"] == "France")
        #expect(countryOf.count > 100)
    }

    @Test func uniqueColumnsHaveNoDuplicatesAtTenMillionRows() throws {
        let spec = try TestSupport.spec("""
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
        """)
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

    @Test func uniqueDomainTooSmallIsAClearError() throws {
        let spec = try TestSupport.spec("""
        dataset: small
        tables:
          t:
            rows: 10
            columns:
              c: { type: integer, gen: { uniform: { min: 1, max: 100 } }, unique: true }
        """)
        #expect(throws: GenerationError.self) { try DatasetPlan(spec: spec, rowOverrides: ["t": 101]) }
        do {
            _ = try DatasetPlan(spec: spec, rowOverrides: ["t": 101])
        } catch {
            #expect(error.description.contains("100 distinct values but the table has 101 rows"))
        }
    }
}
