import Foundation
import LoomGen
import LoomSpec

/// Everything a cluster worker needs to generate a job's shards exactly as the coordinator
/// planned them: the spec text and the sizing that, with it, names the job.
public struct JobDescriptor: Codable, Sendable, Equatable {
    public var job: String
    public var specFile: String
    public var specText: String
    public var seed: UInt64
    public var scale: Double?
    public var rowOverrides: [String: Int64]
    public var shardRows: UInt64
    public var schema: String
    /// `postgres` (load the rows) or `null` (generate and discard them, to measure the cluster).
    public var sink: Sink = .postgres

    public init(spec: Spec, options: LoadOptions, sink: Sink = .postgres) {
        self.sink = sink
        job = options.jobID(spec)
        specFile = spec.file
        specText = spec.text
        seed = spec.seed
        scale = options.scale
        rowOverrides = options.rowOverrides
        shardRows = options.shardRows
        schema = options.schema
    }

    /// The spec and load options this descriptor stands for; fails if the worker computes
    /// another job id (a different Loom build reading the spec differently).
    public func materialize(connections: Int = 1) throws -> (Spec, LoadOptions) {
        var spec: Spec
        do {
            spec = try SpecLoader.load(text: specText, file: specFile)
        } catch {
            throw LoadError("the coordinator's spec does not load here", underlying: error)
        }
        spec.seed = seed
        let options = LoadOptions(connections: connections, schema: schema, shardRows: shardRows, scale: scale, rowOverrides: rowOverrides)
        guard options.jobID(spec) == job else {
            throw LoadError(
                "this worker computes job \(options.jobID(spec)) for the coordinator's job \(job); run the same loom build everywhere")
        }
        return (spec, options)
    }

    public func encoded() -> String {
        let e = JSONEncoder()
        e.outputFormatting = .sortedKeys
        return String(decoding: (try? e.encode(self)) ?? Data(), as: UTF8.self)
    }

    public static func decode(_ text: String) throws -> JobDescriptor {
        do {
            return try JSONDecoder().decode(JobDescriptor.self, from: Data(text.utf8))
        } catch {
            throw LoadError("malformed job description from the coordinator", underlying: error)
        }
    }
}
