import LoomLoad
import LoomPostgres
import Testing

/// A load error keeps the error that caused it and prints as one readable line.
@Suite struct LoadErrorTests {
    @Test func aWrappedErrorIsKeptAndPrintedAfterItsContext() throws {
        let cause = PostgresError(.connection, "connection refused", context: "preparing job j")
        let e = LoadError("finishing the load", underlying: cause, advice: "gave up after 8 attempts; re-run the same command to resume")
        #expect(
            "\(e)" == "finishing the load: preparing job j: connection refused; gave up after 8 attempts; re-run the same command to resume"
        )
        let kept = try #require(e.underlying as? PostgresError)
        #expect(kept.kind == .connection && kept.isTransient)
    }

    @Test func theCauseAloneOrTheMessageAlone() {
        let cause = PostgresError(.query, "permission denied", sqlState: "42501")
        #expect("\(LoadError(underlying: cause))" == "permission denied (SQLSTATE 42501)")
        #expect("\(LoadError("job j vanished from the ledger"))" == "job j vanished from the ledger")
        #expect(LoadError("job j vanished from the ledger").underlying == nil)
    }
}
