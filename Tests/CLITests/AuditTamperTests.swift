import Foundation
import HubCore
import HTTPClient
import HubCrypto
import PostgresClient
import SQLiteDB
import Store
import TestSupport
import Testing

/// Someone with write access to the store (the SQLite file or the PostgreSQL database) but not to the
/// audit key file tries to hide or forge audit entries; `campushub audit verify` must exit 65 naming the
/// first bad or missing entry. Each attack on both stores, through the built binary.
@Suite(.serialized) struct AuditTamperTests {
    @Test(arguments: StoreKind.allCases) func aTruncatedTailIsReportedWithTheFirstMissingEntry(_ kind: StoreKind) throws {
        let hub = try AuditedHub(kind)
        try hub.tokens(3)
        let covered = try hub.checkpoint()
        try hub.tokens(2)
        try hub.attacker.dropGuards()
        try hub.attacker.run("DELETE FROM audit_log WHERE seq >= ?", [String(covered)])
        let verify = try hub.campushub(["audit", "verify"])
        #expect(verify.status == 65, "\(verify.stderr)")
        #expect(verify.stderr.contains("entry \(covered) is missing: the checkpoint of "), "\(verify.stderr)")
        #expect(verify.stderr.contains("covers entries up to \(covered) (the log was truncated)"))
    }

    @Test(arguments: StoreKind.allCases) func aRewrittenEntryReMACdWithoutTheKeyIsNamed(_ kind: StoreKind) throws {
        for forgery in [Forgery.sha256, .wrongKey] {
            let hub = try AuditedHub(kind)
            try hub.tokens(4)
            try hub.attacker.dropGuards()
            try hub.attacker.rewrite(from: 2, with: forgery, store: hub.location)
            let verify = try hub.campushub(["audit", "verify"])
            #expect(verify.status == 65, "\(forgery): \(verify.stderr)")
            #expect(verify.stderr.hasPrefix("error: audit entry 2 ("), "\(forgery): \(verify.stderr)")
        }
    }

    @Test(arguments: StoreKind.allCases) func aWholeLogRewrittenAsUnkeyedDisagreesWithTheCheckpoint(_ kind: StoreKind) throws {
        let hub = try AuditedHub(kind)
        try hub.tokens(2)
        let covered = try hub.checkpoint()
        try hub.attacker.dropGuards()
        try hub.attacker.rewrite(from: 1, with: .sha256, store: hub.location)
        let verify = try hub.campushub(["audit", "verify"])
        #expect(verify.status == 65, "\(verify.stderr)")
        #expect(verify.stderr.contains("entry \(covered) differs from the checkpoint of "), "\(verify.stderr)")
    }

    @Test(arguments: StoreKind.allCases) func aForgedAppendedEntryIsNamed(_ kind: StoreKind) throws {
        for forgery in [Forgery.sha256, .wrongKey] {
            let hub = try AuditedHub(kind)
            try hub.tokens(2)
            let head = try #require(try hub.entries().last)
            let draft = AuditDraft(at: head.draft.at, actor: "library", action: "read", entity: "student", subject: "2026000001", outcome: "200")
            let forged = forgery.entry(sequence: head.sequence + 1, draft: draft, previousHash: head.hash, keyID: head.keyID ?? "k1")
            try hub.attacker.insert(forged)
            let verify = try hub.campushub(["audit", "verify"])
            #expect(verify.status == 65, "\(forgery): \(verify.stderr)")
            #expect(verify.stderr.hasPrefix("error: audit entry \(forged.sequence) ("), "\(forgery): \(verify.stderr)")
        }
    }

