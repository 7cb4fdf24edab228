@preconcurrency import Glibc
import ArgumentParser
import Foundation
import LoomGen
import LoomLive
import LoomPostgres
import LoomSpec

extension StreamCommand {
    /// A stream into PostgreSQL: a recorded stream of the same tables continues, otherwise a new
    /// one starts after the rows already in the tables.
    func databaseStream(_ spec: Spec, _ setup: StreamSetup, _ p: Parsed) throws -> LiveStream {
        let conninfo = try database.resolve()
        let schema = database.schema
        let connection = try PostgresConnection(conninfo, applicationName: "loom stream")
        let ledger = StreamLedger(connection)
        try ledger.prepare()
        let target = StreamTarget(connection: connection, schema: schema)
        let created = try target.createMissingTables(spec)
        if !created.isEmpty { fputs("loom stream: created \(created.joined(separator: ", ")) in \(schema)\n", stderr) }
        let id = StreamTarget.streamID(dataset: spec.dataset, schema: schema, tables: setup.tables, shard: p.shard)
        var record = try ledger.record(id)
        if let r = record, restart || r.timeline.end.map({ r.watermark >= $0 }) == true { record = nil }
        let fixed = spec.tables.filter { if case .fixed = $0.rows { return true } else { return false } }.map(\.name)
        var counts = try target.rowCounts(fixed)
        func fresh() throws -> StreamLedger.Record {
            let now = try target.rowCounts(setup.roots)
            return StreamLedger.Record(
                id: id, dataset: spec.dataset, tables: setup.tables, timeline: timeline(p), rate: virtualRate(spec, setup, p),
                firstRows: Dictionary(uniqueKeysWithValues: setup.roots.map { ($0, now[$0] ?? 0) }), watermark: p.start - 1, rows: 0)
        }
        let r: StreamLedger.Record
        if let record {
            r = record
        } else if p.shard.count > 1 {
            // Shares agree on where the roots start and on the timeline: the first one records them.
            let family = StreamTarget.streamID(dataset: spec.dataset, schema: schema, tables: setup.tables) + "#shared"
            r = try ledger.join(family: family, share: id, make: fresh)
        } else {
            r = try fresh()
            try ledger.insert(r)
        }
        for (t, n) in r.firstRows { counts[t] = n }
        let overrides = counts.mapValues { Int64($0) }
        let scale = size.scale
        func makePlan(_ anchors: [TimeAnchor]) throws -> DatasetPlan {
            do {
                return try DatasetPlan(spec: spec, scale: scale, rowOverrides: overrides, anchors: anchors)
            } catch {
                throw Failure(error.description)
            }
        }
        let sink = PostgresStreamSink(conninfo: conninfo, connection: connection, stream: id, spec: spec, schema: schema)
        let live = try LiveStream(
            id: id, spec: spec, setup: setup, firstRows: r.firstRows, timeline: r.timeline, rate: r.rate,
            shaped: r.timeline.speed != 1 || speed != nil, sink: sink, shard: (p.shard.index - 1, p.shard.count), makePlan: makePlan)
        if record == nil {
            try warnAboutChildKeys(spec, setup, live.plan, target)
        } else {
            fputs("loom stream: continuing stream \(id) after \(r.rows) rows, at \(LiveStream.format(r.watermark))\n", stderr)
            live.replay(to: r.watermark)
        }
        return live
    }

    /// Child rows are numbered after the rows the spec gives the loaded parents: say so when a
    /// streamed child table holds a different number, since its keys may then collide.
    private func warnAboutChildKeys(_ spec: Spec, _ setup: StreamSetup, _ plan: DatasetPlan, _ target: StreamTarget) throws {
        let children = setup.tables.filter { spec.table($0)?.parent != nil }
        let counts = try target.rowCounts(children)
        for t in children {
            let planned = try plan.rows(t)
            if let n = counts[t], n > planned {
                fputs(
                    "loom stream: warning: \(t) holds \(n) rows, more than the \(planned) the spec numbers for the parent rows loaded; its streamed keys continue from \(planned) and may collide\n",
                    stderr)
            }
        }
    }

    /// Serves `/metrics` and `/api/status` of the stream with --listen.
    func serveStatus(_ status: StreamStatus) throws {
        guard let listen else { return }
        let parts = listen.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, let port = Int(parts[1]), (0...65535).contains(port) else {
            throw Failure("--listen must be HOST:PORT, found '\(listen)'")
        }
        let host = String(parts[0])
        Task.detached {
            do {
                try await StreamStatusServer(status: status, host: host, port: port).run { bound in
                    fputs("loom stream: http://\(host):\(bound)/metrics (status at /api/status)\n", stderr)
                }
            } catch {
                Terminal.error("stream cannot serve on \(listen): \(error)")
                Glibc.exit(1)
            }
        }
    }
}
