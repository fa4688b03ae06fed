import Foundation
import HubCore
import PostgresClient
import Workspace

/// Rows of a PostgreSQL table or query, streamed in libpq's single-row mode.
/// With a cursor, rows come in (cursor column, key) order after the last
/// committed position.
public final class PostgresSource: RecordSource {
    public let header: SourceHeader
    private let connection: PostgresConnection
    private let rows: PostgresRowStream
    private var rowNumber = 0
    private let cursorColumns: (value: Int, key: Int)?
    public private(set) var cursor: String?
    private let origin: String

    public init(connection parameters: [(String, String)], origin: String, selection: SQLiteSource.Selection,
                incremental: CursorSpec? = nil, after: String? = nil) throws(HubError) {
        self.origin = origin
        do {
            connection = try PostgresConnection(parameters: parameters)
        } catch {
            throw HubError.temporary("\(origin): cannot connect to PostgreSQL: \(error.message)", fix: "check the connection in the connector file and that the server is reachable; retry later")
        }
        let base: String
        switch selection {
        case let .table(name): base = "SELECT * FROM " + name.split(separator: ".").map { Self.quoted(String($0)) }.joined(separator: ".")
        case let .query(query): base = query
        }
        var sql = base
        var parameters: [String?] = []
        if let incremental {
            let column = Self.quoted(incremental.column), key = Self.quoted(incremental.key)
            sql = "SELECT * FROM (\(base)) AS source"
            if let after, let position = SourceCursor.parse(after) {
                sql += " WHERE \(column) > $1 OR (\(column) = $1 AND \(key) > $2)"
                parameters = [position.value.text, position.key.text]
            }
            sql += " ORDER BY \(column), \(key)"
        }
        do {
            rows = try connection.stream(sql, parameters)
        } catch {
            if error.kind == .connection {
                throw HubError.temporary("\(origin): PostgreSQL connection lost: \(error.message)", fix: "retry later")
            }
            throw HubError.config("\(origin): PostgreSQL refused the query: \(error)", fix: "check the table name, query and cursor columns in the connector file")
        }
        header = SourceHeader(rows.columns)
        if let incremental {
            guard let value = header.index(of: incremental.column), let key = header.index(of: incremental.key) else {
                throw HubError.config("\(origin): the cursor columns \(incremental.column), \(incremental.key) are not among the columns read",
                                      fix: "name columns of the table or query in \"cursor\"")
            }
            cursorColumns = (value, key)
        } else {
            cursorColumns = nil
        }
    }

    public func next() throws -> SourceRow? {
        let values: [String?]?
        do {
            values = try rows.next()
        } catch {
            throw HubError.temporary("\(origin): reading from PostgreSQL failed: \(error)", fix: "retry later; check the source database")
        }
        guard let values else { return nil }
        rowNumber += 1
        if let (value, key) = cursorColumns {
            cursor = SourceCursor(value: .optional(values[value]), key: .optional(values[key])).text
        }
        return SourceRow(number: rowNumber, values: values)
    }

    static func quoted(_ name: String) -> String { "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
}
