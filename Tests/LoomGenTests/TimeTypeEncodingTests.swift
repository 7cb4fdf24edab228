import LoomGen
import LoomSpec
import Testing

/// `interval`, `time` and `timetz`: parsing in specs and the text and binary encodings.
@Suite struct TimeTypeEncodingTests {
    static func text(_ v: Value, zone: StaticString? = nil) -> String {
        var buf = [UInt8](repeating: 0, count: TextFormat.maxScalarWidth)
        let n = buf.withUnsafeMutableBufferPointer { TextFormat.writeScalar(v, timestampZone: zone, $0.baseAddress!) }
        return String(decoding: buf[0..<n], as: UTF8.self)
    }

    @Test func intervalsPrintAsPostgreSQLDoes() {
        let hour: Int64 = 3_600_000_000, day = CivilTime.microsPerDay
        #expect(Self.text(.interval(0)) == "00:00:00")
        #expect(Self.text(.interval(day)) == "1 day")
        #expect(Self.text(.interval(3 * day + 2 * hour + 500_000)) == "3 days 02:00:00.5")
        #expect(Self.text(.interval(-day - 20 * hour)) == "-1 days -20:00:00")
        #expect(Self.text(.interval(-90 * 60_000_000)) == "-01:30:00")
        #expect(Self.text(.time(8 * hour + 1)) == "08:00:00.000001")
        #expect(Self.text(.time(day), zone: "+00") == "24:00:00+00")
    }

    @Test func intervalAndTimeTextParses() {
        #expect(CivilTime.parseInterval("90") == 90_000_000)
        #expect(CivilTime.parseInterval("1 hour") == 3_600_000_000)
        #expect(CivilTime.parseInterval("2 days 04:00:00") == 2 * CivilTime.microsPerDay + 4 * 3_600_000_000)
        #expect(CivilTime.parseInterval("-15 min") == -900_000_000)
        #expect(CivilTime.parseInterval("1.5 weeks") == CivilTime.microsPerDay * 21 / 2)
        #expect(CivilTime.parseInterval("3 months") == nil)
        #expect(CivilTime.parseInterval("hour") == nil)
        #expect(CivilTime.parseTimeOfDay("08:30") == 30_600_000_000)
        #expect(CivilTime.parseTimeOfDay("24:00:00") == CivilTime.microsPerDay)
        #expect(CivilTime.parseTimeOfDay("24:00:01") == nil)
        #expect(CivilTime.parseTimeOfDay("8:3") == nil)
        #expect(SQLType(parsing: "time with time zone") == .timetz)
        #expect(SQLType(parsing: "Interval") == .interval)
    }

    @Test func binaryFieldsAreWhatPostgreSQLReads() throws {
        let spec = try TestSupport.spec(
            """
            dataset: b
            tables:
              t:
                rows: 1
                columns:
                  i:  { type: interval, gen: { constant: "-1 days -00:00:01" } }
                  t:  { type: time, gen: { constant: "00:00:01" } }
                  z:  { type: timetz, gen: { constant: "00:00:02" } }
            """)
        let plan = try DatasetPlan(spec: spec)
        let out = try TestSupport.output(plan, "t", format: .copyBinary)
        let row = Array(out[19..<(out.count - 2)])
        let micros: Int64 = -CivilTime.microsPerDay - 1_000_000
        let (days, time) = (micros / CivilTime.microsPerDay, micros % CivilTime.microsPerDay)
        var want: [UInt8] = [0, 3, 0, 0, 0, 16]
        want += withUnsafeBytes(of: UInt64(bitPattern: time).bigEndian, Array.init)
        want += withUnsafeBytes(of: UInt32(bitPattern: Int32(days)).bigEndian, Array.init) + [0, 0, 0, 0]
        want += [0, 0, 0, 8] + withUnsafeBytes(of: UInt64(1_000_000).bigEndian, Array.init)
        want += [0, 0, 0, 12] + withUnsafeBytes(of: UInt64(2_000_000).bigEndian, Array.init) + [0, 0, 0, 0]
        #expect(row == want)
        let text = TestSupport.rows(try TestSupport.output(plan, "t", format: .copy))
        #expect(text == [["-1 days -00:00:01", "00:00:01", "00:00:02+00"]])
        let json = String(decoding: try TestSupport.output(plan, "t", format: .jsonl), as: UTF8.self)
        #expect(json == #"{"i":"-1 days -00:00:01","t":"00:00:01","z":"00:00:02+00"}"# + "\n")
    }

    @Test func timeAndIntervalRangesStayInBounds() throws {
        let spec = try TestSupport.spec(
            """
            dataset: r
            tables:
              t:
                rows: 2000
                columns:
                  at:   { type: time, gen: { time: { from: "08:00", to: "18:00" } } }
                  took: { type: interval, gen: { interval: { min: 1 hour, max: 2 days } }, unique: true }
                  secs: { type: interval, gen: { uniform: { min: 0, max: 59 } } }
            """)
        let rows = TestSupport.rows(try TestSupport.output(try DatasetPlan(spec: spec), "t", format: .copy))
        #expect(rows.count == 2000)
        #expect(rows.allSatisfy { $0[0] >= "08:00:00" && $0[0] <= "18:00:00" })
        #expect(Set(rows.map { $0[1] }).count == 2000)
        #expect(rows.allSatisfy { $0[2].hasPrefix("00:00:") })
    }
}
