import LoomGen
import LoomSpec
import Testing

/// A reference needs a row to refer to: a plan whose referenced table ends up with no rows
/// (after --rows, --scale or counts of 0) is refused where the reference is written.
@Suite struct EmptyReferenceTests {
    static let spec = """
        dataset: empty
        tables:
          users:
            rows: 10
            columns:
              id: { type: bigint, gen: sequence, primary_key: true }
          ghosts:
            per_parent: { users: { constant: 0 } }
            columns:
              id: { type: bigint, gen: sequence, primary_key: true }
          orders:
            rows: 100
            columns:
              id: { type: bigint, gen: sequence, primary_key: true }
              user_id: { ref: users.id }
          haunts:
            rows: 5
            columns:
              ghost: { ref: ghosts.id }
        """

    func error(_ overrides: [String: Int64], spec text: String = spec) throws -> GenerationError? {
        let spec = try SpecLoader.load(text: text, file: "empty.yaml")
        do throws(GenerationError) {
            _ = try DatasetPlan(spec: spec, rowOverrides: overrides)
            return nil
        } catch {
            return error
        }
    }

    @Test func aTableWithoutRowsCannotBeReferred() throws {
        let noUsers = try #require(try error(["users": 0, "haunts": 0]))
        #expect(
            noUsers.description.hasPrefix(
                "empty.yaml:15:23: error: column 'orders.user_id': refers to 'users.id', but table 'users' has no rows"))
        let noGhosts = try #require(try error([:]))
        #expect(
            noGhosts.description.hasPrefix(
                "empty.yaml:19:21: error: column 'haunts.ghost': refers to 'ghosts.id', but table 'ghosts' has no rows"))
    }

    @Test func aReferenceFromAnEmptyTableIsFine() throws {
        #expect(try error(["users": 0, "orders": 0, "haunts": 0]) == nil)
    }
}
