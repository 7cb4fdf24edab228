import Foundation
import LoomLoad
import LoomProtocol
import LoomStats

/// One run of the coordinator's loop: it feeds the session what the socket receives, the ledger
/// rows the verifier reads and the passing of time, and performs the actions that come back
/// (sends, progress, events, log lines) until the session says the job is finished or failed.
final class CoordinatorRun {
    private let endpoint: CoordinatorEndpoint
    private(set) var session: CoordinatorSession
    private var progress: JobProgress
    private(set) var summary: Coordinator.Summary
    private let verifier: ResultVerifier?
    private let driftPlan: String
    private let started: Double
    private let report: @Sendable (String) -> Void

    init(
        endpoint: CoordinatorEndpoint, session: CoordinatorSession, progress: JobProgress, summary: Coordinator.Summary,
        verifier: ResultVerifier?, driftPlan: String, started: Double, report: @escaping @Sendable (String) -> Void
    ) {
        self.endpoint = endpoint
        self.session = session
        self.progress = progress
        self.summary = summary
        self.verifier = verifier
        self.driftPlan = driftPlan
        self.started = started
        self.report = report
    }

    private func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

    /// Runs until every shard is committed (success) or a shard is poisoned (the error).
    func serve() -> Result<Void, LoadError> {
        var outcome: Result<Void, LoadError>? = nil
        while outcome == nil {
            var actions: [CoordinatorSession.Action] = []
            let wait = verifier?.isIdle == false ? 0 : 20
            do {
                for (peer, frame) in try endpoint.receive(waitMilliseconds: wait) { actions += received(peer, frame) }
            } catch {
                return .failure(error as? LoadError ?? LoadError("ZeroMQ: \(error)"))
            }
            for (done, worker, row) in verifier?.lookUp(now: now()) ?? [] {
                actions += session.verified(done, worker: worker, ledger: row, now: now())
            }
            actions += session.tick(now: now())
            for action in actions {
                if let end = perform(action) { outcome = end }
            }
            endpoint.flush()
        }
        summary.attempts = session.attempts
        summary.workers = progress.workerCount
        return outcome!
    }

    private func received(_ peer: String, _ frame: Result<WireMessage, WireError>) -> [CoordinatorSession.Action] {
        switch frame {
        case .success(let message):
            progress.heard(from: peer, message, now: now())
            return session.received(peer: peer, message: message, now: now())
        case .failure(.unsupportedVersion(let v)) where v < WireMessage.version:
            let reason =
                "this coordinator speaks protocol version \(WireMessage.version) but the worker speaks \(v); run the same loom build everywhere"
            endpoint.sendRaw(to: peer, WireMessage.legacyRefusal(reason, version: v))
            report("refused \(Sanitized.text(peer)): protocol version \(v)")
        case .failure(let error):
            report("dropped a message from \(Sanitized.text(peer)): \(error)")
        }
        return []
    }

    /// Performs one action; returns the job's outcome when the action ends the loop.
    private func perform(_ action: CoordinatorSession.Action) -> Result<Void, LoadError>? {
        switch action {
        case .send(let peer, let message): endpoint.send(to: peer, message)
        case .verify(let done, let worker): verifier?.enqueue(done, worker: worker)
        case .committed(let d, let worker):
            summary.shardsThisRun += 1
            summary.rows = summary.rows.addingReportingOverflow(d.rows).overflow ? Int64.max : summary.rows + d.rows
            progress.committed(d, by: worker)
            endpoint.publish(
                .shard(
                    job: session.job, table: d.shard.table, index: d.shard.index, rows: d.rows, bytes: d.bytes,
                    worker: Sanitized.text(worker),
                    sketch: d.sketch, seconds: d.seconds))
        case .log(let line): report(line)
        case .publishStatus: publishStatus()
        case .publishDrift: publishDrift()
        case .reportProgress:
            let c = session.table.counts
            report("progress: \(c.committed)/\(session.table.total) shards committed, \(c.leased) leased, \(session.connected) workers")
        case .finished: return .success(())
        case .failed(let message): return .failure(LoadError(message))
        }
        return nil
    }

    private func publishStatus() {
        endpoint.publish(.status(progress.status(session: session, seconds: now() - started, now: now())))
    }

    private func publishDrift() {
        let sketches = String(decoding: (try? JSONEncoder().encode(progress.sketchList)) ?? Data(), as: UTF8.self)
        endpoint.publish(.drift(job: session.job, plan: driftPlan, sketches: sketches))
    }

    /// The last status and drift, the end of the job, and `finish` to every worker.
    func end(ok: Bool, message: String) {
        summary.attempts = session.attempts
        publishStatus()
        publishDrift()
        endpoint.publish(.finished(job: session.job, ok: ok, message: message))
        endpoint.serveFinish(for: ok ? 1.0 : 0.5, known: session.peers)
    }
}
