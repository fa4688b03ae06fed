import CMariaDB
import Glibc

/// A value bound to a `?` placeholder.
public enum MariaDBParameter: Sendable, Equatable {
    case null
    /// Text, sent in the connection's character set.
    case text(String)
    /// An exact number given by its digits ("20230001", "-12.50"): sent as DECIMAL, so an integer or decimal
    /// column compares with it exactly (text compared with a number would go through a double).
    case number(String)
}

/// A column of a statement's result.
public struct MariaDBColumn: Sendable, Equatable {
    public enum Kind: Sendable {
        /// TINYINT ... BIGINT, YEAR, BIT.
        case integer
        /// DECIMAL / NUMERIC.
        case decimal
        /// FLOAT, DOUBLE.
        case float
        /// DATE, TIME, DATETIME, TIMESTAMP.
        case temporal
        case text
        /// BINARY, VARBINARY, BLOB: bytes, not text.
        case binary
    }

    public let name: String
    public let kind: Kind

    /// Integers and decimals: a cursor on such a column is bound as a number.
    public var isExact: Bool { kind == .integer || kind == .decimal }
}

/// One prepared statement; the only owner of its `MYSQL_STMT*`.
public final class MariaDBStatement {
    let connection: MariaDBConnection
    private(set) var handle: UnsafeMutablePointer<MYSQL_STMT>?
    let sql: String
    public let columns: [MariaDBColumn]
    /// Whether each column's bytes are binary (not decoded in the connection's character set).
    let binary: [Bool]
    public let parameterCount: Int

