import LoomGen
import LoomSpec
import Testing

/// `histogram` fan-outs and picks: parents carry the histogram's counts in its exact shares.
@Suite struct HistogramTests {
    static let spec = """
        dataset: shop
        tables:
          album:
            rows: 78
            columns:
              id: { type: bigint, gen: sequence, primary_key: true }
          genre:
            rows: 10
            columns:
              id: { type: bigint, gen: sequence, primary_key: true }
          track:
            per_parent: { album: { histogram: { 1: 42, 2: 19, 3: 14, 57: 3 } } }
            columns:
              id: { type: bigint, gen: sequence, primary_key: true }
              album_id: { ref: album.id }
              genre_id: { ref: genre.id, pick: { histogram: { 0: 4, 10: 3, 31: 1, 32: 2 } } }
        """

    /// Children per parent, keyed by parent id, from the generated rows.
    func perParent(_ plan: DatasetPlan, column: Int) throws -> [String: Int] {
        var counts: [String: Int] = [:]
        try plan.generate("track", units: 0..<(try plan.shardUnits("track"))) { frame in counts["\(frame[column])", default: 0] += 1 }
        return counts
    }

    /// Parents per number of children.
    func histogram(_ counts: [String: Int], parents: Int) -> [Int: Int] {
        var h: [Int: Int] = [:]
        for n in counts.values { h[n, default: 0] += 1 }
        h[0, default: 0] += parents - counts.count
        return h.filter { $0.value > 0 }
    }

    @Test func aHistogramFanOutReproducesItsCountsExactly() throws {
        let plan = try DatasetPlan(spec: try TestSupport.spec(Self.spec))
        #expect(try plan.rows("track") == 42 + 38 + 42 + 171)
        #expect(histogram(try perParent(plan, column: 1), parents: 78) == [1: 42, 2: 19, 3: 14, 57: 3])
    }

    @Test func aHistogramPickGivesEachParentItsCount() throws {
        let plan = try DatasetPlan(spec: try TestSupport.spec(Self.spec))
        // 293 rows over 30 + 31 + 64 = 125 slots: each parent gets its count scaled by 293 / 125.
        let counts = try perParent(plan, column: 2)
        #expect(counts.values.reduce(0, +) == 293)
        #expect(counts.count == 6, "4 of the 10 genres have no track")
        let sorted = counts.values.sorted()
        #expect(sorted[0...2].allSatisfy { abs(Double($0) - 10 * 293 / 125.0) <= 1 }, "\(sorted)")
        #expect(sorted[3...5].allSatisfy { abs(Double($0) - 31.5 * 293 / 125.0) <= 2 }, "\(sorted)")
    }

    @Test func aHistogramPickAtTheProfiledSizeIsExact() throws {
        let text = Self.spec.replacingOccurrences(of: "0: 4, 10: 3, 31: 1, 32: 2", with: "0: 4, 21: 3, 50: 2, 130: 1")
        let plan = try DatasetPlan(spec: try TestSupport.spec(text))
        #expect(histogram(try perParent(plan, column: 2), parents: 10) == [0: 4, 21: 3, 50: 2, 130: 1])
    }

    @Test func sharesStayExactAtOtherScales() throws {
        let plan = try DatasetPlan(spec: try TestSupport.spec(Self.spec), scale: 10)
        #expect(try plan.rows("album") == 780)
        #expect(try plan.rows("track") == 2930)
    }

