import HubCore
import SQLiteDB
import Workspace

/// Rows of a SQLite table or query, stepped one at a time. With a cursor, rows
/// come in (cursor column, key) order after the last committed position, so
/// rows sharing a timestamp are neither missed nor read twice.
public final class SQLiteSource: RawValuesSource {
    public let header: SourceHeader
    private let database: Database
    private let statement: Statement
    private var rowNumber = 0
    private let cursorColumns: (value: Int, key: Int)?
    public private(set) var cursor: String?

    public enum Selection: Sendable {
        case table(String)
        case query(String)
    }

    /// `after` is a cursor this source produced earlier (`cursor`), or nil to start at the beginning.
    public init(path: String, selection: Selection, incremental: CursorSpec? = nil, after: String? = nil) throws(HubError) {
        do {
            database = try Database(path: path, mode: .readOnly)
            let base: String
            switch selection {
            case let .table(name): base = CursorQuery.selectAll(name)
            case let .query(query): base = query
            }
            let query = CursorQuery(base: base, incremental: incremental, after: after, placeholders: ("?1", "?2"))
            let sql = query.sql
            let values = query.position
            let prepared = try database.prepare(sql)
            try prepared.bind(values)
            statement = prepared
        } catch {
            if error.code & 0xFF == 14 /* SQLITE_CANTOPEN */ {
                throw HubError.temporary("cannot open the SQLite database \(path)", fix: "check the path in the connector file and that the file is readable")
            }
            if error.isBusy {
                throw HubError.temporary("the SQLite database \(path) is locked", fix: "retry later")
            }
            throw HubError.config("SQLite source \(path): \(error.message)", fix: "check the table name, query and cursor columns in the connector file")
        }
        let prepared = statement
        header = SourceHeader((0..<prepared.columnCount).map { prepared.columnName($0) })
        cursorColumns = try CursorQuery.columns(incremental, in: header, origin: "SQLite source \(path)")
    }

    public func next() throws -> SourceRow? {
        try step() ? currentRow() : nil
    }

    public func step() throws -> Bool {
        do {
            guard try statement.step() else { return false }
        } catch {
            throw HubError.temporary("reading \(database.path) failed: \(error.message)", fix: "retry later; check the source database")
        }
        rowNumber += 1
        if let (value, key) = cursorColumns {
            cursor = SourceCursor(value: statement.value(value), key: statement.value(key)).text
        }
        return true
    }

    public func forEachRawValue(_ body: (UnsafeRawBufferPointer?) -> Void) {
        for column in 0..<header.columns.count { statement.withTextBytes(column, body) }
    }

    public func value(at column: Int) -> String? { statement.text(column) }

    public func currentRow() -> SourceRow {
        SourceRow(number: rowNumber, values: (0..<header.columns.count).map { statement.text($0) })
    }
}

extension SQLValue {
    /// The value as text for a PostgreSQL parameter (which casts it to the column's type).
    var text: String? {
        switch self {
        case .null: return nil
        case let .integer(v): return String(v)
        case let .real(v): return String(v)
        case let .text(v): return v
        }
    }
}

/// A position in a cursor-ordered source: the cursor column's and the key's
/// values, typed (SQLite compares an integer and a text differently), as JSON.
struct SourceCursor {
    let value: SQLValue
    let key: SQLValue

    var text: String {
        var writer = JSONWriter()
        writer.array([value, key]) { w, part in
            switch part {
            case .null: w.raw("null")
            case let .integer(v): w.number(Int(v))
            case let .real(v): w.number(v)
            case let .text(v): w.string(v)
            }
        }
        return writer.text
    }

    static func parse(_ text: String) -> SourceCursor? {
        guard case let .array(parts)? = try? JSONParser.parse(text), parts.count == 2 else { return nil }
        func value(_ json: JSONValue) -> SQLValue {
            switch json {
            case let .number(n): return n.int.map { .integer(Int64($0)) } ?? .real(n.double)
            case let .string(s): return .text(s)
            default: return .null
            }
        }
        return SourceCursor(value: value(parts[0]), key: value(parts[1]))
    }
}