    @Test(arguments: StoreKind.allCases) func sequenceNumbersOfZeroOrBelowAreRefusedAndFlagged(_ kind: StoreKind) throws {
        let hub = try AuditedHub(kind)
        try hub.tokens(2)
        let draft = AuditDraft(at: "2026-12-01T00:00:00Z", actor: "library", action: "read", outcome: "200")
        let zero = Forgery.sha256.entry(sequence: 0, draft: draft, previousHash: AuditChain.genesis, keyID: "k1")
        #expect(throws: (any Error).self) { try hub.attacker.insert(zero) }
        try hub.attacker.dropPositiveCheck()
        try hub.attacker.insert(zero)
        try hub.attacker.insert(Forgery.sha256.entry(sequence: -1, draft: draft, previousHash: AuditChain.genesis, keyID: "k1"))
        let verify = try hub.campushub(["audit", "verify"])
        #expect(verify.status == 65, "\(verify.stderr)")
        #expect(verify.stderr.hasPrefix("error: audit entry -1 ("), "\(verify.stderr)")
        #expect(verify.stderr.contains("its sequence number is -1"))
    }

    @Test(arguments: StoreKind.allCases) func aDeletedCheckpointFileIsNoticed(_ kind: StoreKind) throws {
        let hub = try AuditedHub(kind)
        try hub.tokens(2)
        let covered = try hub.checkpoint()
        try hub.tokens(1)
        #expect(try hub.campushub(["audit", "verify"]).status == 0)
        try FileManager.default.removeItem(atPath: hub.workspace.file("audit-checkpoints.jsonl"))
        let verify = try hub.campushub(["audit", "verify"])
        #expect(verify.status == 65, "\(verify.stderr)")
        #expect(verify.stderr.contains("the checkpoint file is missing, but entry \(covered + 1) records a checkpoint of entries up to \(covered)"),
                "\(verify.stderr)")
    }

    /// The console's verify (`/v1/admin/audit/verify`) compares the store with the checkpoints too:
    /// an operator who trusts the console sees the truncation `audit verify` reports.
    @Test(arguments: StoreKind.allCases) func theConsoleSeesATruncatedTail(_ kind: StoreKind) throws {
        let hub = try AuditedHub(kind)
        let admin = try hub.campushub(["token", "create", "--consumer", "it-admin"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        try hub.tokens(2)
        let covered = try hub.checkpoint()
        try hub.tokens(2)
        try hub.attacker.dropGuards()
        try hub.attacker.run("DELETE FROM audit_log WHERE seq >= ?", [String(covered)])

        let port = try freePort()
        let serve = try spawnCampusHub(["serve", "--listen", "127.0.0.1:\(port)", "--no-dispatch", "--workspace", hub.workspace.path,
                                        "--store", hub.storeArgument], environment: ["CAMPUSHUB_AUDIT_CHECKPOINT_URL": ""])
        defer { serve.terminate(); serve.waitUntilExit() }
        let client = try HTTPClient()
        var answer: HTTPClientResponse?
        for _ in 0..<200 where answer == nil {
            answer = try? client.request(url: "http://127.0.0.1:\(port)/v1/admin/audit/verify", headers: [("Authorization", "Bearer \(admin)")])
            if answer == nil { usleep(50_000) }
        }
        let verify = try #require(answer)
        #expect(verify.status == 200)
        let json = try JSONParser.parse(verify.body)
        #expect(json["intact"] == .bool(false), "\(String(decoding: verify.body, as: UTF8.self))")
        #expect(json["broken"]?["seq"] == .number(JSONNumber(Int(covered))), "\(String(decoding: verify.body, as: UTF8.self))")
    }

    @Test(arguments: StoreKind.allCases) func rotationKeepsOldEntriesVerifiable(_ kind: StoreKind) throws {
        let hub = try AuditedHub(kind)
        try hub.tokens(2)
        let rotate = try hub.campushub(["audit", "rotate-key"])
        #expect(rotate.status == 0, "\(rotate.stderr)")
        #expect(rotate.stdout.hasPrefix("ok: audit key k2 added to "))
        try hub.tokens(2)
        _ = try hub.checkpoint()
        let verify = try hub.campushub(["audit", "verify"])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.hasPrefix("ok: "))
        let entries = try hub.entries()
        let rotation = try #require(entries.first { $0.draft.action == "audit.rotate-key" })
        #expect(rotation.keyID == "k1" && rotation.draft.subject == "k2")
        #expect(entries.filter { $0.sequence < rotation.sequence }.allSatisfy { $0.keyID == "k1" })
        #expect(entries.filter { $0.sequence > rotation.sequence }.allSatisfy { $0.keyID == "k2" })
        let keyFile = try hub.workspace.read("campushub.key")
        #expect(keyFile.contains("\nk1 ") && keyFile.contains("\nk2 "))
        // An entry appended with the retired key (say it leaked) is refused.
        let head = try #require(entries.last)
        let ring = try #require(try AuditKeyRing.parse(keyFile).key("k1"))
        let draft = AuditDraft(at: head.draft.at, actor: "cli:ops", action: "token.revoke", outcome: "revoked")
        try hub.attacker.insert(AuditChain.keyedEntry(sequence: head.sequence + 1, draft: draft, previousHash: head.hash, keyID: "k1", key: ring))
        let forged = try hub.campushub(["audit", "verify"])
        #expect(forged.status == 65)
        #expect(forged.stderr.contains("it is MAC'd with audit key k1, but the chain's key at this point is k2"), "\(forged.stderr)")
    }

    @Test func theKeyFileMustBePrivateWellFormedAndPresent() throws {
        let hub = try AuditedHub(.sqlite)
        try hub.tokens(1)
        let key = hub.workspace.file("campushub.key")
        let attributes = try FileManager.default.attributesOfItem(atPath: key)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(chmod(key, 0o644) == 0)
        let open = try hub.campushub(["token", "create", "--consumer", "library"])
        #expect(open.status == 78)
        #expect(open.stderr.hasSuffix("fix: chmod 600 \(key)\n"), "\(open.stderr)")
        #expect(chmod(key, 0o600) == 0)
        let original = try hub.workspace.read("campushub.key")
        try hub.workspace.write("campushub.key", original + "k2 not-hex\n")
        #expect(chmod(key, 0o600) == 0)
        let malformed = try hub.campushub(["audit", "verify"])
        #expect(malformed.status == 78)
        #expect(malformed.stderr.contains("is malformed (line"), "\(malformed.stderr)")
        try FileManager.default.removeItem(atPath: key)
        for arguments in [["audit", "verify"], ["token", "create", "--consumer", "library"]] {
            let missing = try hub.campushub(arguments)
            #expect(missing.status == 78, "\(arguments)")
            #expect(missing.stderr.contains("is missing, but the audit log has entries MAC'd with it\nfix: restore"), "\(missing.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: key))
    }
}

/// A workspace whose store (SQLite or PostgreSQL) has a keyed audit log, and the attacker's access to it.
struct AuditedHub {
    let workspace: TemporaryDirectory
    let location: StoreLocation
    let storeArgument: String
    let attacker: Attacker

    init(_ kind: StoreKind) throws {
        workspace = try Repository.copyWorkspace()
        switch kind {
        case .sqlite:
            location = .sqlite(path: workspace.file("campushub.db"))
            storeArgument = "sqlite:campushub.db"
        case .postgres:
            let (_, url) = try TestPostgres.freshDatabase()
            location = .postgres(url: url)
            storeArgument = url
        }
        attacker = Attacker(location: location)
    }

    func campushub(_ arguments: [String]) throws -> ProcessResult {
        try runCampusHub(arguments + ["--workspace", workspace.path, "--store", storeArgument], environment: ["CAMPUSHUB_AUDIT_CHECKPOINT_URL": ""])
    }

    /// `count` token.create entries.
    func tokens(_ count: Int) throws {
        for _ in 0..<count {
            let created = try campushub(["token", "create", "--consumer", "library"])
            #expect(created.status == 0, "\(created.stderr)")
        }
    }

    /// `audit checkpoint`; the sequence it covers.
    func checkpoint() throws -> Int64 {
        let result = try campushub(["audit", "checkpoint"])
        #expect(result.status == 0, "\(result.stderr)")
        let words = result.stdout.split(separator: " ")
        return try #require(words.firstIndex(of: "to").flatMap { Int64(words[$0 + 1].trimmingCharacters(in: .punctuationCharacters)) })
    }

    func entries() throws -> [AuditEntry] {
        let store = try SQLStore.openExisting(location)
        store.auditKeyFile = nil
        return try store.auditEntries(after: Int64.min, limit: 10_000)
    }
}

/// How the attacker makes MACs without the hub's key.
enum Forgery: CustomStringConvertible {
    /// Unkeyed SHA-256, as the log was before it was keyed.
    case sha256
    /// HMAC-SHA256 under a key of the attacker's choosing, with the hub's key id.
    case wrongKey

    var description: String { self == .sha256 ? "sha256" : "wrong key" }

    func entry(sequence: Int64, draft: AuditDraft, previousHash: String, keyID: String) -> AuditEntry {
        switch self {
        case .sha256: AuditChain.legacyEntry(sequence: sequence, draft: draft, previousHash: previousHash)
        case .wrongKey: AuditChain.keyedEntry(sequence: sequence, draft: draft, previousHash: previousHash, keyID: keyID,
                                              key: HMACKey(Array(repeating: 0x42, count: 32)))
        }
    }
}

/// Plain SQL on the store, as its owner could run it.
final class Attacker {
    let location: StoreLocation
    /// SQLite: inserts skip CHECK constraints (`PRAGMA ignore_check_constraints`).
    private var ignoreChecks = false

    init(location: StoreLocation) {
        self.location = location
    }

    func run(_ sql: String, _ values: [String?] = []) throws {
        switch location {
        case let .sqlite(path):
            try Database(path: path).prepare(sql).run(values.map { $0.map(SQLValue.text) ?? .null })
        case let .postgres(url):
            var numbered = "", index = 0
            for character in sql {
                if character == "?" { index += 1; numbered += "$\(index)" } else { numbered.append(character) }
            }
            _ = try PostgresConnection(parameters: [("dbname", url)]).query(numbered, values)
        }
    }

    func dropGuards() throws {
        if case .sqlite = location {
            try run("DROP TRIGGER audit_log_no_update")
            try run("DROP TRIGGER audit_log_no_delete")
        } else {
            try run("DROP TRIGGER audit_log_no_update ON audit_log")
            try run("DROP TRIGGER audit_log_no_delete ON audit_log")
        }
    }

    /// SQLite checks CHECK constraints unless told not to; PostgreSQL's can be dropped.
    func dropPositiveCheck() throws {
        switch location {
        case .sqlite: ignoreChecks = true
        case .postgres: try run("ALTER TABLE audit_log DROP CONSTRAINT audit_log_seq_positive")
        }
    }

    func insert(_ entry: AuditEntry) throws {
        let draft = entry.draft
        let sql = "INSERT INTO audit_log (seq, at, actor, action, entity, subject, outcome, prev_hash, hash, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
        let values: [String?] = [String(entry.sequence), draft.at, draft.actor, draft.action, draft.entity, draft.subject, draft.outcome,
                                 entry.previousHash, entry.hash, entry.keyID]
        if case let .sqlite(path) = location {
            // The pragma lasts for the connection: insert on the same one.
            let database = try Database(path: path)
            try database.execute("PRAGMA ignore_check_constraints = \(ignoreChecks ? "ON" : "OFF")")
            try database.prepare(sql).run(values.map { $0.map(SQLValue.text) ?? .null })
        } else {
            try run(sql, values)
        }
    }

    /// Changes entry `first`'s detail and re-chains it and every later entry with `forgery`.
    func rewrite(from first: Int64, with forgery: Forgery, store location: StoreLocation) throws {
        let store = try SQLStore.openExisting(location)
        store.auditKeyFile = nil
        var previous = first == 1 ? AuditChain.genesis : try #require(try store.auditEntry(sequence: first - 1)).hash
        for entry in try store.auditEntries(after: first - 1, limit: 10_000) {
            var draft = entry.draft
            if entry.sequence == first { draft.detail = (draft.detail ?? "") + " (edited)" }
            let forged = forgery.entry(sequence: entry.sequence, draft: draft, previousHash: previous, keyID: entry.keyID ?? "k1")
            try run("UPDATE audit_log SET detail = ?, prev_hash = ?, hash = ?, key_id = ? WHERE seq = ?",
                    [draft.detail, forged.previousHash, forged.hash, forged.keyID, String(entry.sequence)])
            previous = forged.hash
        }
    }
}
