import Foundation
import LoomGen
import LoomSpec
import Testing

/// A redraw of a copula column draws it from its law given the row's other copula columns: the
/// correlations of a table with `avoid_copies:` stay the ones `correlate:` asks for.
@Suite struct AvoidCopiesCopulaTests {
    /// Pearson correlation of columns 1 and 2 (floats) and of 1 and 3 over the generated rows.
    static func correlations(_ text: String) throws -> (ab: Double, ac: Double) {
        let plan = try DatasetPlan(spec: try TestSupport.spec(text))
        var xs: [[Double]] = [[], [], []]
        try plan.generate("t", units: 0..<20_000) { frame in
            for k in 0..<3 { if case .float(let v) = frame[k + 1] { xs[k].append(v) } }
        }
        func r(_ x: [Double], _ y: [Double]) -> Double {
            let n = Double(x.count), mx = x.reduce(0, +) / n, my = y.reduce(0, +) / n
            var sxy = 0.0, sxx = 0.0, syy = 0.0
            for i in x.indices { sxy += (x[i] - mx) * (y[i] - my); sxx += (x[i] - mx) * (x[i] - mx); syy += (y[i] - my) * (y[i] - my) }
            return sxy / (sxx * syy).squareRoot()
        }
        return (r(xs[0], xs[1]), r(xs[0], xs[2]))
    }

    static func spec(filter: String?) -> String {
        """
        dataset: d
        seed: 5
        tables:
          t:
            rows: 20000
            columns:
              id: { type: bigint, gen: sequence, primary_key: true }
              a: { type: double precision, gen: { normal: { mean: 0, sd: 1 } }, step: 0.01 }
              b: { type: double precision, gen: { normal: { mean: 10, sd: 2 } }, step: 0.01 }
              c: { type: double precision, gen: { uniform: { min: 0, max: 1 } }, step: 0.01 }
        \(filter.map { "    avoid_copies: { columns: [a, b, c], source_rows: 1000, filter: \"\($0)\" }" } ?? "")
            correlate: { [a, b]: 0.8, [a, c]: 0.5 }
        """
    }

    @Test func redrawnRowsKeepTheCopulasCorrelations() throws {
        // One bit in eight set, as dense as a profile writes: one row in eight is drawn again.
        let eighth = Data([UInt8](repeating: 0x01, count: 1024)).base64EncodedString()
        let plain = try Self.correlations(Self.spec(filter: nil))
        let guarded = try Self.correlations(Self.spec(filter: eighth))
        #expect(abs(guarded.ab - plain.ab) < 0.01, "a × b: \(guarded.ab) with redraws, \(plain.ab) without")
        #expect(abs(guarded.ac - plain.ac) < 0.015, "a × c: \(guarded.ac) with redraws, \(plain.ac) without")
        #expect(abs(plain.ab - 0.8) < 0.02 && abs(plain.ac - 0.5) < 0.03, "\(plain)")
    }
}
