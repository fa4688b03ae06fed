import Foundation
import HTTPClient
import HubCore
import Store
import Synchronization
import Testing

/// `POST /v1/writebacks` over real HTTP: validation, idempotency, concurrent replays.
@Suite(.serialized) final class WritebackIntakeTests {
    let fixture: APIFixture

    init() throws { fixture = try APIFixture() }

    func body(phone: String = "13800138000", subject: String = "2023102001", field: String = "YDDH", target: String = "xg") -> [UInt8] {
        Array("""
            {"target": "\(target)", "operation": "update", "subject": {"entity": "student", "key": "\(subject)"}, "fields": {"\(field)": "\(phone)"},
             "approval": {"process": "BPM-2026-0001", "approver": "王老师", "approvedAt": "2026-11-29T08:00:00+08:00"}}
            """.utf8)
    }

    func post(_ body: [UInt8], key: String?, as consumer: String = "service-hall", client: HTTPClient? = nil) throws -> HTTPClientResponse {
        var headers = [("Authorization", "Bearer \(fixture.tokens[consumer] ?? "")"), ("Content-Type", "application/json")]
        if let key { headers.append(("Idempotency-Key", key)) }
        return try (client ?? fixture.client).request(method: "POST", url: fixture.url("/v1/writebacks?purpose=contact-update"), headers: headers, body: body)
    }

    func json(_ response: HTTPClientResponse) -> JSONValue? { try? JSONParser.parse(response.body) }

    @Test func acceptedOnceAndReplayed() throws {
        let first = try post(body(phone: "138 0013 8000"), key: "k-1")
        #expect(first.status == 202)
        let id = try #require(json(first)?.at("id")?.string)
        #expect(first.headers["location"] == "/v1/writebacks/\(id)")
        #expect(first.headers["idempotent-replayed"] == nil)
        let stored = try #require(try fixture.store.writeback(id: id))
        #expect(stored.request.fields == ["YDDH": "13800138000"])
        #expect(stored.delivery.state == .pending)
        let replay = try post(body(phone: "138 0013 8000"), key: "k-1")
        #expect(replay.status == 202)
        #expect(replay.headers["idempotent-replayed"] == "true")
        #expect(replay.body == first.body)
        let different = try post(body(phone: "13900000000"), key: "k-1")
        #expect(different.status == 422)
        #expect(json(different)?.at("error", "code")?.string == "idempotency_key_reused")
        #expect(try fixture.store.writebacks(state: nil, limit: 10).count == 1)
        let status = try fixture.get("/v1/writebacks/\(id)", as: "service-hall")
        #expect(status.status == 200)
        #expect(status.json?.at("state")?.string == "pending")
        #expect(status.json?.at("history")?.array.first?.at("event")?.string == "accepted")
        #expect(try fixture.get("/v1/writebacks/\(id)", as: "library").status == 404)
        // The golden record shows the field's write-back on its way; /metrics counts the queue.
        let record = try fixture.get("/v1/entities/student/2023102001?purpose=borrowing&fields=YDDH", as: "library")
        #expect(record.json?.at("fields", "YDDH", "writeback")?.string == "pending")
        let prefill = try fixture.get("/v1/prefill/student-leave?subject=2023102001&purpose=prefill", as: "service-hall")
        #expect(prefill.json?.at("fields")?.array.first { $0.at("element")?.string == "YDDH" }?.at("writeback")?.string == "pending")
        #expect(try fixture.get("/metrics", authorization: "Bearer \(APIFixture.metricsToken)").text.contains("campushub_outbox_writebacks{state=\"pending\"} 1"))
        let actions = try fixture.store.auditEntries(after: 0, limit: 100).map(\.draft.action)
        #expect(actions.filter { $0 == "writeback.accept" }.count == 1)
        #expect(actions.filter { $0 == "writeback.submit" }.count == 2)
    }

    @Test func refusals() throws {
        let cases: [([UInt8], String?, String, Int, String)] = [
            (body(), nil, "service-hall", 400, "idempotency_key_required"),
            (Array("{not json".utf8), "r1", "service-hall", 400, "invalid_json"),
            (body(phone: "12345"), "r2", "service-hall", 422, "invalid_field"),
            (body(phone: "张三", field: "XM"), "r3", "service-hall", 403, "field_not_granted"),
            (body(target: "hr"), "r4", "service-hall", 403, "writeback_not_granted"),
            (body(), "r5", "library", 403, "writeback_not_granted"),
            (body(subject: "1999"), "r6", "service-hall", 404, "no_record"),
            (body(field: "NOPE"), "r7", "service-hall", 400, "unknown_field"),
        ]
        for (payload, key, consumer, status, code) in cases {
            let response = try post(payload, key: key, as: consumer)
            #expect(response.status == status, "\(code)")
            #expect(json(response)?.at("error", "code")?.string == code)
        }
        #expect(try fixture.store.writebacks(state: nil, limit: 10).isEmpty)
        // Refusals are audited like reads; a phone number never reaches the message.
        let refused = try fixture.store.auditEntries(after: 0, limit: 100).filter { $0.draft.action == "writeback.submit" }
        #expect(refused.count == cases.count)
        #expect(!refused.contains { "\($0)".contains("12345") })
    }

    @Test func aHundredConcurrentReplaysMakeOneWriteback() throws {
        let payload = body()
        let statuses = Mutex<[Int]>([])
        let bodies = Mutex<Set<[UInt8]>>([])
        let url = fixture.url("/v1/writebacks?purpose=contact-update")
        let headers = [("Authorization", "Bearer \(fixture.tokens["service-hall"] ?? "")"), ("Idempotency-Key", "same-key")]
        // 100 threads, each with its own connection, released together.
        let start = DispatchSemaphore(value: 0)
        let done = DispatchGroup()
        for _ in 0..<100 {
            done.enter()
            Thread {
                defer { done.leave() }
                let client = try? HTTPClient()
                start.wait()
                guard let client, let response = try? client.request(method: "POST", url: url, headers: headers, body: payload) else {
                    statuses.withLock { $0.append(0) }
                    return
                }
                statuses.withLock { $0.append(response.status) }
                if response.status == 202 { _ = bodies.withLock { $0.insert(response.body) } }
            }.start()
        }
        for _ in 0..<100 { start.signal() }
        done.wait()
        let all = statuses.withLock { $0 }
        #expect(all.count == 100)
        #expect(all.allSatisfy { $0 == 202 || $0 == 409 }, "\(all)")
        #expect(all.contains(202))
        #expect(bodies.withLock { $0.count } == 1, "every 202 is the same answer")
        #expect(try fixture.store.writebacks(state: nil, limit: 1000).count == 1)
    }
}
