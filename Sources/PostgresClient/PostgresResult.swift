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
        try check(result)
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
        try check(result.handle)
        return result
    }

    /// True inside a transaction block (also a failed one).
    public var isInTransaction: Bool {
        let status = PQtransactionStatus(handle)
        return status == PQTRANS_INTRANS || status == PQTRANS_INERROR || status == PQTRANS_ACTIVE
    }
}