    /// A histogram per case of a parent column: each case's parents carry that case's counts
    /// (drawn from the parents' scrambled places, so the shares within a case are close, not exact).
    @Test func aHistogramPerParentCaseFollowsTheParentsColumn() throws {
        let text = """
            dataset: shop
            tables:
              album:
                rows: 4000
                columns:
                  id: { type: bigint, gen: sequence, primary_key: true }
                  kind: { type: text, gen: { choice: { box_set: 1, single: 3 } } }
              track:
                per_parent: { album: { histogram: { by: kind, box_set: { 20: 1, 40: 1 }, default: { 1: 3, 2: 1 } } } }
                columns:
                  id: { type: bigint, gen: sequence, primary_key: true }
                  album_id: { ref: album.id }
            """
        let plan = try DatasetPlan(spec: try TestSupport.spec(text))
        var kinds: [String: String] = [:]
        try plan.generate("album", units: 0..<(try plan.shardUnits("album"))) { frame in
            if case .text(let t) = frame[1] { kinds["\(frame[0])"] = String(decoding: t, as: UTF8.self) }
        }
        var counts: [String: Int] = [:]
        try plan.generate("track", units: 0..<(try plan.shardUnits("track"))) { frame in counts["\(frame[1])", default: 0] += 1 }
        var byKind: [String: [Int: Int]] = [:]
        for (album, kind) in kinds { byKind[kind, default: [:]][counts[album] ?? 0, default: 0] += 1 }
        let boxSets = byKind["box_set"] ?? [:],
            singles = byKind["single"] ?? [:]
        #expect(Set(boxSets.keys) == [20, 40], "\(boxSets)")
        #expect(Set(singles.keys) == [1, 2], "\(singles)")
        let boxShare = Double(boxSets[20] ?? 0) / Double(boxSets.values.reduce(0, +))
        let singleShare = Double(singles[1] ?? 0) / Double(singles.values.reduce(0, +))
        #expect(abs(boxShare - 0.5) < 0.06, "box sets \(boxSets)")
        #expect(abs(singleShare - 0.75) < 0.04, "singles \(singles)")
        let total = try plan.rows("track")
        #expect(total == UInt64(counts.values.reduce(0, +)))
        let expected: Double = 1000 * 30 + 3000 * 1.25
        let ratio = Double(total) / expected
        #expect(abs(ratio - 1) < 0.05, "\(total) rows, expected about \(expected)")
    }

    @Test func histogramsAreCheckedWhereTheyAreWritten() throws {
        func error(_ text: String) -> String? {
            do { _ = try SpecLoader.load(text: text, file: "h.yaml"); return nil } catch { return error.errors.first?.description }
        }
        let column = Self.spec.replacingOccurrences(
            of: "id: { type: bigint, gen: sequence, primary_key: true }\n  genre:",
            with: "id: { type: bigint, gen: { histogram: { 1: 2 } }, primary_key: true }\n  genre:")
        #expect(error(column)?.contains("histogram is a per_parent count") == true, "\(error(column) ?? "accepted")")
        let negative = Self.spec.replacingOccurrences(of: "{ 1: 42,", with: "{ -1: 42,")
        #expect(
            error(negative)?.contains("h.yaml:12:41:") == true && error(negative)?.contains("must not be negative") == true,
            "\(error(negative) ?? "accepted")")
        let zero = Self.spec.replacingOccurrences(of: "2: 19,", with: "2: 0,")
        #expect(error(zero)?.contains("must be positive") == true)
        let by = Self.spec.replacingOccurrences(
            of: "{ histogram: { 1: 42, 2: 19, 3: 14, 57: 3 } }", with: "{ histogram: { by: id, 1: { 2: 1 }, default: { 0: 1 } } }")
        #expect(error(by) == nil, "a histogram per case of the parent row: \(error(by) ?? "")")
        let badCase = Self.spec.replacingOccurrences(
            of: "{ histogram: { 1: 42, 2: 19, 3: 14, 57: 3 } }", with: "{ histogram: { by: id, 1: { 2: -1 } } }")
        #expect(error(badCase)?.contains("must be positive") == true, "\(error(badCase) ?? "accepted")")
        let pick = Self.spec.replacingOccurrences(
            of: "pick: { histogram: { 0: 4, 10: 3, 31: 1, 32: 2 } }", with: "pick: { histogram: [1, 2] }")
        #expect(error(pick)?.contains("histogram needs a mapping") == true, "\(error(pick) ?? "accepted")")
    }
}