    init(connection: MariaDBConnection, sql: String) throws(MariaDBError) {
        self.connection = connection
        self.sql = sql
        let mysql = try connection.live()
        guard let stmt = mysql_stmt_init(mysql) else { throw MariaDBConnection.error(mysql, statement: sql) }
        let bytes = try connection.encoded(sql) + [0]
        let status = bytes.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { mysql_stmt_prepare(stmt, $0.baseAddress, UInt($0.count - 1)) }
        }
        guard status == 0 else {
            let error = Self.error(stmt, statement: sql)
            mysql_stmt_close(stmt)
            throw error
        }
        handle = stmt
        parameterCount = Int(mysql_stmt_param_count(stmt))
        var columns: [MariaDBColumn] = [], binary: [Bool] = []
        if let metadata = mysql_stmt_result_metadata(stmt) {
            let count = Int(mysql_num_fields(metadata))
            if let fields = mysql_fetch_fields(metadata) {
                for index in 0..<count {
                    let field = fields[index]
                    let raw = field.name.map { Array(UnsafeRawBufferPointer(start: $0, count: Int(field.name_length))) } ?? []
                    let decodedName = raw.isEmpty ? "column\(index + 1)"
                        : ((try? connection.decoded(raw, binary: false, column: "column\(index + 1)")) ?? String(decoding: raw, as: UTF8.self))
                    let kind = Self.kind(field.type, charset: field.charsetnr)
                    columns.append(MariaDBColumn(name: decodedName, kind: kind))
                    binary.append(kind == .binary)
                }
            }
            mysql_free_result(metadata)
        }
        self.columns = columns
        self.binary = binary
    }

    deinit { close() }

    func close() {
        if let handle { mysql_stmt_close(handle) }
        handle = nil
    }

    func live() throws(MariaDBError) -> UnsafeMutablePointer<MYSQL_STMT> {
        guard let handle, connection.handle != nil else { throw MariaDBError(kind: .connection, message: "the connection was closed") }
        return handle
    }

    /// Runs the statement (no result set expected); returns the rows it changed
    /// (an upsert counts 1 for an insert, 2 for an update, 0 when nothing changed).
    public func execute(_ parameters: [MariaDBParameter]) throws(MariaDBError) -> Int {
        let stmt = try run(parameters)
        let changed = mysql_stmt_affected_rows(stmt)
        mysql_stmt_free_result(stmt)
        return changed == UInt64.max ? 0 : Int(changed)
    }

    /// Runs the statement and streams its rows: unbuffered (no `mysql_stmt_store_result`), each row read
    /// from the network when asked for, so memory stays bounded whatever the result's size. The
    /// connection can run nothing else until the rows are read or the stream is released.
    public func stream(_ parameters: [MariaDBParameter]) throws(MariaDBError) -> MariaDBRowStream {
        let stmt = try run(parameters)
        return try MariaDBRowStream(statement: self, handle: stmt)
    }

    private func run(_ parameters: [MariaDBParameter]) throws(MariaDBError) -> UnsafeMutablePointer<MYSQL_STMT> {
        let stmt = try live()
        guard parameters.count == parameterCount else {
            throw MariaDBError(kind: .query, message: "the statement takes \(parameterCount) parameters, \(parameters.count) given")
        }
        var buffers: [UnsafeMutablePointer<UInt8>?] = []
        defer { buffers.forEach { $0?.deallocate() } }
        var binds = [MYSQL_BIND](repeating: MYSQL_BIND(), count: parameters.count)
        let lengths = UnsafeMutablePointer<UInt>.allocate(capacity: max(1, parameters.count))
        defer { lengths.deallocate() }
        for (index, parameter) in parameters.enumerated() {
            let bytes: [UInt8]
            switch parameter {
            case .null:
                binds[index].buffer_type = MYSQL_TYPE_NULL
                buffers.append(nil)
                continue
            case let .text(text):
                bytes = try connection.encoded(text)
                binds[index].buffer_type = MYSQL_TYPE_STRING
            case let .number(digits):
                bytes = Array(digits.utf8)
                binds[index].buffer_type = MYSQL_TYPE_NEWDECIMAL
            }
            let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: max(1, bytes.count))
            buffer.initialize(from: bytes, count: bytes.count)
            buffers.append(buffer)
            lengths[index] = UInt(bytes.count)
            binds[index].buffer = UnsafeMutableRawPointer(buffer)
            binds[index].buffer_length = UInt(bytes.count)
            binds[index].length = lengths + index
        }
        if !parameters.isEmpty {
            let bound = binds.withUnsafeMutableBufferPointer { mysql_stmt_bind_param(stmt, $0.baseAddress) }
            guard bound == 0 else { throw Self.error(stmt, statement: sql) }
        }
        guard mysql_stmt_execute(stmt) == 0 else { throw Self.error(stmt, statement: sql) }
        return stmt
    }

    static func error(_ stmt: UnsafeMutablePointer<MYSQL_STMT>, statement: String) -> MariaDBError {
        let code = mysql_stmt_errno(stmt)
        let state = mysql_stmt_sqlstate(stmt).map { String(cString: $0) }
        let message = mysql_stmt_error(stmt).map { String(cString: $0) } ?? ""
        return MariaDBConnection.classify(code: code, state: state, message: message, statement: statement, connecting: false)
    }

    static func kind(_ type: enum_field_types, charset: UInt32) -> MariaDBColumn.Kind {
        switch type {
        case MYSQL_TYPE_TINY, MYSQL_TYPE_SHORT, MYSQL_TYPE_LONG, MYSQL_TYPE_INT24, MYSQL_TYPE_LONGLONG, MYSQL_TYPE_YEAR, MYSQL_TYPE_BIT:
            return .integer
        case MYSQL_TYPE_DECIMAL, MYSQL_TYPE_NEWDECIMAL: return .decimal
        case MYSQL_TYPE_FLOAT, MYSQL_TYPE_DOUBLE: return .float
        case MYSQL_TYPE_DATE, MYSQL_TYPE_TIME, MYSQL_TYPE_DATETIME, MYSQL_TYPE_TIMESTAMP, MYSQL_TYPE_NEWDATE: return .temporal
        default:
            // Character set 63 is "binary": BINARY, VARBINARY, BLOB.
            return charset == 63 ? .binary : .text
        }
    }
}

/// The rows of one executing statement, read one at a time from the network. Each value comes back
/// as text exactly as the server sends it (a DECIMAL or BIGINT as its digits, a DATE or DATETIME as
/// text): nothing goes through a Double. Releasing the stream before its end closes the connection
/// rather than reading the rest of a large result.
public final class MariaDBRowStream {
    private let statement: MariaDBStatement
    private let handle: UnsafeMutablePointer<MYSQL_STMT>
    public var columns: [MariaDBColumn] { statement.columns }
    private var binds: [MYSQL_BIND]
    private var buffers: [UnsafeMutableRawPointer]
    private var capacities: [Int]
    private let lengths: UnsafeMutablePointer<UInt>
    private let nulls: UnsafeMutablePointer<my_bool>
    private let truncated: UnsafeMutablePointer<my_bool>
    private var finished = false

