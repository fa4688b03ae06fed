import Foundation
import HTTPClient
import HubCore
import HubCrypto
import Outbox
import PostgresClient
import SQLiteDB
import Store
import Workspace

/// Sends one write-back to its owning system and says what happened.
protocol Deliverer: AnyObject {
    func deliver(_ record: WritebackRecord) -> DeliveryEvent
}

/// What every target receives: the write-back as JSON, the same bytes on every attempt.
public enum WritebackPayload {
    public static func json(_ record: WritebackRecord) -> String {
        var writer = JSONWriter()
        writer.raw("{\"id\":")
        writer.string(record.id)
        writer.raw(",\"operation\":")
        writer.string(record.request.operation)
        writer.raw(",\"entity\":")
        writer.string(record.request.entity)
        writer.raw(",\"subject\":")
        writer.string(record.request.subject)
        writer.raw(",\"fields\":" + JSONWriter.canonicalObject(record.request.fields))
        writer.raw(",\"approval\":" + record.request.approval)
        writer.raw(",\"acceptedAt\":")
        writer.string(record.acceptedAt)
        writer.raw("}")
        return writer.text
    }
}

/// What a write-back target needs from the environment (or secret files), resolved in one place:
/// by the deliverers, and by `outbox run` before its first pass, where a missing variable is a
/// configuration error (exit 78) naming the target and the variable — retrying cannot set it.
public enum TargetSecrets {
    /// HTTP: the key of `X-CampusHub-Signature` (`writeback.secret`).
    static func signingKey(_ secret: SecretReference, of connector: ConnectorSpec, environment: [String: String]) throws(HubError) -> [UInt8] {
        Array(try secret.resolve(environment: environment, origin: origin(connector) + ": writeback.secret").utf8)
    }

    /// HTTP: the connector's authentication headers.
    static func authorization(of connector: ConnectorSpec, environment: [String: String]) throws(HubError) -> [(String, String)] {
        try connector.http?.auth.headers(environment: environment, origin: origin(connector) + ": auth") ?? []
    }

    /// SQL on PostgreSQL, MySQL or through ODBC: the connector's password.
    static func password(of connector: ConnectorSpec, environment: [String: String]) throws(HubError) -> String? {
        try connector.password?.resolve(environment: environment, origin: origin(connector) + ": password")
    }

    /// Resolves the secrets of every write-back target in the workspace; throws for the first one missing.
    public static func check(_ workspace: Workspace, environment: [String: String]) throws(HubError) {
        for connector in workspace.connectors {
            switch connector.writeback?.delivery {
            case let .http(_, _, secret, _)?:
                _ = try signingKey(secret, of: connector, environment: environment)
                _ = try authorization(of: connector, environment: environment)
            case .sql?:
                _ = try password(of: connector, environment: environment)
            case nil:
                break
            }
            try checkHandover(connector, environment: environment)
        }
    }

    /// Resolves the secrets an archive system's handover needs (`archive handover`, before its pass).
    public static func checkHandover(_ connector: ConnectorSpec, environment: [String: String]) throws(HubError) {
        switch connector.handover?.delivery {
        case let .http(_, secret, _)?:
            _ = try secret.resolve(environment: environment, origin: origin(connector) + ": handover.secret")
            _ = try authorization(of: connector, environment: environment)
        case .sql?:
            _ = try password(of: connector, environment: environment)
        case .folder?, nil:
            break
        }
    }

    private static func origin(_ connector: ConnectorSpec) -> String { "write-back target \(connector.name) (\(connector.file))" }
}

/// HTTP targets: the payload with `Idempotency-Key: <write-back id>` and
/// `X-CampusHub-Signature: sha256=<HMAC-SHA256 of the body>`; one kept-alive client.
final class HTTPDeliverer: Deliverer {
    private let client: HTTPClient
    private let url: String
    private let method: String
    private let secret: [UInt8]
    private let authorization: [(String, String)]
    private let timeoutSeconds: Double

    init(connector: ConnectorSpec, path: String, method: String, secret: SecretReference, timeoutSeconds: Double,
         environment: [String: String]) throws {
        guard let connection = connector.http else {
            throw HubError.config("\(connector.file): writeback needs an http connector", fix: "give the connector a baseURL")
        }
        do {
            client = try HTTPClient()
        } catch {
            throw HubError.internal("libcurl could not start: \(error)")
        }
        url = connection.baseURL + path
        self.method = method
        self.secret = try TargetSecrets.signingKey(secret, of: connector, environment: environment)
        authorization = try TargetSecrets.authorization(of: connector, environment: environment)
        self.timeoutSeconds = timeoutSeconds
    }

