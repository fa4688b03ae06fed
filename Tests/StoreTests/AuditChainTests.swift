import HubCrypto
import Store
import Testing

/// The audit chain's logic without I/O: MACs, the verification walk, key files, checkpoints.
@Suite struct AuditChainTests {
    static let k1 = HMACKey(Array(repeating: 1, count: 32))
    static let k2 = HMACKey(Array(repeating: 2, count: 32))
    static func keys(_ id: String) -> HMACKey? { ["k1": k1, "k2": k2][id] }

    static func draft(_ n: Int, action: String = "read", subject: String? = nil) -> AuditDraft {
        AuditDraft(at: "2026-12-03T02:00:0\(n)Z", actor: "library", action: action, entity: "student", subject: subject ?? "s\(n)", outcome: "200")
    }

    /// Two legacy (SHA-256) entries, then keyed ones under k1.
    static func chain(legacy: Int, keyed: Int) -> [AuditEntry] {
        var entries: [AuditEntry] = []
        for n in 1...(legacy + keyed) {
            let previous = entries.last?.hash ?? AuditChain.genesis
            entries.append(n <= legacy ? AuditChain.legacyEntry(sequence: Int64(n), draft: draft(n), previousHash: previous)
                                       : AuditChain.keyedEntry(sequence: Int64(n), draft: draft(n), previousHash: previous, keyID: "k1", key: k1))
        }
        return entries
    }

    static func firstProblem(_ entries: [AuditEntry]) -> (Int64, String)? {
        var walk = AuditChainWalk(keys: keys)
        for entry in entries { if let problem = walk.take(entry) { return (entry.sequence, problem) } }
        return nil
    }

    @Test func aLegacyPrefixThenKeyedEntriesVerify() {
        let entries = Self.chain(legacy: 2, keyed: 3)
        #expect(Self.firstProblem(entries) == nil)
        var walk = AuditChainWalk(keys: Self.keys)
        for entry in entries { _ = walk.take(entry) }
        #expect(walk.count == 5 && walk.legacyCount == 2)
    }

    @Test func theMACCoversSubjectsAndTheKeyID() {
        var draft = Self.draft(1)
        let mac = AuditChain.mac(sequence: 1, draft: draft, previousHash: AuditChain.genesis, keyID: "k1", key: Self.k1)
        draft.subjects = "s1,s2"
        #expect(AuditChain.mac(sequence: 1, draft: draft, previousHash: AuditChain.genesis, keyID: "k1", key: Self.k1) != mac)
        #expect(AuditChain.mac(sequence: 1, draft: Self.draft(1), previousHash: AuditChain.genesis, keyID: "k2", key: Self.k1) != mac)
        #expect(AuditChain.mac(sequence: 1, draft: Self.draft(1), previousHash: AuditChain.genesis, keyID: "k1", key: Self.k2) != mac)
    }

    @Test func anUnkeyedEntryAfterKeyedOnesIsForged() {
        var entries = Self.chain(legacy: 1, keyed: 2)
        entries.append(AuditChain.legacyEntry(sequence: 4, draft: Self.draft(4), previousHash: entries[2].hash))
        #expect(Self.firstProblem(entries)?.0 == 4)
        #expect(Self.firstProblem(entries)?.1.contains("has no MAC") == true)
    }

    @Test func aRewrittenEntryReMACdWithAnotherKeyIsNamed() {
        var entries = Self.chain(legacy: 0, keyed: 4)
        let wrong = HMACKey(Array(repeating: 9, count: 32))
        var draft = entries[1].draft
        draft.purpose = "statistics"
        entries[1] = AuditChain.keyedEntry(sequence: 2, draft: draft, previousHash: entries[0].hash, keyID: "k1", key: wrong)
        for index in 2..<4 {
            entries[index] = AuditChain.keyedEntry(sequence: Int64(index + 1), draft: entries[index].draft, previousHash: entries[index - 1].hash,
                                                   keyID: "k1", key: wrong)
        }
        #expect(Self.firstProblem(entries)?.0 == 2)
    }

    @Test func gapsAndNonPositiveNumbersAreNamed() {
        let entries = Self.chain(legacy: 0, keyed: 4)
        #expect(Self.firstProblem([entries[0], entries[2]])?.1 == "entry 2 is missing (deleted?)")
        #expect(Self.firstProblem(Array(entries[1...]))?.1 == "entry 1 is missing (deleted?)")
        let zero = AuditChain.keyedEntry(sequence: 0, draft: Self.draft(0), previousHash: AuditChain.genesis, keyID: "k1", key: Self.k1)
        #expect(Self.firstProblem([zero] + entries)?.0 == 0)
    }

    @Test func aRotationHandsTheChainToTheNewKey() {
        var entries = Self.chain(legacy: 0, keyed: 2)
        entries.append(AuditChain.keyedEntry(sequence: 3, draft: Self.draft(3, action: AuditChain.rotationAction, subject: "k2"),
                                             previousHash: entries[1].hash, keyID: "k1", key: Self.k1))
        #expect(AuditChain.signingKeyID(after: entries.last) == "k2")
        let afterRotation = AuditChain.keyedEntry(sequence: 4, draft: Self.draft(4), previousHash: entries[2].hash, keyID: "k2", key: Self.k2)
        #expect(Self.firstProblem(entries + [afterRotation]) == nil)
        let oldKey = AuditChain.keyedEntry(sequence: 4, draft: Self.draft(4), previousHash: entries[2].hash, keyID: "k1", key: Self.k1)
        #expect(Self.firstProblem(entries + [oldKey])?.1 == "it is MAC'd with audit key k1, but the chain's key at this point is k2")
        let unknown = AuditChain.keyedEntry(sequence: 3, draft: Self.draft(3), previousHash: entries[1].hash, keyID: "k9", key: Self.k1)
        #expect(Self.firstProblem(Array(entries[0..<2]) + [unknown])?.1.contains("is MAC'd with audit key k9") == true)
    }

