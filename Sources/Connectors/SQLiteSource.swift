import HubCore
import SQLiteDB

/// Rows of a SQLite table or query, stepped one at a time.
public final class SQLiteSource: RecordSource {
    public let header: SourceHeader
    private let database: Database
    private let statement: Statement
    private var rowNumber = 0

    public enum Selection: Sendable {
        case table(String)
        case query(String)
    }

    public init(path: String, selection: Selection) throws(HubError) {
        do {
            database = try Database(path: path, mode: .readOnly)
            let sql: String
            switch selection {
            case let .table(name): sql = "SELECT * FROM \"\(name.replacingOccurrences(of: "\"", with: "\"\""))\""
            case let .query(query): sql = query
            }
            let prepared = try database.prepare(sql)
            statement = prepared
            header = SourceHeader((0..<prepared.columnCount).map { prepared.columnName($0) })
        } catch {
            if error.code & 0xFF == 14 /* SQLITE_CANTOPEN */ {
                throw HubError.temporary("cannot open the SQLite database \(path)", fix: "check the path in the connector file and that the file is readable")
            }
            if error.isBusy {
                throw HubError.temporary("the SQLite database \(path) is locked", fix: "retry later")
            }
            throw HubError.config("SQLite source \(path): \(error.message)", fix: "check the table name or query in the connector file")
        }
    }

    public func next() throws -> SourceRow? {
        do {
            guard try statement.step() else { return nil }
        } catch {
            throw HubError.temporary("reading \(database.path) failed: \(error.message)", fix: "retry later; check the source database")
        }
        rowNumber += 1
        return SourceRow(number: rowNumber, values: (0..<header.columns.count).map { statement.text($0) })
    }
}
