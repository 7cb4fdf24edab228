import Foundation
import LoomGen
import LoomSpec
import Testing

/// Invariant 1: values are pure functions of (seed, table, column, row), whatever the shards.
@Suite struct DeterminismTests {
    @Test(arguments: [1, 7, 64])
    func concatenatedShardsEqualTheWhole(shards: Int) throws {
        let spec = try TestSupport.spec(TestSupport.allGenerators)
        let plan = try DatasetPlan(spec: spec)
        for table in ["users", "orders", "sessions", "events"] {
            for format in OutputFormat.allCases {
                let whole = try TestSupport.output(plan, table, format: format)
                var joined: [UInt8] = []
                for k in 1...shards {
                    let shardPlan = try DatasetPlan(spec: spec)
                    joined += try TestSupport.output(shardPlan, table, format: format,
                                                     shard: .init(index: UInt64(k), count: UInt64(shards)))
                }
                #expect(joined == whole, "table \(table), format \(format.rawValue), \(shards) shards")
                #expect(whole.count > 100)
            }
        }
    }

    @Test func rowsBeyond32BitOffsetsAreIndependentOfSplitting() throws {
        let spec = try TestSupport.spec("""
        dataset: big
        tables:
          t:
            rows: 10_000_000_000
            columns:
              id:   { type: bigint, gen: sequence }
              v:    { type: bigint, gen: { uniform: { min: 0, max: 1000000000 } } }
              code: { type: text, gen: { pattern: "[A-Z]{4}[0-9]{6}" }, unique: true }
              u:    { type: uuid, gen: uuid }
        """)
        let plan = try DatasetPlan(spec: spec)
        func rows(_ r: Range<UInt64>) throws -> [[String]] {
            var out: [UInt8] = []
            let sink = ByteSink { out.append(contentsOf: $0) }
            let enc = OutputFormat.copy.encoder(for: spec.tables[0])
            try plan.generate("t", units: r) { enc.encode($0, sink) }
            try sink.flush()
            return TestSupport.rows(out)
        }
        for base in [UInt64(1) << 31, UInt64(1) << 32, (UInt64(1) << 33) + 12345] {
            let whole = try rows((base - 5)..<(base + 5))
            let split = try rows((base - 5)..<base) + rows(base..<(base + 5))
            #expect(whole == split)
            #expect(whole[5][0] == String(base + 1))
            if base >= UInt64(1) << 32 {
                let low = try rows((base & 0xFFFF_FFFF)..<((base & 0xFFFF_FFFF) + 1))
                #expect(low[0][1] != whole[5][1] && low[0][2] != whole[5][2] && low[0][3] != whole[5][3],
                        "row \(base) repeats row \(base & 0xFFFF_FFFF)")
            }
        }
    }

    @Test func addingAColumnLeavesOtherColumnsUnchanged() throws {
        let base = """
        dataset: d
        seed: 3
        tables:
          t:
            rows: 3000
            columns:
              id:    { type: bigint, gen: sequence }
              name:  { type: text, gen: { dict: first_names } }
              score: { type: double precision, gen: { normal: { mean: 0, sd: 1 } } }
              email: { type: text, gen: { email: [name] }, unique: true }
        """
        let extended = base.replacingOccurrences(
            of: "      score:",
            with: "      extra: { type: integer, gen: { poisson: 5 }, null_rate: 0.2 }\n      score:")
        let a = try TestSupport.spec(base), b = try TestSupport.spec(extended)
        #expect(b.tables[0].columns.count == 5)
        let ra = TestSupport.rows(try TestSupport.output(try DatasetPlan(spec: a), "t", format: .copy))
        let rb = TestSupport.rows(try TestSupport.output(try DatasetPlan(spec: b), "t", format: .copy))
        #expect(ra.count == 3000 && rb.count == 3000)
        let bIndex = b.tables[0].columns.map(\.name)
        for (i, name) in a.tables[0].columns.map(\.name).enumerated() {
            let j = bIndex.firstIndex(of: name)!
            #expect(ra.map { $0[i] } == rb.map { $0[j] }, "column \(name) changed when a column was added")
        }
    }

    @Test func seedChangesTheData() throws {
        var spec = try SpecLoader.load(path: TestSupport.root.appendingPathComponent("Configs/users.yaml").path)
        let a = try TestSupport.output(try DatasetPlan(spec: spec, rowOverrides: ["users": 100]), "users", format: .copy)
        spec.seed = 43
        let b = try TestSupport.output(try DatasetPlan(spec: spec, rowOverrides: ["users": 100]), "users", format: .copy)
        #expect(a != b)
    }
}

/// The same invariant for the realistic-data features and the example datasets.
@Suite struct RealisticDeterminismTests {
    /// Small row counts for the fixed-size tables of each example spec.
    static let configs: [(file: String, rows: [String: Int64])] = [
        ("Configs/ecommerce.yaml", ["users": 150, "products": 60, "reviews": 120]),
        ("Configs/banking.yaml", ["customers": 12]),
        ("Configs/iot.yaml", ["devices": 6]),
    ]

    static func check(_ spec: Spec, rows: [String: Int64], shards: Int) throws {
        let plan = try DatasetPlan(spec: spec, rowOverrides: rows)
        for table in spec.tables.map(\.name) {
            for format in OutputFormat.allCases {
                let whole = try TestSupport.output(plan, table, format: format)
                var joined: [UInt8] = []
                for k in 1...shards {
                    let shardPlan = try DatasetPlan(spec: spec, rowOverrides: rows)
                    joined += try TestSupport.output(shardPlan, table, format: format,
                                                     shard: .init(index: UInt64(k), count: UInt64(shards)))
                }
                #expect(joined == whole, "\(spec.dataset): table \(table), format \(format.rawValue), \(shards) shards")
                #expect(whole.count > 100, "\(spec.dataset): table \(table) is nearly empty")
            }
        }
    }

    @Test(arguments: [1, 7, 64])
    func everyRealisticFeatureIsIndependentOfSharding(shards: Int) throws {
        try Self.check(try TestSupport.spec(RealisticSpecs.everything), rows: ["users": 300, "reviews": 200], shards: shards)
    }

    @Test(arguments: [1, 7, 64])
    func exampleDatasetsAreIndependentOfSharding(shards: Int) throws {
        for (file, rows) in Self.configs {
            let spec = try SpecLoader.load(path: TestSupport.root.appendingPathComponent(file).path)
            try Self.check(spec, rows: rows, shards: shards)
        }
    }
}
