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
        case let .table(name): base = CursorQuery.selectAll(name)
        case let .query(query): base = query
        }
        let query = CursorQuery(base: base, incremental: incremental, after: after, placeholders: ("$1", "$2"))
        // PostgreSQL casts text parameters to the column's type.
        let sql = query.sql
        let parameters = query.position.map(\.text)
        do {
            rows = try connection.stream(sql, parameters)
        } catch {
            if error.isTemporary {
                throw HubError.temporary("\(origin): PostgreSQL connection lost: \(error.message)", fix: "retry later")
            }
            throw HubError.config("\(origin): PostgreSQL refused the query: \(error)", fix: "check the table name, query and cursor columns in the connector file")
        }
        header = SourceHeader(rows.columns)
        cursorColumns = try CursorQuery.columns(incremental, in: header, origin: origin)
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
        cursor = CursorQuery.position(after: values, columns: cursorColumns)
        return SourceRow(number: rowNumber, values: values)
    }
}
