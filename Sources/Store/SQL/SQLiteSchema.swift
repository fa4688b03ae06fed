/// The store's schema as ordered, versioned migrations. Never edit a shipped
/// migration: append a new one.
enum SQLiteSchema {
    struct Migration {
        let version: Int
        let name: String
        let sql: String
    }

    // Large rows (records with their JSON) live in rowid tables with a unique
    // index on the key: WITHOUT ROWID suits small rows only.
    static let migrations: [Migration] = [
        Migration(version: 1, name: "runs, cursors, source records, golden records, versions, quarantine", sql: """
            CREATE TABLE runs (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                stream TEXT NOT NULL,
                status TEXT NOT NULL,
                started_at TEXT NOT NULL,
                finished_at TEXT,
                read INTEGER NOT NULL DEFAULT 0,
                inserted INTEGER NOT NULL DEFAULT 0,
                updated INTEGER NOT NULL DEFAULT 0,
                unchanged INTEGER NOT NULL DEFAULT 0,
                rejected INTEGER NOT NULL DEFAULT 0,
                message TEXT
            );
            CREATE INDEX runs_stream ON runs(stream, id);
            CREATE TABLE cursors (
                stream TEXT PRIMARY KEY,
                value TEXT NOT NULL,
                run INTEGER NOT NULL REFERENCES runs(id),
                updated_at TEXT NOT NULL
            );
            -- What each stream last delivered per record, for change detection and merging.
            CREATE TABLE source_records (
                stream TEXT NOT NULL,
                entity TEXT NOT NULL,
                key TEXT NOT NULL,
                hash TEXT NOT NULL,
                fields TEXT NOT NULL,
                source_row INTEGER NOT NULL,
                run INTEGER NOT NULL,
                received_at TEXT NOT NULL,
                UNIQUE (stream, entity, key)
            );
            CREATE INDEX source_records_entity_key ON source_records(entity, key);
            -- The golden record per entity and key; provenance per field.
            CREATE TABLE records (
                entity TEXT NOT NULL,
                key TEXT NOT NULL,
                fields TEXT NOT NULL,
                provenance TEXT NOT NULL,
                version INTEGER NOT NULL,
                active INTEGER NOT NULL DEFAULT 1,
                created_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                UNIQUE (entity, key)
            );
            CREATE TABLE record_versions (
                entity TEXT NOT NULL,
                key TEXT NOT NULL,
                version INTEGER NOT NULL,
                fields TEXT NOT NULL,
                provenance TEXT NOT NULL,
                run INTEGER NOT NULL,
                changed_at TEXT NOT NULL,
                UNIQUE (entity, key, version)
            );
            CREATE TABLE quarantine (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                run INTEGER NOT NULL REFERENCES runs(id),
                stream TEXT NOT NULL,
                row_number INTEGER NOT NULL,
                source_key TEXT,
                raw TEXT NOT NULL,
                created_at TEXT NOT NULL
            );
            CREATE INDEX quarantine_run ON quarantine(run);
            CREATE TABLE quarantine_issues (
                quarantine_id INTEGER NOT NULL REFERENCES quarantine(id),
                position INTEGER NOT NULL,
                element TEXT NOT NULL,
                rule TEXT NOT NULL,
                reason TEXT NOT NULL,
                value TEXT,
                PRIMARY KEY (quarantine_id, position)
            ) WITHOUT ROWID;
            """),
        Migration(version: 2, name: "run kinds, quality reports, warnings, quarantine status", sql: """
            ALTER TABLE runs ADD COLUMN kind TEXT NOT NULL DEFAULT 'sync';
            CREATE TABLE run_quality (
                run INTEGER NOT NULL REFERENCES runs(id),
                element TEXT NOT NULL,
                rule TEXT NOT NULL,
                outcome TEXT NOT NULL,
                count INTEGER NOT NULL,
                PRIMARY KEY (run, element, rule, outcome)
            ) WITHOUT ROWID;
            CREATE TABLE row_warnings (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                run INTEGER NOT NULL REFERENCES runs(id),
                stream TEXT NOT NULL,
                row_number INTEGER NOT NULL,
                source_key TEXT,
                element TEXT NOT NULL,
                rule TEXT NOT NULL,
                severity TEXT NOT NULL,
                reason TEXT NOT NULL,
                value TEXT
            );
            CREATE INDEX row_warnings_run ON row_warnings(run);
            ALTER TABLE quarantine ADD COLUMN status TEXT NOT NULL DEFAULT 'open';
            ALTER TABLE quarantine ADD COLUMN closed_run INTEGER;
            CREATE INDEX quarantine_open ON quarantine(stream, status);
            """),
        Migration(version: 3, name: "inactive source records and record events", sql: """
            ALTER TABLE runs ADD COLUMN deactivated INTEGER NOT NULL DEFAULT 0;
            ALTER TABLE source_records ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
            ALTER TABLE source_records ADD COLUMN deactivated_run INTEGER;
            CREATE TABLE record_events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                entity TEXT NOT NULL,
                key TEXT NOT NULL,
                stream TEXT NOT NULL,
                run INTEGER NOT NULL,
                event TEXT NOT NULL,
                at TEXT NOT NULL
            );
            CREATE INDEX record_events_key ON record_events(entity, key);
            CREATE INDEX source_records_stream_active ON source_records(stream, active);
            """),
        Migration(version: 4, name: "conflicts between sources", sql: """
            CREATE TABLE conflicts (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                entity TEXT NOT NULL,
                key TEXT NOT NULL,
                element TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'open',
                golden_stream TEXT NOT NULL,
                golden_value TEXT NOT NULL,
                others TEXT NOT NULL,
                opened_run INTEGER NOT NULL,
                opened_at TEXT NOT NULL,
                closed_run INTEGER,
                closed_at TEXT
            );
            CREATE UNIQUE INDEX conflicts_open ON conflicts(entity, key, element) WHERE status = 'open';
            CREATE INDEX conflicts_status ON conflicts(status, golden_stream);
            """),
        Migration(version: 5, name: "persons across entities, candidate matches", sql: """
            -- Which real person each student and staff record belongs to, and the traits the fallback rule compares.
            CREATE TABLE persons (
                entity TEXT NOT NULL,
                key TEXT NOT NULL,
                person TEXT NOT NULL,
                basis TEXT NOT NULL,
                traits TEXT,
                version INTEGER NOT NULL,
                PRIMARY KEY (entity, key)
            ) WITHOUT ROWID;
            CREATE INDEX persons_person ON persons(person);
            CREATE INDEX persons_traits ON persons(traits);
            -- A person confirmed the link: it overrides the identity-number rule until unlinked.
            CREATE TABLE person_links (
                entity TEXT NOT NULL,
                key TEXT NOT NULL,
                person TEXT NOT NULL,
                decided_by TEXT NOT NULL,
                decided_at TEXT NOT NULL,
                PRIMARY KEY (entity, key)
            ) WITHOUT ROWID;
            CREATE TABLE match_candidates (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                a_entity TEXT NOT NULL,
                a_key TEXT NOT NULL,
                b_entity TEXT NOT NULL,
                b_key TEXT NOT NULL,
                rule TEXT NOT NULL,
                status TEXT NOT NULL DEFAULT 'pending',
                decided_by TEXT,
                decided_at TEXT,
                found_at TEXT NOT NULL,
                UNIQUE (a_entity, a_key, b_entity, b_key)
            );
            """),
        Migration(version: 6, name: "installation settings", sql: """
            -- Per-installation values, e.g. the key person ids are derived with (HMAC), so that an
            -- identity number cannot be recovered from its person id by trying numbers.
            CREATE TABLE settings (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
            """),
        Migration(version: 7, name: "serving: change sequence, consumer tokens, audit log", sql: """
            -- Every write of a golden record takes the next change sequence number: the change feed's order.
            ALTER TABLE records ADD COLUMN change_seq INTEGER;
            UPDATE records SET change_seq = rowid;
            CREATE INDEX records_changes ON records(change_seq);
            -- Consumer tokens: only the SHA-256 of a token is kept; the token is shown once.
            CREATE TABLE tokens (
                id TEXT PRIMARY KEY,
                consumer TEXT NOT NULL,
                hash TEXT NOT NULL,
                created_at TEXT NOT NULL,
                expires_at TEXT,
                revoked_at TEXT
            ) WITHOUT ROWID;
            -- Append-only and hash-chained: each entry's hash covers its columns and the previous hash.
            CREATE TABLE audit_log (
                seq INTEGER PRIMARY KEY,
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                entity TEXT,
                subject TEXT,
                filter TEXT,
                fields TEXT,
                purpose TEXT,
                outcome TEXT NOT NULL,
                detail TEXT,
                request_id TEXT,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            -- No secondary indexes: each would cost a page write per commit on the API's hot path.
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """),
        Migration(version: 8, name: "write-back outbox: write-backs, their events, idempotency keys, pending fields", sql: """
            -- Approved results on their way to the owning system; `seq` orders them per target and subject.
            CREATE TABLE writebacks (
                seq INTEGER PRIMARY KEY AUTOINCREMENT,
                id TEXT NOT NULL UNIQUE,
                consumer TEXT NOT NULL,
                idempotency_key TEXT NOT NULL,
                target TEXT NOT NULL,
                operation TEXT NOT NULL,
                entity TEXT NOT NULL,
                subject TEXT NOT NULL,
                fields TEXT NOT NULL,
                approval TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at REAL NOT NULL,
                lease_owner TEXT,
                lease_until REAL,
                last_error TEXT,
                accepted_at TEXT NOT NULL,
                delivered_at TEXT
            );
            CREATE INDEX writebacks_due ON writebacks(state, next_attempt_at);
            CREATE INDEX writebacks_queue ON writebacks(state, seq);
            CREATE INDEX writebacks_subject ON writebacks(target, entity, subject, seq);
            CREATE TABLE writeback_events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                writeback TEXT NOT NULL,
                at TEXT NOT NULL,
                event TEXT NOT NULL,
                detail TEXT,
                actor TEXT NOT NULL
            );
            CREATE INDEX writeback_events_writeback ON writeback_events(writeback, id);
            -- The first answer to each (consumer, Idempotency-Key), replayed for the same body; purged after the retention.
            CREATE TABLE idempotency_keys (
                consumer TEXT NOT NULL,
                key TEXT NOT NULL,
                request_hash TEXT NOT NULL,
                writeback TEXT NOT NULL,
                response TEXT NOT NULL,
                created_at REAL NOT NULL,
                PRIMARY KEY (consumer, key)
            ) WITHOUT ROWID;
            -- Golden-record fields a write-back is changing: pending until delivered, confirmed when a sync brings the value back.
            CREATE TABLE pending_fields (
                entity TEXT NOT NULL,
                key TEXT NOT NULL,
                element TEXT NOT NULL,
                writeback TEXT NOT NULL,
                value TEXT NOT NULL,
                state TEXT NOT NULL,
                PRIMARY KEY (entity, key, element, writeback)
            ) WITHOUT ROWID;
            CREATE INDEX pending_fields_open ON pending_fields(state) WHERE state IN ('pending', 'delivered', 'conflict');
            CREATE INDEX pending_fields_writeback ON pending_fields(writeback);
            -- Conflicts from merging sources ('merge') or from an owner that kept its value after a delivered write-back ('writeback').
            ALTER TABLE conflicts ADD COLUMN kind TEXT NOT NULL DEFAULT 'merge';
            """),
        Migration(version: 9, name: "one index for source records", sql: """
            -- (entity, key, stream) serves both the per-stream upsert and the per-record merge: two fewer
            -- index writes per synced record. A snapshot's per-stream counts scan the table once per run.
            CREATE TABLE source_records_v9 (
                stream TEXT NOT NULL,
                entity TEXT NOT NULL,
                key TEXT NOT NULL,
                hash TEXT NOT NULL,
                fields TEXT NOT NULL,
                source_row INTEGER NOT NULL,
                run INTEGER NOT NULL,
                received_at TEXT NOT NULL,
                active INTEGER NOT NULL DEFAULT 1,
                deactivated_run INTEGER,
                UNIQUE (entity, key, stream)
            );
            INSERT INTO source_records_v9 (stream, entity, key, hash, fields, source_row, run, received_at, active, deactivated_run)
                SELECT stream, entity, key, hash, fields, source_row, run, received_at, active, deactivated_run FROM source_records ORDER BY entity, key, stream;
            DROP TABLE source_records;
            ALTER TABLE source_records_v9 RENAME TO source_records;
            """),
        Migration(version: 10, name: "keyed audit log: positive sequence numbers, key ids, returned keys", sql: """
            -- Rows numbered 0 or below can only have been inserted outside campushub: kept aside as evidence
            -- (`audit verify` reports them), not carried into the new table, whose CHECK refuses them.
            CREATE TABLE audit_log_rejected AS SELECT * FROM audit_log WHERE seq <= 0;
            -- Entries from here on are MAC'd (HMAC-SHA256) under the audit key `key_id`, kept outside the store;
            -- `subjects` lists the record keys a list or change-feed read returned, covered by the MAC.
            CREATE TABLE audit_log_v10 (
                seq INTEGER PRIMARY KEY CONSTRAINT audit_log_seq_positive CHECK (seq > 0),
                at TEXT NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                entity TEXT,
                subject TEXT,
                filter TEXT,
                fields TEXT,
                purpose TEXT,
                outcome TEXT NOT NULL,
                detail TEXT,
                request_id TEXT,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL,
                subjects TEXT,
                key_id TEXT
            );
            INSERT INTO audit_log_v10 (seq, at, actor, action, entity, subject, filter, fields, purpose, outcome, detail, request_id, prev_hash, hash)
                SELECT seq, at, actor, action, entity, subject, filter, fields, purpose, outcome, detail, request_id, prev_hash, hash
                FROM audit_log WHERE seq > 0 ORDER BY seq;
            DROP TABLE audit_log;
            ALTER TABLE audit_log_v10 RENAME TO audit_log;
            CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """),
        Migration(version: 11, name: "change feed: each version keeps its change number and activity", sql: """
            -- The change feed reads the versions as a log: each keeps the change sequence number it was written
            -- with and whether the record was active then. Older versions, numbered before this, get none:
            -- only each record's current version is numbered here (the feed showed nothing else).
            ALTER TABLE record_versions ADD COLUMN change_seq INTEGER;
            ALTER TABLE record_versions ADD COLUMN active INTEGER NOT NULL DEFAULT 1;
            UPDATE record_versions SET
                change_seq = (SELECT r.change_seq FROM records r WHERE r.entity = record_versions.entity AND r.key = record_versions.key
                    AND r.version = record_versions.version),
                active = COALESCE((SELECT r.active FROM records r WHERE r.entity = record_versions.entity AND r.key = record_versions.key
                    AND r.version = record_versions.version), 1);
            CREATE INDEX record_versions_changes ON record_versions(entity, change_seq);
            """),
        Migration(version: 12, name: "archiving: cases, their attachments and events, archive serials", sql: """
            -- Finished service-hall cases on their way into the archive. (consumer, idempotency_key) answers a retry;
            -- (consumer, case_number) keeps one case per hall case number; an archive number is given once.
            CREATE TABLE cases (
                id TEXT PRIMARY KEY,
                consumer TEXT NOT NULL,
                idempotency_key TEXT NOT NULL,
                request_hash TEXT NOT NULL,
                response TEXT NOT NULL,
                case_number TEXT NOT NULL,
                item TEXT NOT NULL,
                entity TEXT NOT NULL,
                subject TEXT NOT NULL,
                state TEXT NOT NULL,
                case_json TEXT NOT NULL,
                steps_digest TEXT NOT NULL,
                accepted_at TEXT NOT NULL,
                updated_at TEXT NOT NULL,
                archive_number TEXT UNIQUE,
                serial INTEGER,
                package_id TEXT UNIQUE,
                package_sm3 TEXT,
                problem TEXT,
                UNIQUE (consumer, idempotency_key),
                UNIQUE (consumer, case_number)
            );
            CREATE INDEX cases_state ON cases(state, accepted_at);
            CREATE INDEX cases_subject ON cases(entity, subject, accepted_at);
            CREATE TABLE case_attachments (
                case_id TEXT NOT NULL,
                position INTEGER NOT NULL,
                name TEXT NOT NULL,
                title TEXT NOT NULL,
                media_type TEXT NOT NULL,
                size INTEGER NOT NULL,
                sm3 TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                PRIMARY KEY (case_id, position)
            ) WITHOUT ROWID;
            CREATE TABLE case_events (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                case_id TEXT NOT NULL,
                at TEXT NOT NULL,
                event TEXT NOT NULL,
                detail TEXT,
                actor TEXT NOT NULL
            );
            CREATE INDEX case_events_case ON case_events(case_id, id);
            -- The last 件号 given per archive-number group (fonds, category, year, retention, unit): serials without gaps.
            CREATE TABLE archive_serials (
                group_key TEXT PRIMARY KEY,
                last_serial INTEGER NOT NULL
            ) WITHOUT ROWID;
            """),
        Migration(version: 13, name: "archiving: serials released by a case that failed its checks, given again first", sql: """
            -- A case whose package fails its checks gives its 件号 back: the next case of its group takes the
            -- smallest released one first, so the archived serials of a group stay without gaps (DA/T 13).
            CREATE TABLE archive_serial_gaps (
                group_key TEXT NOT NULL,
                serial INTEGER NOT NULL,
                PRIMARY KEY (group_key, serial)
            ) WITHOUT ROWID;
            """),
        Migration(version: 14, name: "unchanged rows of a full read skip the standards", sql: """
            -- A digest of the raw source row under the configuration that read it (mapping, standards, code tables,
            -- time zone), for rows that passed the standards without a warning: a later full read that meets the
            -- same digest knows the row is unchanged without normalising it. passed_mask: which fields had a value
            -- (bit i: field i of the mapping), for the run's quality report. NULL: the row is normalised every time.
            ALTER TABLE source_records ADD COLUMN raw_digest INTEGER;
            ALTER TABLE source_records ADD COLUMN passed_mask INTEGER;
            """),
        Migration(version: 15, name: "the traits index carries the person", sql: """
            -- The traits shared by more than one person (where candidate matches can be) are then found by
            -- reading the index alone, in order: a first load proposes its candidates among those few.
            DROP INDEX IF EXISTS persons_traits;
            CREATE INDEX persons_traits ON persons(traits, person);
            """),
        Migration(version: 16, name: "a stream's records and their marks read from an index", sql: """
            -- A full read counts the stream's active records, loads their marks and finds the ones it did not see:
            -- three passes that read this narrow index instead of the records' fields. Within a run its entries
            -- come in source row order, so a first load appends to it.
            CREATE INDEX source_records_stream_marks ON source_records(stream, active, run, source_row, raw_digest, passed_mask);
            """),
        Migration(version: 17, name: "a record one stream alone made holds its fields once", sql: """
            -- A key that one stream alone delivers gets its golden record with every field from its row (a first
            -- load): its source record then holds '' for fields instead of a second copy, and the golden record
            -- holds them. Whatever changes a golden record's fields first copies them into the source records
            -- holding '' for it. This view reads every source record's fields as its stream delivered them.
            CREATE VIEW source_records_as_delivered AS
                SELECT s.stream, s.entity, s.key, s.hash, CASE WHEN s.fields = '' THEN r.fields ELSE s.fields END AS fields,
                    s.source_row, s.run, s.received_at, s.active, s.deactivated_run, s.raw_digest, s.passed_mask
                FROM source_records s LEFT JOIN records r ON s.fields = '' AND r.entity = s.entity AND r.key = s.key;
            """),
    ]
}
