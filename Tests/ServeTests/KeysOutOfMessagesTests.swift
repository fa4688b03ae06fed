import Foundation
import HTTPClient
import HubCore
import Testing

/// Answers to a request for a record that is not there (or not visible) never repeat the key
/// asked for: error messages are read and logged where record keys must not go.
@Suite(.serialized) struct KeysOutOfMessagesTests {
    static let key = "440802200507319675"

    func message(_ answer: (status: Int, json: JSONValue?, text: String, headers: [String: String])) -> String {
        answer.json?.at("error", "message")?.string ?? ""
    }

    @Test func notFoundAnswersDoNotEchoTheKey() throws {
        let fixture = try APIFixture()
        let record = try fixture.get("/v1/entities/student/\(Self.key)?purpose=counselling", as: "info-school")
        #expect(record.status == 404)
        #expect(message(record) == "there is no student with this key that this consumer may see")
        let outOfScope = try fixture.get("/v1/entities/student/2023101001?purpose=counselling", as: "info-school")
        #expect(outOfScope.status == 404)
        #expect(message(outOfScope) == "there is no student with this key that this consumer may see")
        let prefill = try fixture.get("/v1/prefill/student-leave?subject=\(Self.key)&purpose=prefill", as: "service-hall")
        #expect(prefill.status == 404)
        #expect(message(prefill) == "there is no student with this key that this consumer may see")
        let admin = try fixture.get("/v1/admin/records/student/\(Self.key)", as: "it-admin")
        #expect(admin.status == 404)
        #expect(message(admin) == "there is no student with this key in the store")
        let nowhere = try fixture.get("/v1/entities/student/\(Self.key)/history", as: "info-school")
        #expect(nowhere.status == 404)
        #expect(message(nowhere) == "there is nothing at this path; see /openapi.json")
        for answer in [record, prefill, admin, nowhere] {
            #expect(!answer.text.contains(Self.key))
        }
    }

    @Test func aWrongMethodDoesNotEchoThePath() throws {
        let fixture = try APIFixture()
        let response = try fixture.client.request(method: "DELETE", url: fixture.url("/v1/entities/student/\(Self.key)"), headers: [])
        let text = String(decoding: response.body, as: UTF8.self)
        #expect(response.status == 405)
        #expect(!text.contains(Self.key))
        #expect((try JSONParser.parse(response.body))["error"]?["message"] == .string("this path answers GET, HEAD only"))
    }
}
