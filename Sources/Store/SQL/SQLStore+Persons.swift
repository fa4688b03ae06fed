import Foundation
import GoldenRecords
import HubCore
import HubCrypto
import SQLiteDB
import Standards

extension SQLStore {
    /// Brings the person links up to date for every person record changed
    /// since it was last correlated (so a killed run is caught up by the next):
    /// same identity document, same person; same fallback traits, a candidate.
    public func correlatePersons(rule: PersonRule, at: Date) throws -> PersonCorrelation {
        var result = PersonCorrelation()
        guard !rule.entities.isEmpty else { return result }
        let timestamp = Timestamp.iso8601(at)
        result.candidates += try finishBulkLinking(rule: rule.candidateRule, at: timestamp)
        result.candidates += try linkDeferred(rule: rule.candidateRule, at: timestamp)
        let entities = rule.entities.map { SQLValue.text($0) }
        let placeholders = SQLText.placeholders(entities.count)
        // Confirmed links are few: read them once.
        var links: [RecordKey: String] = [:]
        for row in try database.rows("SELECT entity, key, person FROM person_links") {
            links[RecordKey(entity: row[0] ?? "", key: row[1] ?? "")] = row[2] ?? ""
        }
        // Only the elements the rule compares, extracted by SQLite: no need to parse whole records.
        let elements = rule.elements
        let extracts = elements.map { dialect.jsonText("r.fields", $0) }.joined(separator: ", ")
        // Walk the records written since the last pass (the change sequence is their order), 5000 at
        // a time; the planner stays on the change_seq index rather than the (entity, key) one.
        let ceiling = Int64(try database.scalar("SELECT COALESCE(MAX(change_seq), 0) FROM records") ?? "0") ?? 0
        var after = try personsWatermark()
        while after < ceiling {
            let changed = try database.rows("""
                SELECT r.change_seq, r.entity, r.key, r.version, \(extracts) FROM records r
                LEFT JOIN persons p ON p.entity = r.entity AND p.key = r.key
                WHERE r.change_seq > ? AND r.change_seq <= ? AND \(dialect.unindexed("r.entity")) IN (\(placeholders))
                    AND (p.version IS NULL OR p.version != r.version)
                ORDER BY r.change_seq LIMIT 5000
                """, [.integer(after), .integer(ceiling)] + entities)
            guard let last = changed.last?[0].flatMap({ Int64($0) }) else {
                after = ceiling
                break
            }
            after = changed.count < 5000 ? ceiling : last
            let people = changed.map { row in
                let record = RecordKey(entity: row[1] ?? "", key: row[2] ?? "")
                var fields: [String: String] = [:]
                for (offset, element) in elements.enumerated() { fields[element] = row[4 + offset] }
                let own = rule.identity(entity: record.entity, key: record.key, fields: fields)
                return PersonLink(record: record, identity: links[record].map { PersonIdentity(person: $0, basis: "confirmed", traits: own.traits) } ?? own,
                                  version: Int64(row[3] ?? "0") ?? 0)
            }
            try database.transaction { result.candidates += try link(people, rule: rule.candidateRule, at: timestamp) }
            result.correlated += people.count
        }
        // Only once every record up to the ceiling is linked (a killed pass starts from the old mark again).
        try setPersonsWatermark(ceiling)
        return result
    }

    /// Every record written up to this change sequence number has been correlated.
    private func personsWatermark() throws -> Int64 {
        Int64(try database.scalar("SELECT value FROM settings WHERE name = 'persons-seq'") ?? "0") ?? 0
    }

    private func setPersonsWatermark(_ sequence: Int64) throws {
        try database.prepare("INSERT INTO settings (name, value) VALUES ('persons-seq', ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value")
            .run([.text(String(sequence))])
    }

    /// Files records' persons (at the records' versions) and proposes a candidate match between each
    /// of them and every other person's record of the same traits; returns how many candidates are new.
    /// Set-based: a few statements per batch, not two per record.
    func link(_ people: [PersonLink], rule: String, at: String) throws -> Int {
        guard !people.isEmpty else { return 0 }
        _ = try statements.get()  // creates the temporary table linked_persons
        try filePeople(people)
        for chunk in stride(from: 0, to: people.count, by: 100).map({ people[$0..<min($0 + 100, people.count)] }) {
            try cachedStatement("INSERT INTO linked_persons (entity, key) VALUES \(SQLText.rows(chunk.count, of: 2)) ON CONFLICT DO NOTHING")
                .run(chunk.flatMap { [SQLValue.text($0.record.entity), .text($0.record.key)] })
        }
        let proposed = try proposeCandidates(among: "linked_persons l \(dialect.joinInOrder) persons f ON f.entity = l.entity AND f.key = l.key",
                                             rule: rule, at: at)
        try cachedStatement("DELETE FROM linked_persons").run()
        return proposed
    }


