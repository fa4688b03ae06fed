import Foundation
import GoldenRecords
import HubCore
import HubCrypto
import PostgresClient
import SQLiteDB

/// The store on one SQL connection: the embedded SQLite file (WAL mode), or a
/// PostgreSQL database shared by several processes. One connection, used by one
/// thread at a time; statements on the hot path are prepared once.
public final class SQLStore: HubStore {
    let database: any SQLConnection
    lazy var statements = Result { try HotStatements(database) }
    /// Statements the API runs again and again, by SQL text; cleared when it grows past 64.
    var preparedCache: [String: any SQLStatement] = [:]

    let backing: Backing
    /// Rows a sync wrote through this connection, for `keepStatisticsFresh` (PostgreSQL).
    var growth = (analyzed: 0, sinceAnalyze: 0)
    /// Checkpoints the WAL beside the sync's batches (SQLite), made by the first batch.
    var checkpointer: WALCheckpointer?
    /// Audit appends since the checkpointer was last nudged (see `checkpointAuditAppendsAside`).
    var auditAppendsSinceCheckpoint = 0
    /// Scratch space for the canonical JSON of records a batch brings unprepared.
    var jsonScratch: [UInt8] = []
    /// The run whose bulk load of people this connection began (see `startBulkLinking`).
    var bulkLinkingRun: Int64?
    /// New people of committed batches, not linked yet (see `apply`).
    var deferredLinks: [PersonLink] = []
    /// Streams whose snapshot read in progress skipped rows it knew by their marks (see `snapshotShortfall`).
    var markedSnapshots: Set<String> = []
    var dialect: SQLDialect { database.dialect }
    /// The audit keys, outside the store; nil: the audit log is appended unkeyed (only while it has no keyed entry).
    public var auditKeyFile: AuditKeyFile? = AuditKeyFile.processDefault

    /// Where the store lives: what new connections (locks, readers) connect to.
    enum Backing {
        case sqlite(path: String)
        case postgres(parameters: [(String, String)])
    }

    /// A PostgreSQL store: a `postgres://` URL, or libpq keywords (`host=... dbname=...`).
    public init(postgres conninfo: String) throws {
        let parameters = conninfo.contains("://") ? [("dbname", conninfo)] : PostgresConnection.keywords(conninfo)
        do {
            database = try PostgresSQLConnection(parameters: parameters)
        } catch let error as PostgresError {
            throw HubError.temporary("cannot reach the PostgreSQL store: \(error.message)",
                                     fix: "check --store (host, port, database, user) and that the server runs; the password comes from PGPASSWORD or ~/.pgpass")
        }
        backing = .postgres(parameters: parameters)
    }

    public init(path: String) throws {
        let database = try Database(path: path)
        self.database = database
        backing = .sqlite(path: path)
        // WAL and a 16 MiB page cache (4 MiB for temporary tables): a sync touches three tables and their indexes per
        // record, but in key order mostly; the rest comes from the system's file cache, and a million-row sync stays near 100 MB.
        try database.execute("""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;
            PRAGMA cache_size=-16384; PRAGMA temp.cache_size=-4096;
            """)
    }

    public func startRun(stream: String, kind: String, at: Date) throws -> Int64 {
        try database.prepare("""
            UPDATE runs SET status = 'abandoned', message = 'the process ended before the run finished (killed or crashed); its committed batches are kept'
            WHERE stream = ? AND status = 'running'
            """).run([.text(stream)])
        return try insertReturningID("INSERT INTO runs (stream, kind, status, started_at) VALUES (?, ?, 'running', ?) RETURNING id",
                                     [.text(stream), .text(kind), .text(Timestamp.iso8601(at))])
    }

    public func finishRun(_ run: Int64, status: RunStatus, counts: RunCounts, quality: QualityReport, message: String?, at: Date) throws {
        try auditedTransaction {
            try database.prepare("""
                UPDATE runs SET status = ?, finished_at = ?, read = ?, inserted = ?, updated = ?, unchanged = ?, rejected = ?,
                    deactivated = ?, message = ?
                WHERE id = ?
                """).run([.text(status.rawValue), .text(Timestamp.iso8601(at)), .int(counts.read), .int(counts.inserted),
                          .int(counts.updated), .int(counts.unchanged), .int(counts.rejected), .int(counts.deactivated),
                          .optional(message), .integer(run)])
            let insert = try database.prepare("INSERT INTO run_quality (run, element, rule, outcome, count) VALUES (?, ?, ?, ?, ?)")
            for (key, count) in quality.sorted {
                try insert.run([.integer(run), .text(key.element), .text(key.rule), .text(key.outcome), .int(count)])
            }
            // Every sync run is an audit event, committed with the run's figures.
            let stream = try database.scalar("SELECT stream FROM runs WHERE id = ?", [.integer(run)]) ?? ""
            try appendAudit([AuditDraft(at: Timestamp.iso8601(at), actor: "sync", action: "sync.run", entity: nil, subject: stream,
                                        outcome: status.rawValue,
                                        detail: "run \(run): read \(counts.read), inserted \(counts.inserted), updated \(counts.updated), " +
                                            "unchanged \(counts.unchanged), rejected \(counts.rejected), deactivated \(counts.deactivated)")])
        }
    }

    public func supersedeQuarantine(stream: String, before run: Int64) throws {
        try database.prepare("UPDATE quarantine SET status = 'superseded', closed_run = ? WHERE stream = ? AND status = 'open' AND run < ?")
            .run([.integer(run), .text(stream), .integer(run)])
    }

    /// Drops the prepared statements and what a connection remembers of a sync, after a rolled-back
    /// transaction took the temporary tables they use; the next use prepares (and creates) them again.
    func forgetConnectionState() {
        statements = Result { try HotStatements(database) }
        preparedCache.removeAll()
        bulkLinkingRun = nil
        deferredLinks = []
    }

    /// A prepared statement from the cache (the caller resets it when done).
    func cachedStatement(_ sql: String) throws -> any SQLStatement {
        if let statement = preparedCache[sql] { return statement }
        if preparedCache.count >= 64 { preparedCache.removeAll() }
        let statement = try database.prepare(sql)
        preparedCache[sql] = statement
        return statement
    }

    public func cursor(stream: String) throws -> String? {
        try database.scalar("SELECT value FROM cursors WHERE stream = ?", [.text(stream)])
    }
}
