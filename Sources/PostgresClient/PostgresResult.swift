import CLibPQ

/// One statement's result; the only owner of its `PGresult*`.
public final class PostgresResult {
    let handle: OpaquePointer?
    public let rowCount: Int
    public let columnCount: Int
    /// Rows an INSERT, UPDATE or DELETE changed (PQcmdTuples), 0 for other statements.
    public let changed: Int

    init(_ handle: OpaquePointer?) {
        self.handle = handle
        rowCount = Int(PQntuples(handle))
        columnCount = Int(PQnfields(handle))
        changed = PQcmdTuples(handle).flatMap { Int(String(cString: $0)) } ?? 0
    }

    deinit { PQclear(handle) }

    public func text(_ row: Int, _ column: Int) -> String? { PostgresConnection.text(handle, row, column) }
}

extension PostgresConnection {
    /// Prepares `sql` ($1, $2, ... placeholders; types inferred by the server) under `name`.
    public func prepare(name: String, sql: String) throws(PostgresError) {
        let result = PQprepare(handle, name, sql, 0, nil)
        defer { PQclear(result) }
        try check(result, sql: sql)
    }

    /// Runs a statement prepared under `name` with text parameters (nil is NULL).
    public func execute(prepared name: String, _ parameters: [String?]) throws(PostgresError) -> PostgresResult {
        let result = PostgresResult(withParameters(parameters) { values, count in
            PQexecPrepared(handle, name, count, values, nil, nil, 0)
        })
        try check(result.handle)
        return result
    }

    /// Runs one statement with text parameters, unprepared.
    public func execute(_ sql: String, _ parameters: [String?]) throws(PostgresError) -> PostgresResult {
        let result = PostgresResult(withParameters(parameters) { values, count in
            PQexecParams(handle, sql, count, nil, values, nil, nil, 0)
        })
        try check(result.handle, sql: sql)
        return result
    }

    /// True inside a transaction block (also a failed one).
    public var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }
}

extension PostgresConnection {
    /// `COPY table (columns) FROM STDIN` in text format: the fast way to load many rows.
    /// `rows` is drained as it is sent, so memory stays bounded.
    public func copyIn(table: String, columns: [String], rows: some Sequence<[String?]>) throws(PostgresError) {
        let copy = "COPY \(table) (\(columns.joined(separator: ", "))) FROM STDIN"
        let start = PQexec(handle, copy)
        defer { PQclear(start) }
        guard PQresultStatus(start) == PGRES_COPY_IN else {
            try check(start, sql: copy)
            throw PostgresError(kind: .query, message: "the server did not start COPY", sqlState: nil)
        }
        var buffer: [UInt8] = []
        func send() -> Bool {
            defer { buffer.removeAll(keepingCapacity: true) }
            return buffer.withUnsafeBufferPointer { bytes in
                bytes.baseAddress.map { $0.withMemoryRebound(to: CChar.self, capacity: bytes.count) { PQputCopyData(handle, $0, Int32(bytes.count)) == 1 } } ?? true
            }
        }
        var failed = false
        for row in rows {
            for (index, value) in row.enumerated() {
                if index > 0 { buffer.append(UInt8(ascii: "\t")) }
                Self.appendCopyText(value, to: &buffer)
            }
            buffer.append(UInt8(ascii: "\n"))
            if buffer.count >= 1 << 20, !send() { failed = true; break }
        }
        if !failed, !buffer.isEmpty, !send() { failed = true }
        _ = PQputCopyEnd(handle, failed ? "the client stopped sending" : nil)
        var firstError: PostgresError?
        while let result = nextResult() {
            do { try check(result, sql: copy) } catch { firstError = firstError ?? error }
            PQclear(result)
        }
        if let firstError { throw firstError }
        if failed { throw error(kind: .connection) }
    }

    /// A value in COPY's text format: `\N` for NULL; backslash, tab, newline and carriage return escaped.
    static func appendCopyText(_ value: String?, to buffer: inout [UInt8]) {
        guard var value else {
            buffer.append(UInt8(ascii: "\\"))
            buffer.append(UInt8(ascii: "N"))
            return
        }
        value.withUTF8 { bytes in
            // Runs without a byte to escape go in whole (most values have none).
            var start = 0
            for (index, byte) in bytes.enumerated() {
                let escaped: UInt8
                switch byte {
                case UInt8(ascii: "\\"): escaped = UInt8(ascii: "\\")
                case UInt8(ascii: "\t"): escaped = UInt8(ascii: "t")
                case UInt8(ascii: "\n"): escaped = UInt8(ascii: "n")
                case UInt8(ascii: "\r"): escaped = UInt8(ascii: "r")
                default: continue
                }
                buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
                buffer.append(UInt8(ascii: "\\"))
                buffer.append(escaped)
                start = index + 1
            }
            buffer.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
    }
}
