import LoomGen
import LoomSpec
import Testing

/// `pick: distinct` (link tables whose pair is the key) and `pick: { tree }` (hierarchies within
/// one table).
@Suite struct HierarchyAndLinkPickTests {
    static let spec = """
        dataset: music
        tables:
          playlist:
            rows: 300
            columns:
              id: { type: bigint, gen: sequence, primary_key: true }
          track:
            rows: 50
            columns:
              id: { type: bigint, gen: { sequence: { start: 1000 } }, primary_key: true }
          playlist_track:
            per_parent: { playlist: { uniform: { min: 0, max: 50 } } }
            columns:
              playlist_id: { ref: playlist.id }
              track_id: { ref: track.id, pick: distinct }
          employee:
            rows: 1000
            columns:
              id: { type: integer, gen: { sequence: { start: 7, step: 3 } }, primary_key: true }
              boss: { ref: employee.id, pick: { tree: { fanout: 4, roots: 2 } } }
        """

    func rows(_ plan: DatasetPlan, _ table: String) throws -> [[Value]] {
        var out: [[Value]] = []
        try plan.generate(table, units: 0..<(try plan.shardUnits(table))) { f in out.append((0..<f.count).map { f[$0] }) }
        return out
    }

    @Test func aDistinctPickNeverRepeatsAPairAndSpreadsOverTheTarget() throws {
        let plan = try DatasetPlan(spec: try TestSupport.spec(Self.spec))
        let rows = try rows(plan, "playlist_track")
        let pairs = rows.map { "\($0[0])/\($0[1])" }
        #expect(rows.count > 3000)
        #expect(Set(pairs).count == pairs.count, "a playlist never holds the same track twice")
        let tracks = Set(rows.map { "\($0[1])" })
        #expect(tracks.count == 50, "every track is used: \(tracks.count)")
        // Playlists with all 50 tracks and with a few do not all start with the same track.
        let firsts = Set(Dictionary(grouping: rows, by: { "\($0[0])" }).values.map { "\($0[0][1])" })
        #expect(firsts.count > 20)
    }

    @Test func aTreeRefersToEarlierRowsOnlyWithItsFanOutAndDepth() throws {
        let plan = try DatasetPlan(spec: try TestSupport.spec(Self.spec))
        let rows = try rows(plan, "employee")
        var row: [String: Int] = [:]
        for (i, r) in rows.enumerated() { row["\(r[0])"] = i }
        var children: [Int: Int] = [:]
        var depth = [Int](repeating: 0, count: rows.count)
        for (i, r) in rows.enumerated() {
            if i < 2 {
                if case .null = r[1] {} else { Issue.record("row \(i) is a root, but refers to \(r[1])") }
                continue
            }
            let parent = try #require(row["\(r[1])"], "row \(i) refers to an existing key")
            #expect(parent < i, "row \(i) refers to an earlier row")
            children[parent, default: 0] += 1
            depth[i] = depth[parent] + 1
        }
        #expect(children.values.max() == 4)
        #expect(depth.max()! <= 6, "depth about log4(1000/2)")
        #expect(depth.max()! >= 4)
    }

    @Test func aDistinctHistogramKeepsTheSkewAndNeverRepeatsAPair() throws {
        let yaml = Self.spec.replacingOccurrences(
            of: "track_id: { ref: track.id, pick: distinct }",
            with: "track_id: { ref: track.id, pick: { histogram: { 10: 40, 150: 10 }, distinct: true } }"
        ).replacingOccurrences(of: "{ uniform: { min: 0, max: 50 } }", with: "{ uniform: { min: 0, max: 12 } }")
        let plan = try DatasetPlan(spec: try TestSupport.spec(yaml))
        let rows = try rows(plan, "playlist_track")
        #expect(Set(rows.map { "\($0[0])/\($0[1])" }).count == rows.count, "no playlist holds a track twice")
        var perTrack: [String: Int] = [:]
        for r in rows { perTrack["\(r[1])", default: 0] += 1 }
        let heavy = perTrack.values.sorted(by: >).prefix(10).reduce(0, +)
        // The histogram gives the ten heavy tracks 79% of the slots, a uniform pick 20% of the rows;
        // playlists with more children than the stride keeps apart draw uniformly, so the skew is
        // kept in part.
        #expect(Double(heavy) / Double(rows.count) > 0.35, "the ten busiest tracks keep far more than a uniform share")
    }

    @Test func picksLeaveTheValuesOfOtherColumnsAlone() throws {
        let plain = Self.spec.replacingOccurrences(of: ", pick: distinct", with: "")
        let a = try rows(try DatasetPlan(spec: try TestSupport.spec(Self.spec)), "playlist_track")
        let b = try rows(try DatasetPlan(spec: try TestSupport.spec(plain)), "playlist_track")
        #expect(a.map { "\($0[0])" } == b.map { "\($0[0])" })
        #expect(a.map { "\($0[1])" } != b.map { "\($0[1])" })
    }
}