    /// Proposes a candidate match between each person `people` selects (as `f`; `filter` may narrow
    /// it with `values`) and every other person's record of the same traits: each pair once, in
    /// (entity, key) order, whichever side was selected. Joined in order: the planner stays on the
    /// selected rows (probing the traits index) instead of walking every person. Returns how many are new.
    func proposeCandidates(among people: String, filter: String = "", _ values: [SQLValue] = [], rule: String, at: String) throws -> Int {
        try cachedStatement("""
            INSERT INTO match_candidates (a_entity, a_key, b_entity, b_key, rule, found_at)
            SELECT CASE WHEN first THEN fe ELSE pe END, CASE WHEN first THEN fk ELSE pk END,
                   CASE WHEN first THEN pe ELSE fe END, CASE WHEN first THEN pk ELSE fk END, ?, ? FROM (
                SELECT f.entity AS fe, f.key AS fk, p.entity AS pe, p.key AS pk, (f.entity, f.key) < (p.entity, p.key) AS first
                FROM \(people)
                \(dialect.joinInOrder) persons p ON p.traits = f.traits AND p.person != f.person AND NOT (p.entity = f.entity AND p.key = f.key)
                \(filter)) AS pairs
            WHERE true ON CONFLICT DO NOTHING
            """).run([.text(rule), .text(at)] + values)
        return database.changes
    }

    /// The person rule under this installation's secret key: person ids are HMACs under it.
    public func personRule(for matching: PersonMatching) throws -> PersonRule {
        PersonRule(matching, pseudonym: InstallationPseudonym(key: try installationKey()))
    }

    /// The installation's secret key, made from RAND_bytes the first time it is needed.
    func installationKey() throws -> [UInt8] {
        if let hex = try database.scalar("SELECT value FROM settings WHERE name = 'person-key'") {
            return Self.bytes(hex: hex)
        }
        guard let key = SecureRandom.bytes(32) else {
            throw HubError.internal("the system's random generator failed", fix: "check OpenSSL's entropy source")
        }
        try database.prepare("INSERT INTO settings (name, value) VALUES ('person-key', ?) ON CONFLICT DO NOTHING").run([.text(SHA256.hexString(key))])
        return Self.bytes(hex: try database.scalar("SELECT value FROM settings WHERE name = 'person-key'") ?? "")
    }

