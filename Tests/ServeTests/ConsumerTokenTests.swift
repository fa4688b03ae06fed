import Serve
import Store
import Testing

/// Token texts: generated ones parse; anything else is malformed before any lookup.
@Suite struct ConsumerTokenTests {
    @Test func generatedTokensParseAndMatchOnlyTheirHash() throws {
        let token = try #require(ConsumerToken.generate())
        #expect(token.text.count == 61)
        #expect(ConsumerToken.id(of: token.text) == token.id)
        #expect(ConsumerToken.matches(token.text, storedHash: ConsumerToken.hash(token.text)))
        #expect(!ConsumerToken.matches(token.text + "x", storedHash: ConsumerToken.hash(token.text)))
        #expect(try #require(ConsumerToken.generate()).id != token.id)
    }

    @Test(arguments: [
        "", "chub_", "chub_0123456789ab", "Chub_0123456789ab_" + String(repeating: "a", count: 43),
        "chub_0123456789AB_" + String(repeating: "a", count: 43), "chub_0123456789ab-" + String(repeating: "a", count: 43),
        "chub_0123456789ab_" + String(repeating: "a", count: 39), "chub_0123456789ab_" + String(repeating: "a", count: 65),
        "chub_0123456789ab_" + String(repeating: "a", count: 42) + "=", "chub_0123456789ab_" + String(repeating: "é", count: 22),
    ])
    func malformed(text: String) {
        #expect(ConsumerToken.id(of: text) == nil)
    }

    @Test func refusalsNameTheReason() throws {
        let token = try #require(ConsumerToken.generate())
        let stored = TokenRecord(id: token.id, consumer: "library", hash: ConsumerToken.hash(token.text), createdAt: "2026-01-01T00:00:00Z",
                                 expiresAt: "2026-12-01T00:00:00Z", revokedAt: nil)
        func check(_ header: String?, now: String = "2026-11-29T00:00:00Z", record: TokenRecord? = nil) -> Authentication {
            Authenticator.authenticate(header: header, now: now) { $0 == token.id ? (record ?? stored) : nil }
        }
        #expect(check("Bearer \(token.text)") == .consumer(name: "library", tokenID: token.id))
        #expect(check("bearer \(token.text)") == .consumer(name: "library", tokenID: token.id))
        guard case .refused("token_expired", _, token.id, "library") = check("Bearer \(token.text)", now: "2026-12-01T00:00:00Z") else {
            Issue.record("an expired token was accepted")
            return
        }
        let revoked = TokenRecord(id: stored.id, consumer: "library", hash: stored.hash, createdAt: stored.createdAt, expiresAt: nil, revokedAt: "2026-11-28T00:00:00Z")
        guard case .refused("token_revoked", _, _, _) = check("Bearer \(token.text)", record: revoked) else {
            Issue.record("a revoked token was accepted")
            return
        }
        guard case .refused("missing_token", _, nil, nil) = check(nil), case .refused("malformed_token", _, nil, nil) = check("Token abc") else {
            Issue.record("missing or malformed tokens were not refused as such")
            return
        }
    }
}
