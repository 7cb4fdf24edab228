import Foundation
@testable import LoomGen
import LoomSpec
import Testing

@Suite struct PermutationTests {
    @Test(arguments: [1, 2, 3, 10, 255, 256, 1000, 65_537])
    func isABijection(count: Int) {
        let p = Permutation(count: UInt64(count), key: 99)
        var seen = Set<UInt64>()
        for i in 0..<UInt64(count) {
            let y = p.permute(i)
            #expect(y < UInt64(count))
            seen.insert(y)
        }
        #expect(seen.count == count)
    }

    @Test func scramblesTheOrder() {
        let p = Permutation(count: 1000, key: 5)
        let image = (0..<1000).map { p.permute(UInt64($0)) }
        #expect(image != (0..<1000).map(UInt64.init))
    }
}

@Suite struct DistributionTests {
    func sample(_ n: Int, _ f: (UInt64) -> Double) -> (mean: Double, variance: Double) {
        var sum = 0.0, sq = 0.0
        for i in 0..<n { let x = f(UInt64(i)); sum += x; sq += x * x }
        let m = sum / Double(n)
        return (m, sq / Double(n) - m * m)
    }

    @Test func normalHasItsMoments() {
        let (m, v) = sample(200_000) { Distributions.standardNormal(11, $0) }
        #expect(abs(m) < 0.01)
        #expect(abs(v - 1) < 0.02)
    }

    @Test(arguments: [0.5, 4.0, 29.0, 30.0, 250.0, 10_000.0])
    func poissonMeanAndVarianceEqualLambda(lambda: Double) {
        let (m, v) = sample(100_000) { Double(Distributions.poisson(3, $0, lambda: lambda)) }
        #expect(abs(m - lambda) < 0.02 * lambda + 0.02)
        #expect(abs(v - lambda) < 0.05 * lambda + 0.05)
    }

    @Test func geometricMean() {
        let p = 0.3
        let (m, _) = sample(100_000) { Double(Distributions.geometric(5, $0, p: p)) }
        #expect(abs(m - (1 - p) / p) < 0.05)
    }

    @Test func zipfFavoursLowRanksInTheRightProportion() {
        let z = ZipfSampler(n: 100, s: 1.0)
        var counts = [Int](repeating: 0, count: 101)
        for i in 0..<200_000 { counts[Int(z.sample(9, UInt64(i)))] += 1 }
        #expect(counts[0] == 0)
        let ratio = Double(counts[1]) / Double(counts[2])
        #expect(abs(ratio - 2) < 0.1, "P(1)/P(2) should be 2 for s = 1, got \(ratio)")
    }

    @Test func aliasTableFollowsWeights() {
        let t = AliasTable(weights: [1, 3, 6])
        var counts = [0, 0, 0]
        for i in 0..<100_000 { counts[t.pick(CounterRNG.bits(1, UInt64(i)))] += 1 }
        #expect(abs(Double(counts[0]) / 100_000 - 0.1) < 0.01)
        #expect(abs(Double(counts[2]) / 100_000 - 0.6) < 0.01)
    }
}

@Suite struct FormatTests {
    func text(_ f: (UnsafeMutablePointer<UInt8>) -> Int) -> String {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { b in
            String(decoding: UnsafeBufferPointer(rebasing: b[0..<f(b.baseAddress!)]), as: UTF8.self)
        }
    }

    @Test func numbersAndTimes() {
        #expect(text { TextFormat.writeInt(-9_223_372_036_854_775_807 - 1, $0) } == "-9223372036854775808")
        #expect(text { TextFormat.writeInt(0, $0) } == "0")
        #expect(text { TextFormat.writeDecimal(-5, scale: 2, $0) } == "-0.05")
        #expect(text { TextFormat.writeDecimal(123_456, scale: 3, $0) } == "123.456")
        #expect(text { TextFormat.writeDate(0, $0) } == "1970-01-01")
        #expect(text { TextFormat.writeDate(CivilTime.parseDate("2024-02-29")!, $0) } == "2024-02-29")
        #expect(text { TextFormat.writeTimestamp(CivilTime.parseTimestamp("2021-03-04T05:06:07.25Z")!, zone: "+00", separator: 32, $0) } == "2021-03-04 05:06:07.25+00")
        #expect(text { TextFormat.writeTimestamp(-1, zone: nil, separator: 32, $0) } == "1969-12-31 23:59:59.999999")
        #expect(text { TextFormat.writeUUID(0x0123_4567_89AB_CDEF, 0xFEDC_BA98_7654_3210, $0) } == "01234567-89ab-cdef-fedc-ba9876543210")
    }