    static func bytes(hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count - 1, by: 2).compactMap { UInt8(String(decoding: digits[$0...$0 + 1], as: UTF8.self), radix: 16) }
    }

    /// The person a record belongs to, and every record (role) of that person.
    public func person(entity: String, key: String) throws -> PersonView? {
        guard let row = try database.rows("SELECT person, basis FROM persons WHERE entity = ? AND key = ?", [.text(entity), .text(key)]).first,
              let person = row[0] else { return nil }
        let roles = try database.rows("SELECT entity, key, basis FROM persons WHERE person = ? ORDER BY entity, key", [.text(person)]).map {
            PersonView.Role(entity: $0[0] ?? "", key: $0[1] ?? "", basis: $0[2] ?? "")
        }
        return PersonView(person: person, roles: roles)
    }

    public func matchCandidates(status: String?, limit: Int) throws -> [MatchCandidate] {
        try database.rows("""
            SELECT id, a_entity, a_key, b_entity, b_key, rule, status, found_at FROM match_candidates
            \(status == nil ? "" : "WHERE status = ?") ORDER BY id LIMIT ?
            """, (status.map { [SQLValue.text($0)] } ?? []) + [.int(limit)]).map {
            MatchCandidate(id: Int64($0[0] ?? "0") ?? 0, a: RecordKey(entity: $0[1] ?? "", key: $0[2] ?? ""),
                           b: RecordKey(entity: $0[3] ?? "", key: $0[4] ?? ""), rule: $0[5] ?? "", status: $0[6] ?? "", foundAt: $0[7] ?? "")
        }
    }

    /// Confirms (both records, and every record of either person, become one
    /// person) or rejects a candidate; recorded with who decided.
    public func decide(candidate id: Int64, confirm: Bool, by: String, at: Date) throws {
        let timestamp = Timestamp.iso8601(at)
        try database.transaction {
            guard let candidate = try matchCandidates(status: nil, limit: Int.max).first(where: { $0.id == id }) else {
                throw HubError.usage("there is no candidate match \(id)", fix: "see `campushub matches` for the ids")
            }
            guard candidate.status == "pending" else {
                throw HubError.usage("candidate match \(id) was already \(candidate.status)", fix: "to undo a confirmed link, use `campushub matches unlink ENTITY KEY`")
            }
            try database.prepare("UPDATE match_candidates SET status = ?, decided_by = ?, decided_at = ? WHERE id = ?")
                .run([.text(confirm ? "confirmed" : "rejected"), .text(by), .text(timestamp), .integer(id)])
            guard confirm else { return }
            let persons = try [candidate.a, candidate.b].compactMap { try database.scalar("SELECT person FROM persons WHERE entity = ? AND key = ?", [.text($0.entity), .text($0.key)]) }
            guard let survivor = persons.min() else { return }
            let members = try database.rows("SELECT entity, key FROM persons WHERE person IN (\(persons.map { _ in "?" }.joined(separator: ", ")))",
                                            persons.map(SQLValue.text))
            for member in members {
                try database.prepare("""
                    INSERT INTO person_links (entity, key, person, decided_by, decided_at) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (entity, key) DO UPDATE SET person = excluded.person, decided_by = excluded.decided_by, decided_at = excluded.decided_at
                    """).run([.optional(member[0]), .optional(member[1]), .text(survivor), .text(by), .text(timestamp)])
                try database.prepare("UPDATE persons SET person = ?, basis = 'confirmed' WHERE entity = ? AND key = ?")
                    .run([.text(survivor), .optional(member[0]), .optional(member[1])])
            }
        }
    }

    /// Undoes a confirmed link: the confirmed group the record is in falls apart,
    /// every record in it follows its own identity document again, and the
    /// candidates between them are pending again. Decisions stay on record.
    public func unlink(entity: String, key: String, matching: PersonMatching, at: Date) throws {
        try database.transaction {
            guard let person = try database.scalar("SELECT person FROM person_links WHERE entity = ? AND key = ?", [.text(entity), .text(key)]) else {
                throw HubError.usage("this \(entity) has no confirmed link", fix: "see `campushub show \(entity) KEY` for its person")
            }
            let members = try database.rows("SELECT entity, key FROM person_links WHERE person = ?", [.text(person)])
            // The next pass goes back far enough to see them again.
            let keys = members.map { RecordKey(entity: $0[0] ?? "", key: $0[1] ?? "") }
            let lowest = try keys.compactMap { key in
                try database.scalar("SELECT change_seq FROM records WHERE entity = ? AND key = ?", [.text(key.entity), .text(key.key)]).flatMap { Int64($0) }
            }.min()
            if let lowest, lowest - 1 < (try personsWatermark()) { try setPersonsWatermark(lowest - 1) }
            try database.prepare("DELETE FROM person_links WHERE person = ?").run([.text(person)])
            for member in members {
                // Stale: the next pass recorrelates it by its own fields.
                try database.prepare("UPDATE persons SET version = -1 WHERE entity = ? AND key = ?").run([.optional(member[0]), .optional(member[1])])
                try database.prepare("""
                    UPDATE match_candidates SET status = 'pending'
                    WHERE status = 'confirmed' AND ((a_entity = ? AND a_key = ?) OR (b_entity = ? AND b_key = ?))
                    """).run([.optional(member[0]), .optional(member[1]), .optional(member[0]), .optional(member[1])])
            }
        }
        _ = try correlatePersons(rule: try personRule(for: matching), at: at)
    }
}

/// A record and the person it belongs to, at the record's version.
struct PersonLink {
    let record: RecordKey
    let identity: PersonIdentity
    let version: Int64
}

/// Identity documents under an installation's HMAC key (HMAC-SHA256, hex).
public struct InstallationPseudonym: IdentityPseudonym {
    private let key: HMACKey

    public init(key: [UInt8]) { self.key = HMACKey(key) }

    public func hex(_ text: String) -> String { key.hex(text) }
}
