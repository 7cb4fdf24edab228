import LoomStats
import LoomValidate
import Testing

@Suite struct ValidationReportTests {
    @Test func failingIsAlertOrWithStrictWarn() {
        func drift(_ s: DriftSeverity) -> ColumnDrift {
            var d = ColumnDrift(table: "t", column: "c", target: "x", sampled: 1000)
            d.severity = s
            return d
        }
        #expect(!ValidationReport(columns: [drift(.ok), drift(.warn), drift(.collecting)]).failed(strict: false))
        #expect(ValidationReport(columns: [drift(.ok), drift(.warn)]).failed(strict: true))
        #expect(ValidationReport(columns: [drift(.alert)]).failed(strict: false))
        #expect(!ValidationReport(columns: []).failed(strict: true))
        #expect(ValidationReport(columns: [drift(.ok), drift(.warn), drift(.ok)]).summary == "3 columns judged: 2 ok, 1 warn")
    }
}