    /// What fuzzing the COPY text and CSV encoders found: years before 1 AD, scales beyond 18
    /// digits, and a lone `\.` value, each written as PostgreSQL reads it back.
    @Test func edgesFoundByFuzzing() {
        let year0 = CivilTime.days(year: 0, month: 3, day: 1)
        #expect(text { TextFormat.writeDate(year0, $0) } == "0001-03-01 BC")
        #expect(text { TextFormat.writeDate(CivilTime.days(year: -43, month: 3, day: 15), $0) } == "0044-03-15 BC")
        #expect(text { TextFormat.writeDate(CivilTime.days(year: 1, month: 1, day: 1), $0) } == "0001-01-01")
        #expect(text { TextFormat.writeTimestamp(year0 * CivilTime.microsPerDay + 1_000_000, zone: "+00", separator: 32, $0) } == "0001-03-01 00:00:01+00 BC")
        #expect(text { TextFormat.writeDecimal(123, scale: 25, $0) } == "123e-25")
        #expect(text { TextFormat.writeDecimal(-9_223_372_036_854_775_807 - 1, scale: 999, $0) } == "-9223372036854775808e-999")
        #expect(text { TextFormat.writeDecimal(5, scale: 18, $0) } == "0.000000000000000005")
        let lone = Array("\\.".utf8)
        let field = withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 16) { b in
            lone.withUnsafeBufferPointer { t in String(decoding: UnsafeBufferPointer(rebasing: b[0..<CSVEncoder.field(t, b.baseAddress!)]), as: UTF8.self) }
        }
        #expect(field == "\"\\.\"")
    }

    @Test func civilRoundTrip() {
        for d in stride(from: Int64(-800_000), to: 800_000, by: 997) {
            let (y, m, day) = CivilTime.civil(fromDays: d)
            #expect(CivilTime.days(year: y, month: m, day: day) == d)
        }
    }

    @Test func copyTextEscapesAndCSVQuotes() throws {
        let spec = try TestSupport.spec("""
        dataset: esc
        tables:
          t:
            rows: 1
            columns:
              a: { type: text, gen: { constant: "tab\\there, \\"q\\"\\\\" } }
              b: { type: text, gen: { constant: "" } }
              c: { type: integer, gen: { constant: 1 }, null_rate: 0.999999 }
        """)
        let plan = try DatasetPlan(spec: spec)
        let copy = String(decoding: try TestSupport.output(plan, "t", format: .copy), as: UTF8.self)
        #expect(copy == "tab\\there, \"q\"\\\\\t\t\\N\n")
        let csv = String(decoding: try TestSupport.output(plan, "t", format: .csv), as: UTF8.self)
        #expect(csv == "a,b,c\n\"tab\there, \"\"q\"\"\\\",\"\",\n")
        let json = String(decoding: try TestSupport.output(plan, "t", format: .jsonl), as: UTF8.self)
        #expect(json == "{\"a\":\"tab\\there, \\\"q\\\"\\\\\",\"b\":\"\",\"c\":null}\n")
    }

    @Test func binaryNumericLayout() {
        let enc = CopyBinaryEncoder(table: TableSpec(name: "t", rows: .fixed(0), columns: [], location: .init(file: "", line: 1, column: 1)))
        func bytes(_ u: Int64, _ s: Int) -> [UInt8] {
            var out: [UInt8] = []
            let sink = ByteSink { out += $0 }
            enc.putNumeric(u, scale: s, sink)
            try? sink.flush()
            return out
        }
        // 12345.67 → digits [1, 2345, 6700], weight 1, dscale 2
        #expect(bytes(1_234_567, 2) == [0, 0, 0, 14, 0, 3, 0, 1, 0, 0, 0, 2, 0, 1, 0x09, 0x29, 0x1A, 0x2C])
        // -0.05 → digits [500], weight -1, negative
        #expect(bytes(-5, 2) == [0, 0, 0, 10, 0, 1, 0xFF, 0xFF, 0x40, 0, 0, 2, 0x01, 0xF4])
        // 0 → no digits
        #expect(bytes(0, 2) == [0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 2])
    }
}

@Suite struct ExpressionTests {
    func eval(_ expr: String, columns: String = "") throws -> String {
        let spec = try TestSupport.spec("""
        dataset: e
        tables:
          t:
            rows: 1
            columns:
              q:  { type: integer, gen: { constant: 3 } }
              p:  { type: "numeric(8,2)", gen: { constant: 2.50 } }
              d:  { type: date, gen: { constant: 2024-02-28 } }
              ts: { type: timestamptz, gen: { constant: "2024-01-01 10:00:00" } }
              s:  { type: text, gen: { constant: Hello } }
              n:  { type: integer, gen: { constant: 1 }, null_rate: 0.9999999 }
              out: { type: text, expr: "\(expr)" }
        """)
        let rows = TestSupport.rows(try TestSupport.output(try DatasetPlan(spec: spec), "t", format: .copy))
        return rows[0][6]
    }

    @Test func arithmeticAndFunctions() throws {
        #expect(try eval("q * p") == "7.5")
        #expect(try eval("q + 2 * 5") == "13")
        #expect(try eval("7 / 2") == "3.5")
        #expect(try eval("div(7, 2)") == "3")
        #expect(try eval("round(p / 3, 2)") == "0.83")
        #expect(try eval("min(q, 2, 9)") == "2")
        #expect(try eval("max(q, p)") == "3")
        #expect(try eval("if(q > 2 and not (p > 3), 'big', 'small')") == "big")
        #expect(try eval("lower(s) || '-' || upper(s)") == "hello-HELLO")
        #expect(try eval("concat(s, ' ', q)") == "Hello 3")
        #expect(try eval("length(s)") == "5")
        #expect(try eval("d + 2") == "2024-03-01")
        #expect(try eval("ts + hours(3)") == "2024-01-01 13:00:00+00")
        #expect(try eval("ts - days(1) < ts") == "true")
        #expect(try eval("year(d) * 100 + month(d)") == "202402")
        #expect(try eval("n + 1") == "\\N")
        #expect(try eval("coalesce(n, q)") == "3")
        #expect(try eval("q / 0") == "\\N")
    }
}