    func deliver(_ record: WritebackRecord) -> DeliveryEvent {
        let body = WritebackPayload.json(record)
        let headers = authorization + [
            ("Content-Type", "application/json; charset=utf-8"), ("Idempotency-Key", record.id),
            ("X-CampusHub-Signature", "sha256=" + HMACSHA256.hex(key: secret, message: body)),
        ]
        do {
            let response = try client.request(method: method, url: url, headers: headers, body: Array(body.utf8), timeoutSeconds: timeoutSeconds,
                                              connectTimeoutSeconds: min(5, timeoutSeconds), maxResponseBytes: 1 << 20)
            return DeliveryOutcome.event(forStatus: response.status, summary: Self.summary(response.body))
        } catch {
            return .failedTemporarily(error: "\(error)")
        }
    }

    /// The first line of the target's answer, for the dead letter's last error (at most 200 characters).
    static func summary(_ body: [UInt8]) -> String {
        let text = String(decoding: body.prefix(400), as: UTF8.self)
        let line = text.split(separator: "\n").first.map(String.init) ?? ""
        return line.isEmpty ? "(no body)" : String(line.prefix(200))
    }
}

/// SQL targets: an upsert keyed by the write-back id into the target's table, in its own transaction.
final class SQLDeliverer: Deliverer {
    private enum Connection {
        case database(TargetDatabase)
        case mysql(MySQLWritebackTable)
        case odbc(ODBCWritebackTable)
    }

    private let connection: Connection
    private let table: String
    /// Stamps `received_at`.
    private let clock: @Sendable () -> Date

    static func columns(_ table: String) -> String {
        """
        CREATE TABLE IF NOT EXISTS \(table) (
            writeback_id TEXT PRIMARY KEY, operation TEXT NOT NULL, entity TEXT NOT NULL, subject TEXT NOT NULL,
            fields TEXT NOT NULL, approval TEXT NOT NULL, accepted_at TEXT NOT NULL, received_at TEXT NOT NULL
        )
        """
    }

    init(connector: ConnectorSpec, table: String, workspace: Workspace, environment: [String: String],
         clock: @escaping @Sendable () -> Date = { Date() }) throws {
        self.table = table
        self.clock = clock
        if let database = try TargetDatabase.open(connector, workspace: workspace, environment: environment, schema: Self.columns(table)) {
            connection = .database(database)
            return
        }
        switch connector.kind {
        case .mysql:
            connection = .mysql(try MySQLWritebackTable(connector: connector, table: table,
                                                        password: try TargetSecrets.password(of: connector, environment: environment)))
        case .odbc:
            connection = .odbc(try ODBCWritebackTable(connector: connector, table: table, password: try TargetSecrets.password(of: connector, environment: environment)))
        default:
            throw HubError.config("\(connector.file): a \(connector.kind.rawValue) connector cannot take SQL write-backs", fix: "use sqlite, postgres, mysql or odbc")
        }
    }

    func deliver(_ record: WritebackRecord) -> DeliveryEvent {
        let values = [record.id, record.request.operation, record.request.entity, record.request.subject,
                      JSONWriter.canonicalObject(record.request.fields), record.request.approval, record.acceptedAt, Timestamp.iso8601(clock())]
        let insert = """
            INSERT INTO \(table) (writeback_id, operation, entity, subject, fields, approval, accepted_at, received_at)
            VALUES (%@) ON CONFLICT (writeback_id) DO NOTHING
            """
        do {
            switch connection {
            case let .database(.sqlite(database)):
                try database.transaction {
                    try database.prepare(insert.replacingOccurrences(of: "%@", with: "?, ?, ?, ?, ?, ?, ?, ?")).run(values.map { .text($0) })
                }
            case let .database(.postgres(postgres)):
                _ = try postgres.query("BEGIN")
                do {
                    _ = try postgres.query(insert.replacingOccurrences(of: "%@", with: "$1, $2, $3, $4, $5, $6, $7, $8"), values)
                    _ = try postgres.query("COMMIT")
                } catch {
                    _ = try? postgres.query("ROLLBACK")
                    throw error
                }
            case let .mysql(target):
                try target.write(values)
            case let .odbc(target):
                try target.upsert(values)
            }
            return .succeeded
        } catch {
            // A database that is down or busy comes back; the error text names no values.
            return .failedTemporarily(error: "SQL target: \(error)")
        }
    }
}
