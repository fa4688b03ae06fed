import Foundation
import Testing
@testable import Serve

/// The Prometheus text exposition format: special values spelled as it wants them.
@Suite struct MetricsTextTests {
    @Test func specialValuesAreNaNAndSignedInf() {
        var family = MetricFamily(name: "campushub_test", help: "A test gauge.", type: "gauge")
        family.add(["v": "nan"], .nan)
        family.add(["v": "inf"], .infinity)
        family.add(["v": "-inf"], -.infinity)
        family.add(["v": "int"], 42)
        family.add(["v": "neg"], -3)
        family.add(["v": "frac"], 0.0025)
        family.add(["v": "big"], 1e20)
        #expect(family.text == """
            # HELP campushub_test A test gauge.
            # TYPE campushub_test gauge
            campushub_test{v="nan"} NaN
            campushub_test{v="inf"} +Inf
            campushub_test{v="-inf"} -Inf
            campushub_test{v="int"} 42
            campushub_test{v="neg"} -3
            campushub_test{v="frac"} 0.0025
            campushub_test{v="big"} 1e+20

            """)
    }

    @Test func labelValuesAndHelpAreEscaped() {
        var family = MetricFamily(name: "campushub_test", help: "Back\\slash and\nnewline.", type: "counter")
        family.add(["route": "a\"b\\c\nd"], 1)
        #expect(family.text == "# HELP campushub_test Back\\\\slash and\\nnewline.\n# TYPE campushub_test counter\ncampushub_test{route=\"a\\\"b\\\\c\\nd\"} 1\n")
    }

    @Test func aHistogramBucketsItsSamples() {
        let metrics = Metrics()
        metrics.record(route: "/v1/x", status: 200, seconds: 0.003)
        metrics.record(route: "/v1/x", status: 200, seconds: 5)
        let text = metrics.prometheusText(extra: [])
        #expect(text.contains("campushub_http_request_duration_seconds_bucket{le=\"0.0025\",route=\"/v1/x\"} 0\n"))
        #expect(text.contains("campushub_http_request_duration_seconds_bucket{le=\"0.005\",route=\"/v1/x\"} 1\n"))
        #expect(text.contains("campushub_http_request_duration_seconds_bucket{le=\"+Inf\",route=\"/v1/x\"} 2\n"))
        #expect(text.contains("campushub_http_requests_total{route=\"/v1/x\",status=\"200\"} 2\n"))
    }
}
