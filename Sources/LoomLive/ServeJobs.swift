import Foundation
import LoomLoad
import LoomSpec

/// Load jobs started over the API (`POST /v1/jobs`): each runs a `LoadJob` on a thread of its
/// own; its state and progress are kept until the server stops. `DELETE` stops a job after the
/// shards it is loading (what committed stays, and the same request resumes it).
final class ServeJobs: @unchecked Sendable {
    /// What `GET /v1/jobs/{id}` shows.
    struct Status: Codable, Sendable {
        var id: String
        var state: String
        var rows: UInt64
        var plannedRows: UInt64
        var shards: Int
        var plannedShards: Int
        var seconds: Double
        var error: String?
    }

    private let lock = NSLock()
    private var jobs: [String: (job: LoadJob, status: Status)] = [:]

    /// Starts `spec` into `database`; a job of the same identity that is still running is returned as is.
    func start(spec: Spec, options: LoadOptions, database: String) -> Status {
        let job = LoadJob(spec: spec, options: options, conninfo: database)
        let id = job.jobID
        lock.lock()
        if let running = jobs[id], running.status.state == "running" {
            lock.unlock()
            return running.status
        }
        let status = Status(id: id, state: "running", rows: 0, plannedRows: 0, shards: 0, plannedShards: 0, seconds: 0, error: nil)
        jobs[id] = (job, status)
        lock.unlock()
        job.progressInterval = 0.5
        job.onProgress = { [weak self] p in
            self?.update(id) {
                $0.rows = p.rows
                $0.plannedRows = p.plannedRows
                $0.shards = p.shards
                $0.plannedShards = p.plannedShards
                $0.seconds = p.seconds
            }
        }
        let thread = Thread { [weak self] in
            do {
                let summary = try job.run()
                self?.update(id) {
                    $0.state = "done"
                    $0.rows = summary.tables.reduce(0) { $0 + $1.plannedRows }
                    $0.plannedRows = $0.rows
                    $0.shards = $0.plannedShards
                }
            } catch {
                self?.update(id) {
                    $0.state = job.isCancelled ? "stopped" : "failed"
                    $0.error = "\(error)"
                }
            }
        }
        thread.start()
        return status
    }

    func status(_ id: String) -> Status? {
        lock.lock()
        defer { lock.unlock() }
        return jobs[id]?.status
    }

    /// Stops a running job; nil when there is no such job.
    func stop(_ id: String) -> Status? {
        lock.lock()
        let entry = jobs[id]
        lock.unlock()
        guard let entry else { return nil }
        if entry.status.state == "running" { entry.job.cancel() }
        return status(id)
    }

    private func update(_ id: String, _ change: (inout Status) -> Void) {
        lock.lock()
        if var entry = jobs[id] {
            change(&entry.status)
            jobs[id] = entry
        }
        lock.unlock()
    }
}
