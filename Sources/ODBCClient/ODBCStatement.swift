import CODBC

/// One statement handle (`SQLHSTMT`) and the parameter buffers bound to it. Rows are
/// fetched one at a time (`SQLFetch`) and each field read in 8 KiB pieces (`SQLGetData`),
/// so neither a large result nor a long field is ever held whole by this side; every
/// value comes as text, so a DECIMAL(18) or a BIGINT stays exact and a date is the
/// driver's ISO text (`2026-03-01 08:00:00`).
public final class ODBCStatement {
    private let connection: ODBCConnection
    private let handle: SQLHSTMT
    private var buffers: [UnsafeMutableRawPointer] = []
    private var indicators: UnsafeMutablePointer<SQLLEN>?
    private var sql = ""
    public private(set) var columns: [ODBCColumn] = []
    private var finished = false
    /// The buffers `SQLGetData` fills, allocated once per statement (not once per field).
    private var widePiece = [SQLWCHAR](repeating: 0, count: ODBCStatement.pieceUnits)
    private var narrowPiece = [UInt8](repeating: 0, count: ODBCStatement.pieceUnits * 2)

    init(connection: ODBCConnection) throws(ODBCError) {
        var statement: SQLHANDLE?
        guard SQL_SUCCEEDED(SQLAllocHandle(SQLSMALLINT(SQL_HANDLE_STMT), connection.handle, &statement)), let statement else {
            throw ODBCConnection.diagnostic(SQLSMALLINT(SQL_HANDLE_DBC), connection.handle, kind: .connection, secrets: connection.secrets)
        }
        self.connection = connection
        handle = statement
    }

    deinit {
        SQLFreeHandle(SQLSMALLINT(SQL_HANDLE_STMT), handle)
        freeParameters()
    }

    /// Rows an INSERT, UPDATE or DELETE changed (-1 when the driver does not say).
    public var changedRows: Int {
        var count: SQLLEN = -1
        return SQL_SUCCEEDED(SQLRowCount(handle, &count)) ? Int(count) : -1
    }

    func prepare(_ sql: String) throws(ODBCError) {
        self.sql = sql
        var text = Array(sql.utf16)
        let rc = text.withUnsafeMutableBufferPointer { SQLPrepareW(handle, $0.baseAddress, SQLINTEGER($0.count)) }
        try check(rc)
    }

    /// The result's columns, as the driver describes them after the prepare (before it runs).
    func describeColumns() throws(ODBCError) -> [ODBCColumn] {
        var count: SQLSMALLINT = 0
        try check(SQLNumResultCols(handle, &count))
        var described: [ODBCColumn] = []
        for index in 0..<Int(count) {
            var name = [SQLWCHAR](repeating: 0, count: 256)
            var nameLength: SQLSMALLINT = 0, type: SQLSMALLINT = 0, digits: SQLSMALLINT = 0, nullable: SQLSMALLINT = 0
            var size: SQLULEN = 0
            let rc = name.withUnsafeMutableBufferPointer {
                SQLDescribeColW(handle, SQLUSMALLINT(index + 1), $0.baseAddress, SQLSMALLINT($0.count), &nameLength, &type, &size, &digits, &nullable)
            }
            try check(rc)
            // The SQLite 3 driver counts the name's UTF-8 bytes, not its UTF-16 units: the name ends at its terminator.
            let text = Self.repairedName(Array(name.prefix(min(Int(nameLength), name.count - 1)).prefix { $0 != 0 }))
            described.append(ODBCColumn(name: text.isEmpty ? "column\(index + 1)" : text, sqlType: type, size: Int(clamping: size), digits: digits))
        }
        return described
    }

    func readColumns() throws(ODBCError) { columns = try describeColumns() }

    /// A column name from UTF-16. The SQLite 3 driver widens its UTF-8 names byte by byte (学号 arrives as
    /// "å­¦å\u{8f}·"): a name whose units are all bytes and that is valid UTF-8 with multi-byte characters
    /// is decoded as the UTF-8 it was. A real Latin-1 name (café) is not valid UTF-8 and stays.
    public static func repairedName(_ units: [UInt16]) -> String {
        if units.contains(where: { $0 >= 0x80 }), units.allSatisfy({ $0 <= 0xFF }),
           let text = String(validating: units.map { UInt8($0) }, as: UTF8.self) {
            return text
        }
        return String(decoding: units, as: UTF16.self)
    }

