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
