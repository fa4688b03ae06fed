import Foundation
import HTTPServer
import HubCore
import Testing
import Workspace
@testable import Connectors

/// A JSON number reaches the mapping as the source wrote it: an 18-digit ID number
/// sent as a number is not turned into 1.1010119900101123e+17 (which the standards
/// would quarantine as "mangled by Excel").
@Suite struct HTTPJSONNumbersTests {
    @Test func numbersKeepTheirLiteralText() throws {
        let body = #"{"items":[{"xh":202310200101,"sfzjh":110101199001011237,"score":88.50,"tiny":-0.000001,"big":1E+400,"ok":true}]}"#
        let server = try HTTPServer(port: 0) { _ in .json(200, body) }
        let source = try HTTPJSONSource(connection: HTTPConnection(baseURL: "http://127.0.0.1:\(server.port)", auth: .none, timeoutSeconds: 5, retries: 0),
                                        endpoint: HTTPEndpoint(path: "/students", query: [], records: "items", pagination: .none),
                                        columns: ["xh", "sfzjh", "score", "tiny", "big", "ok"], origin: "connectors/xg.json stream students",
                                        environment: [:], sleep: { _ in }, random: { 0.5 })
        let row = try #require(try source.next())
        #expect(row.values == ["202310200101", "110101199001011237", "88.50", "-0.000001", "1E+400", "true"])
        #expect(try source.next() == nil)
    }

    @Test func theParserKeepsTheTextAndComparesByValue() throws {
        let value = try JSONParser.parse(#"{"id": 110101199001011237, "n": 2.50}"#)
        #expect(JSONRecords.text(value["id"]) == "110101199001011237")
        #expect(value["id"] != (try JSONParser.parse("110101199001011238")))
        #expect(value["n"] == (try JSONParser.parse("25e-1")))
    }
}