    /// Binds text parameters as UTF-16 (`SQL_C_WCHAR`), each converted by the driver to its SQL type.
    func bind(_ parameters: [ODBCParameter]) throws(ODBCError) {
        freeParameters()
        guard !parameters.isEmpty else { return }
        let lengths = UnsafeMutablePointer<SQLLEN>.allocate(capacity: parameters.count)
        indicators = lengths
        for (index, parameter) in parameters.enumerated() {
            let units = parameter.text.map { Array($0.utf16) } ?? []
            let bytes = (units.count + 1) * MemoryLayout<SQLWCHAR>.stride
            let buffer = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: MemoryLayout<SQLWCHAR>.alignment)
            buffers.append(buffer)
            let typed = buffer.bindMemory(to: SQLWCHAR.self, capacity: units.count + 1)
            for (offset, unit) in units.enumerated() { typed[offset] = unit }
            typed[units.count] = 0
            lengths[index] = parameter.text == nil ? SQLLEN(SQL_NULL_DATA) : SQLLEN(units.count * MemoryLayout<SQLWCHAR>.stride)
            let size = parameter.sqlType == Int16(SQL_WVARCHAR) ? max(units.count, 1) : parameter.size
            let rc = SQLBindParameter(handle, SQLUSMALLINT(index + 1), SQLSMALLINT(SQL_PARAM_INPUT), SQLSMALLINT(SQL_C_WCHAR), SQLSMALLINT(parameter.sqlType),
                                      SQLULEN(size), SQLSMALLINT(parameter.digits), buffer, SQLLEN(bytes), lengths + index)
            try check(rc)
        }
    }

    func execute() throws(ODBCError) {
        let rc = SQLExecute(handle)
        // SQL_NO_DATA: a searched UPDATE or DELETE that matched no row.
        guard rc != SQLRETURN(SQL_NO_DATA) else { return }
        try check(rc)
    }

    private func freeParameters() {
        buffers.forEach { $0.deallocate() }
        buffers.removeAll()
        indicators?.deallocate()
        indicators = nil
    }

    /// The next row's values as text (`SQL_C_WCHAR`: any Unicode driver), or nil at the end.
    public func next() throws(ODBCError) -> [String?]? {
        guard try fetch() else { return nil }
        var values: [String?] = []
        values.reserveCapacity(columns.count)
        for index in 0..<columns.count {
            values.append(try wideField(index).map { String(decoding: $0, as: UTF16.self) })
        }
        return values
    }

    /// The next row's values as the driver's bytes (`SQL_C_CHAR`), for a driver whose narrow text is not UTF-8 (GBK) and is decoded by the caller, or nil at the end.
    public func nextBytes() throws(ODBCError) -> [[UInt8]?]? {
        guard try fetch() else { return nil }
        var values: [[UInt8]?] = []
        values.reserveCapacity(columns.count)
        for index in 0..<columns.count { values.append(try narrowField(index)) }
        return values
    }

    private func fetch() throws(ODBCError) -> Bool {
        guard !finished else { return false }
        let rc = SQLFetch(handle)
        if rc == SQLRETURN(SQL_NO_DATA) {
            finished = true
            SQLCloseCursor(handle)
            return false
        }
        try check(rc)
        return true
    }

    private static let pieceUnits = 4096

    /// One field in pieces of `SQLGetData` (SQL_C_WCHAR), or nil for NULL.
    private func wideField(_ index: Int) throws(ODBCError) -> [UInt16]? {
        var field: [UInt16] = []
        while true {
            var length: SQLLEN = 0
            let rc = widePiece.withUnsafeMutableBufferPointer {
                SQLGetData(handle, SQLUSMALLINT(index + 1), SQLSMALLINT(SQL_C_WCHAR), $0.baseAddress, SQLLEN($0.count * 2), &length)
            }
            if rc == SQLRETURN(SQL_NO_DATA) { return field }
            try check(rc)
            if length == SQLLEN(SQL_NULL_DATA) { return nil }
            // More to come (01004, data truncated): the piece is full but for its terminator.
            let more = rc == SQLRETURN(SQL_SUCCESS_WITH_INFO) && (length == SQLLEN(SQL_NO_TOTAL) || Int(length) / 2 > Self.pieceUnits - 1)
            let units = more ? Self.pieceUnits - 1 : min(Int(length) / 2, Self.pieceUnits - 1)
            field.append(contentsOf: widePiece.prefix(units))
            if !more { return field }
        }
    }

    /// One field in pieces of `SQLGetData` (SQL_C_CHAR), or nil for NULL.
    private func narrowField(_ index: Int) throws(ODBCError) -> [UInt8]? {
        var field: [UInt8] = []
        while true {
            var length: SQLLEN = 0
            let rc = narrowPiece.withUnsafeMutableBufferPointer {
                SQLGetData(handle, SQLUSMALLINT(index + 1), SQLSMALLINT(SQL_C_CHAR), $0.baseAddress, SQLLEN($0.count), &length)
            }
            if rc == SQLRETURN(SQL_NO_DATA) { return field }
            try check(rc)
            if length == SQLLEN(SQL_NULL_DATA) { return nil }
            let capacity = narrowPiece.count - 1
            let more = rc == SQLRETURN(SQL_SUCCESS_WITH_INFO) && (length == SQLLEN(SQL_NO_TOTAL) || Int(length) > capacity)
            field.append(contentsOf: narrowPiece.prefix(more ? capacity : min(Int(length), capacity)))
            if !more { return field }
        }
    }

    private func check(_ rc: SQLRETURN) throws(ODBCError) {
        guard !SQL_SUCCEEDED(rc) else { return }
        throw ODBCConnection.diagnostic(SQLSMALLINT(SQL_HANDLE_STMT), handle, kind: .statement, secrets: connection.secrets, statement: sql)
    }
}
