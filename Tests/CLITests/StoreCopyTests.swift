import Foundation
import SQLiteDB
import TestSupport
import Testing

/// `store copy` moves a college from the embedded store to PostgreSQL and back: the
/// same rows in every table (records, versions, provenance, persons, outbox, tokens,
/// audit), and the audit chain verifies on both copies.
@Suite(.serialized) struct StoreCopyTests {
    static let tables = [
        "runs ORDER BY id", "cursors ORDER BY stream", "source_records ORDER BY entity, key, stream", "records ORDER BY entity, key",
        "record_versions ORDER BY entity, key, version", "quarantine ORDER BY id", "quarantine_issues ORDER BY quarantine_id, position",
        "run_quality ORDER BY run, element, rule, outcome", "row_warnings ORDER BY id", "record_events ORDER BY id", "conflicts ORDER BY id",
        "persons ORDER BY entity, key", "person_links ORDER BY entity, key", "match_candidates ORDER BY id", "settings ORDER BY name",
        "tokens ORDER BY id", "audit_log ORDER BY seq", "writebacks ORDER BY seq", "writeback_events ORDER BY id",
        "idempotency_keys ORDER BY consumer, key", "pending_fields ORDER BY entity, key, element, writeback", "cases ORDER BY id",
        "case_attachments ORDER BY case_id, position", "case_events ORDER BY id", "archive_serials ORDER BY group_key",
    ]

    @Test func sqliteToPostgresAndBackKeepsEveryRowAndTheAuditChain() throws {
        let workspace = try demoWithApprovedWriteback().workspace
        #expect(try runCampusHub(["writeback", "submit", workspace.file("approved.json"), "--consumer", "service-hall", "--purpose", "contact-update", "--workspace", workspace.path]).status == 0)
        #expect(try runCampusHub(["token", "create", "--consumer", "library", "--workspace", workspace.path]).status == 0)

        let (_, postgres) = try TestPostgres.freshDatabase()
        let there = try runCampusHub(["store", "copy", "--from", "sqlite:campushub.db", "--to", postgres, "--workspace", workspace.path])
        #expect(there.status == 0, "\(there.stderr)")
        #expect(there.stdout.contains("intact"))
        let back = try runCampusHub(["store", "copy", "--from", postgres, "--to", "sqlite:back.db", "--workspace", workspace.path])
        #expect(back.status == 0, "\(back.stderr)")

        let original = try Database(path: workspace.file("campushub.db")), copy = try Database(path: workspace.file("back.db"))
        for table in Self.tables {
            let rows = try original.rows("SELECT * FROM \(table)")
            #expect(try copy.rows("SELECT * FROM \(table)") == rows, "\(table)")
            if ["records ORDER BY entity, key", "audit_log ORDER BY seq", "writebacks ORDER BY seq"].contains(table) { #expect(!rows.isEmpty, "\(table)") }
        }
        #expect(try original.rows("SELECT rowid FROM records ORDER BY rowid") == copy.rows("SELECT rowid FROM records ORDER BY rowid"))
        for store in [postgres, "sqlite:back.db"] {
            let verify = try runCampusHub(["audit", "verify", "--store", store, "--workspace", workspace.path])
            #expect(verify.status == 0, "\(store): \(verify.stdout) \(verify.stderr)")
        }
        // The copy goes on where the original stopped: a new run gets the next id.
        let rerun = try runCampusHub(["sync", "dc.units", "--store", postgres, "--workspace", workspace.path])
        #expect(rerun.status == 0, "\(rerun.stderr)")
        let refused = try runCampusHub(["store", "copy", "--from", "sqlite:campushub.db", "--to", postgres, "--workspace", workspace.path])
        #expect(refused.status == 64)
        #expect(refused.stderr.contains("not empty"))
    }
}
