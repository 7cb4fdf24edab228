import LoomLoad
import Testing

@Suite struct RetryPolicyTests {
    @Test func retryPolicyIsBounded() {
        let p = RetryPolicy(maxAttempts: 5, initialDelay: 0.5, maxDelay: 2)
        #expect((1...5).map { p.delay(after: $0) } == [0.5, 1, 2, 2, nil])
        #expect(p.totalWait == 5.5)
    }
}
