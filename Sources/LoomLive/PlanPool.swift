import Foundation
import LoomGen
import LoomSpec

/// Compiled plans of the served spec for concurrent requests: a plan keeps caches and frames
/// while it generates, so each request borrows one of its own and gives it back; the pool grows
/// to the number of requests generating at once.
final class PlanPool: @unchecked Sendable {
    private let lock = NSLock()
    private var free: [DatasetPlan] = []
    private let make: @Sendable () throws -> DatasetPlan

    init(first: DatasetPlan, make: @escaping @Sendable () throws -> DatasetPlan) {
        free = [first]
        self.make = make
    }

    func borrow() throws -> DatasetPlan {
        lock.lock()
        if let plan = free.popLast() {
            lock.unlock()
            return plan
        }
        lock.unlock()
        return try make()
    }

    func giveBack(_ plan: DatasetPlan) {
        lock.lock()
        free.append(plan)
        lock.unlock()
    }

    func with<T>(_ body: (DatasetPlan) throws -> T) throws -> T {
        let plan = try borrow()
        defer { giveBack(plan) }
        return try body(plan)
    }
}
