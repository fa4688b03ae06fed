import Foundation
import HubCore
import HubCrypto
import SQLiteDB

extension SQLiteStore {
    /// Brings the person links up to date for every person record changed
    /// since it was last correlated (so a killed run is caught up by the next):
    /// same identity document, same person; same fallback traits, a candidate.
    public func correlatePersons(rule unkeyed: PersonRule, at: Date) throws -> PersonCorrelation {
        var result = PersonCorrelation()
        guard !unkeyed.entities.isEmpty else { return result }
        let rule = unkeyed.keyed(try installationKey())
        let timestamp = Timestamp.iso8601(at)
        let entities = rule.entities.map { SQLValue.text($0) }
        let placeholders = Array(repeating: "?", count: entities.count).joined(separator: ", ")
        // Confirmed links are few: read them once.
        var links: [RecordKey: String] = [:]
        for row in try database.rows("SELECT entity, key, person FROM person_links") {
            links[RecordKey(entity: row[0] ?? "", key: row[1] ?? "")] = row[2] ?? ""
        }
        let upsert = try database.prepare("""
            INSERT INTO persons (entity, key, person, basis, traits, version) VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (entity, key) DO UPDATE SET person = excluded.person, basis = excluded.basis,
                traits = excluded.traits, version = excluded.version
            """)
        let alike = try database.prepare("SELECT entity, key FROM persons WHERE traits = ? AND person != ? AND NOT (entity = ? AND key = ?)")
        let propose = try database.prepare("""
            INSERT OR IGNORE INTO match_candidates (a_entity, a_key, b_entity, b_key, rule, found_at) VALUES (?, ?, ?, ?, ?, ?)
            """)
        let ruleName = rule.fallback.joined(separator: "+")
        // Only the elements the rule compares, extracted by SQLite: no need to parse whole records.
        let elements = rule.elements
        let extracts = elements.map { "json_extract(r.fields, '$.\($0.replacingOccurrences(of: "'", with: ""))')" }.joined(separator: ", ")
        // Walk the records once, in rowid order, 5000 at a time (never rescanning what was done);
        // `+r.entity` keeps the planner on the rowid range instead of the (entity, key) index.
        var after: Int64 = 0
        while true {
            let changed = try database.rows("""
                SELECT r.rowid, r.entity, r.key, r.version, \(extracts) FROM records r
                LEFT JOIN persons p ON p.entity = r.entity AND p.key = r.key
                WHERE r.rowid > ? AND +r.entity IN (\(placeholders)) AND (p.version IS NULL OR p.version != r.version)
                ORDER BY r.rowid LIMIT 5000
                """, [.integer(after)] + entities)
            guard let last = changed.last?[0].flatMap({ Int64($0) }) else { return result }
            after = last
            try database.transaction {
                for row in changed {
                    let entity = row[1] ?? "", key = row[2] ?? ""
                    let version = Int64(row[3] ?? "0") ?? 0
                    var fields: [String: String] = [:]
                    for (offset, element) in elements.enumerated() { fields[element] = row[4 + offset] }
                    let linked = links[RecordKey(entity: entity, key: key)]
                    let own = rule.person(entity: entity, key: key, fields: fields)
                    let person = linked ?? own.person
                    let traits = rule.traits(fields)
                    try upsert.run([.text(entity), .text(key), .text(person), .text(linked == nil ? own.basis : "confirmed"), .optional(traits), .integer(version)])
                    result.correlated += 1
                    guard let traits else { continue }
                    try alike.bind([.text(traits), .text(person), .text(entity), .text(key)])
                    var others: [RecordKey] = []
                    while try alike.step() { others.append(RecordKey(entity: alike.text(0) ?? "", key: alike.text(1) ?? "")) }
                    alike.reset()
                    for other in others {
                        let pair = [RecordKey(entity: entity, key: key), other].sorted { ($0.entity, $0.key) < ($1.entity, $1.key) }
                        try propose.run([.text(pair[0].entity), .text(pair[0].key), .text(pair[1].entity), .text(pair[1].key), .text(ruleName), .text(timestamp)])
                        result.candidates += database.changes
                    }
                }
            }
        }
    }

    /// The installation's secret key, made from RAND_bytes the first time it is needed.
    func installationKey() throws -> [UInt8] {
        if let hex = try database.scalar("SELECT value FROM settings WHERE name = 'person-key'") {
            return Self.bytes(hex: hex)
        }
        guard let key = SecureRandom.bytes(32) else {
            throw HubError.internal("the system's random generator failed", fix: "check OpenSSL's entropy source")
        }
        try database.prepare("INSERT OR IGNORE INTO settings (name, value) VALUES ('person-key', ?)").run([.text(SHA256.hexString(key))])
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
    public func unlink(entity: String, key: String, rule: PersonRule, at: Date) throws {
        try database.transaction {
            guard let person = try database.scalar("SELECT person FROM person_links WHERE entity = ? AND key = ?", [.text(entity), .text(key)]) else {
                throw HubError.usage("\(entity) \(key) has no confirmed link", fix: "see `campushub show \(entity) \(key)` for its person")
            }
            let members = try database.rows("SELECT entity, key FROM person_links WHERE person = ?", [.text(person)])
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
        _ = try correlatePersons(rule: rule, at: at)
    }
}
