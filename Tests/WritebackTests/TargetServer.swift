import Foundation
import HTTPServer
import HubCore
import HubCrypto
import Synchronization

/// A write-back target on loopback whose behaviour a test scripts: fail with a status,
/// hang past the client's timeout (before or after applying), or apply. It applies each
/// Idempotency-Key once, checks the signature, and records the order per subject.
final class TargetServer: Sendable {
    enum Step: Sendable {
        case fail(Int)
        case hang(Double)
        /// Applies the change, then answers too late: the client sees a timeout.
        case applyThenHang(Double)
        case apply
    }

    struct State {
        var script: [Step] = []
        var requests = 0
        /// Write-back id (from the body) -> times applied: a new Idempotency-Key applies again.
        var applications: [String: Int] = [:]
        var seenKeys: Set<String> = []
        var orderBySubject: [String: [String]] = [:]
        var badSignatures = 0
    }

    /// The shared state, in a class so the server's handler can hold it.
    final class Box: Sendable {
        let state: Mutex<State>
        init(_ state: State) { self.state = Mutex(state) }
    }

    let secret: String
    private let box: Box
    private let server: HTTPServer
    var port: UInt16 { server.port }

    /// `applySeconds`: how long applying takes (a slow system).
    init(secret: String = "test-secret", port: UInt16 = 0, script: [Step] = [], applySeconds: Double = 0) throws {
        self.secret = secret
        let box = Box(State(script: script))
        server = try HTTPServer(host: "127.0.0.1", port: port, threads: 4, maxConnections: 2000) { request in
            if applySeconds > 0 { Thread.sleep(forTimeInterval: applySeconds) }
            return Self.handle(request, box: box, secret: secret)
        }
        self.box = box
    }

    func stop() { server.stop(timeoutSeconds: 2) }

    var applications: [String: Int] { box.state.withLock { $0.applications } }
    var requests: Int { box.state.withLock { $0.requests } }
    var badSignatures: Int { box.state.withLock { $0.badSignatures } }
    var orderBySubject: [String: [String]] { box.state.withLock { $0.orderBySubject } }

    private static func handle(_ request: HTTPRequest, box: Box, secret: String) -> HTTPResponse {
        let text = String(decoding: request.body, as: UTF8.self)
        let signed = request.headers["x-campushub-signature"] == "sha256=" + HMACSHA256.hex(key: Array(secret.utf8), message: text)
        let step: Step = box.state.withLock { state in
            state.requests += 1
            if !signed { state.badSignatures += 1 }
            return state.script.isEmpty ? .apply : state.script.removeFirst()
        }
        guard signed else { return .json(401, #"{"message":"bad signature"}"#) }
        let key = request.headers["idempotency-key"] ?? ""
        let body = try? JSONParser.parse(request.body)
        let subject = body?["subject"].flatMap { if case let .string(text) = $0 { text } else { nil } } ?? ""
        let id = body?["id"].flatMap { if case let .string(text) = $0 { text } else { nil } } ?? ""
        func apply() {
            box.state.withLock { state in
                guard state.seenKeys.insert(key).inserted else { return }
                state.applications[id, default: 0] += 1
                state.orderBySubject[subject, default: []].append(id)
            }
        }
        switch step {
        case let .fail(status): return .json(status, #"{"message":"scripted failure"}"#)
        case let .hang(seconds):
            Thread.sleep(forTimeInterval: seconds)
            return .json(503, #"{"message":"too late"}"#)
        case let .applyThenHang(seconds):
            apply()
            Thread.sleep(forTimeInterval: seconds)
            return .json(200, #"{"message":"applied, but the answer is lost"}"#)
        case .apply:
            apply()
            return .json(200, #"{"message":"applied"}"#)
        }
    }
}