    @Test func keyFilesParseAndRefuseWhatIsNotOne() throws {
        let text = "# comment\n\nk1 \(String(repeating: "ab", count: 32))\nk2 \(String(repeating: "CD", count: 32))\n"
        let ring = try AuditKeyRing.parse(text)
        #expect(ring.keys.map(\.id) == ["k1", "k2"] && ring.current?.id == "k2" && ring.nextID == "k3")
        #expect(try AuditKeyRing.parse(ring.text).keys.map(\.bytes) == ring.keys.map(\.bytes))
        let bad: [(String, Int)] = [("", 1), ("k1 abcd\n", 1), ("k1\n", 1), ("K1 \(String(repeating: "ab", count: 32))\n", 1),
                                    ("k1 \(String(repeating: "ab", count: 32))\nk1 \(String(repeating: "cd", count: 32))\n", 2),
                                    ("# x\nk1 \(String(repeating: "zz", count: 32))\n", 2)]
        for (text, line) in bad {
            #expect(throws: AuditKeyRing.ParseProblem.self) { try AuditKeyRing.parse(text) }
            do { _ = try AuditKeyRing.parse(text) } catch { #expect(error.line == line, "\(text)") }
        }
    }

    @Test func checkpointsRoundTripAndAreAuthenticOnlyWithTheKey() throws {
        let checkpoint = AuditCheckpoint(sequence: 1250, head: String(repeating: "a", count: 64), at: "2026-12-03T10:00:00+08:00", keyID: "k1", key: Self.k1)
        let parsed = try #require(AuditCheckpoint.parse(checkpoint.line))
        #expect(parsed == checkpoint && parsed.isAuthentic(keys: Self.keys))
        let forged = checkpoint.line.replacingOccurrences(of: "\"1250\"", with: "\"1300\"")
        #expect(AuditCheckpoint.parse(forged)?.isAuthentic(keys: Self.keys) == false)
        switch AuditCheckpoints.latest(lines: [checkpoint.line, "", forged], keys: Self.keys) {
        case .success: Issue.record("a forged line passed")
        case let .failure(problem): #expect(problem.line == 3)
        }
        let older = AuditCheckpoint(sequence: 1000, head: "b", at: "2026-12-03T09:55:00+08:00", keyID: "k1", key: Self.k1)
        #expect(try AuditCheckpoints.latest(lines: [checkpoint.line, older.line], keys: Self.keys).get() == checkpoint)
    }

    @Test func theStoreIsComparedWithTheLatestCheckpoint() {
        let entries = Self.chain(legacy: 0, keyed: 5)
        let checkpoint = AuditCheckpoint(sequence: 4, head: entries[3].hash, at: "2026-12-03T10:00:00+08:00", keyID: "k1", key: Self.k1)
        #expect(AuditCheckpoints.compare(checkpoint, last: entries[4], atCheckpoint: entries[3]) == nil)
        #expect(AuditCheckpoints.compare(checkpoint, last: entries[1], atCheckpoint: nil)
                == AuditFinding(sequence: 3, problem: "entry 3 is missing: the checkpoint of 2026-12-03T10:00:00+08:00 covers entries up to 4 (the log was truncated)"))
        #expect(AuditCheckpoints.compare(checkpoint, last: nil, atCheckpoint: nil)?.sequence == 1)
        #expect(AuditCheckpoints.compare(checkpoint, last: entries[4], atCheckpoint: entries[2])?.sequence == 4)
        let rewritten = AuditChain.keyedEntry(sequence: 4, draft: Self.draft(7), previousHash: entries[2].hash, keyID: "k1", key: Self.k1)
        #expect(AuditCheckpoints.compare(checkpoint, last: entries[4], atCheckpoint: rewritten)?.problem.contains("differs from the checkpoint") == true)
    }

    @Test func theLogsOwnCheckpointEntriesDemandTheFile() {
        let checkpoint = AuditCheckpoint(sequence: 4, head: "h", at: "2026-12-03T10:00:00+08:00", keyID: "k1", key: Self.k1)
        let recorded = AuditChain.keyedEntry(sequence: 5, draft: AuditDraft(at: checkpoint.at, actor: "serve", action: AuditChain.checkpointAction,
                                                                            outcome: "written", detail: checkpoint.entryDetail(places: ["file", "syslog"])),
                                             previousHash: "h", keyID: "k1", key: Self.k1)
        #expect(AuditCheckpoint.recordedSequence(recorded) == 4)
        #expect(AuditCheckpoints.compare(file: checkpoint, fileExists: true, recorded: recorded) == nil)
        #expect(AuditCheckpoints.compare(file: nil, fileExists: false, recorded: recorded)?.sequence == 5)
        let older = AuditCheckpoint(sequence: 2, head: "g", at: "2026-12-03T09:00:00+08:00", keyID: "k1", key: Self.k1)
        #expect(AuditCheckpoints.compare(file: older, fileExists: true, recorded: recorded)?.problem.contains("lacks the checkpoint of entries up to 4") == true)
        #expect(AuditCheckpoints.compare(file: nil, fileExists: false, recorded: nil) == nil)
    }
}