    fileprivate init(statement: MariaDBStatement, handle: UnsafeMutablePointer<MYSQL_STMT>) throws(MariaDBError) {
        self.statement = statement
        self.handle = handle
        let count = statement.columns.count
        lengths = .allocate(capacity: max(1, count))
        nulls = .allocate(capacity: max(1, count))
        truncated = .allocate(capacity: max(1, count))
        capacities = Array(repeating: 64, count: count)
        buffers = capacities.map { UnsafeMutableRawPointer.allocate(byteCount: $0, alignment: 8) }
        binds = Array(repeating: MYSQL_BIND(), count: count)
        for index in 0..<count {
            // Every type fetched as a string: Connector/C writes integers, decimals and dates as their text.
            binds[index].buffer_type = MYSQL_TYPE_STRING
            binds[index].buffer = buffers[index]
            binds[index].buffer_length = UInt(capacities[index])
            binds[index].length = lengths + index
            binds[index].is_null = nulls + index
            binds[index].error = truncated + index
        }
        guard count > 0 else {
            finished = true
            return
        }
        let bound = binds.withUnsafeMutableBufferPointer { mysql_stmt_bind_result(handle, $0.baseAddress) }
        guard bound == 0 else { throw MariaDBStatement.error(handle, statement: statement.sql) }
    }

    deinit {
        // Unread rows: closing the connection drops them (reading a large rest would take as long as the read).
        if !finished { statement.connection.abandon() }
        buffers.forEach { $0.deallocate() }
        lengths.deallocate()
        nulls.deallocate()
        truncated.deallocate()
    }

    /// The next row's values as text (nil for NULL), or nil at the end.
    public func next() throws(MariaDBError) -> [String?]? {
        guard !finished else { return nil }
        let status = mysql_stmt_fetch(handle)
        switch status {
        case 0, MYSQL_DATA_TRUNCATED: break
        case MYSQL_NO_DATA:
            finished = true
            mysql_stmt_free_result(handle)
            return nil
        default:
            let error = MariaDBStatement.error(handle, statement: statement.sql)
            finished = true
            statement.connection.abandon()
            throw error
        }
        if status == MYSQL_DATA_TRUNCATED { try refetchTruncated() }
        var row: [String?] = []
        row.reserveCapacity(binds.count)
        for index in 0..<binds.count {
            if nulls[index] != 0 {
                row.append(nil)
                continue
            }
            let count = min(Int(lengths[index]), capacities[index])
            let bytes = Array(UnsafeRawBufferPointer(start: buffers[index], count: count))
            row.append(try statement.connection.decoded(bytes, binary: statement.binary[index], column: statement.columns[index].name))
        }
        return row
    }

    /// Values longer than their buffer: a larger buffer, the column fetched again, and kept for later rows.
    private func refetchTruncated() throws(MariaDBError) {
        var grew = false
        for index in 0..<binds.count where truncated[index] != 0 && nulls[index] == 0 {
            let needed = Int(lengths[index])
            buffers[index].deallocate()
            let capacity = max(needed, capacities[index] * 2)
            buffers[index] = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 8)
            capacities[index] = capacity
            binds[index].buffer = buffers[index]
            binds[index].buffer_length = UInt(capacity)
            let fetched = withUnsafeMutablePointer(to: &binds[index]) { mysql_stmt_fetch_column(handle, $0, UInt32(index), 0) }
            guard fetched == 0 else { throw MariaDBStatement.error(handle, statement: statement.sql) }
            grew = true
        }
        if grew {
            let bound = binds.withUnsafeMutableBufferPointer { mysql_stmt_bind_result(handle, $0.baseAddress) }
            guard bound == 0 else { throw MariaDBStatement.error(handle, statement: statement.sql) }
        }
    }
}
