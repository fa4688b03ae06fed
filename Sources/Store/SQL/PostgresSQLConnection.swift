import HubCore
import PostgresClient
import SQLiteDB

/// The store's SQL on a PostgreSQL connection: `?` placeholders become `$n`,
/// statements are prepared on the server once per connection, values travel
/// as text (the server infers their types). Not thread-safe, like the store.
final class PostgresSQLConnection: SQLConnection {
    let connection: PostgresConnection
    let parameters: [(String, String)]
    private var prepared: [String: String] = [:]
    private(set) var changes = 0

    var dialect: SQLDialect { .postgres }

    init(parameters: [(String, String)]) throws {
        self.parameters = parameters
        connection = try PostgresConnection(parameters: parameters)
        // Plans for the values at hand: a table that grew during a run keeps no plan made when it was empty.
        try connection.execute("SET client_min_messages = warning; SET plan_cache_mode = force_custom_plan")
    }

    func execute(_ sql: String) throws { try connection.execute(sql) }

    /// Server-side statements a connection keeps at most; SQL beyond them (list queries with ever
    /// other filters, say) runs unprepared, so a long-running `serve` does not grow the server's memory.
    static let preparedLimit = 200

    func prepare(_ sql: String) throws -> PostgresSQLStatement {
        if let name = prepared[sql] { return PostgresSQLStatement(connection: self, prepared: name) }
        guard prepared.count < Self.preparedLimit else { return PostgresSQLStatement(connection: self, sql: sql) }
        let name = "s\(prepared.count + 1)"
        try connection.prepare(name: name, sql: Self.numberedPlaceholders(sql))
        prepared[sql] = name
        return PostgresSQLStatement(connection: self, prepared: name)
    }

    func rows(_ sql: String, _ values: [SQLValue]) throws -> [[String?]] {
        let result = try run(sql, values)
        let columns = result.columnCount
        return (0..<result.rowCount).map { row in (0..<columns).map { result.text(row, $0) } }
    }

    func scalar(_ sql: String, _ values: [SQLValue]) throws -> String? {
        let result = try run(sql, values)
        return result.rowCount > 0 ? result.text(0, 0) : nil
    }

    func run(_ sql: String, _ values: [SQLValue]) throws -> PostgresResult {
        let result = try connection.execute(Self.numberedPlaceholders(sql), values.map(Self.text))
        changes = result.changed
        return result
    }

    func executePrepared(_ name: String, _ values: [SQLValue]) throws -> PostgresResult {
        let result = try connection.execute(prepared: name, values.map(Self.text))
        changes = result.changed
        return result
    }

    func stream(_ sql: String) throws -> any SQLRowStream { try connection.stream(Self.numberedPlaceholders(sql)) }

    func transaction<T>(immediate: Bool, _ body: () throws -> T) throws -> T {
        try SQLTransaction.run(begin: "BEGIN", inTransaction: connection.isInTransaction, execute: { try execute($0) }, body)
    }

    func rollingBack<T>(_ body: () throws -> T) throws -> T {
        try execute("BEGIN")
        defer { try? execute("ROLLBACK") }
        return try body()
    }

    static func text(_ value: SQLValue) -> String? {
        switch value {
        case .null: nil
        case let .integer(number): String(number)
        case let .real(number): String(number)
        case let .text(text): text
        }
    }

    /// `?` -> `$1`, `$2`, ... outside quoted strings and identifiers.
    static func numberedPlaceholders(_ sql: String) -> String {
        var output = "", number = 0
        var quote: Character?
        output.reserveCapacity(sql.utf8.count + 16)
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                output.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                output.append(character)
            } else if character == "?" {
                number += 1
                output += "$\(number)"
            } else {
                output.append(character)
            }
        }
        return output
    }
}

/// A server-side prepared statement (or, past the connection's limit, its SQL run unprepared);
/// `step()` runs it on first call and then walks its rows.
final class PostgresSQLStatement: SQLStatement {
    private enum Form {
        case prepared(String)
        case text(String)
    }

    private let connection: PostgresSQLConnection
    private let form: Form
    private var values: [SQLValue] = []
    private var result: PostgresResult?
    private var row = -1

    init(connection: PostgresSQLConnection, prepared name: String) {
        self.connection = connection
        form = .prepared(name)
    }

    init(connection: PostgresSQLConnection, sql: String) {
        self.connection = connection
        form = .text(sql)
    }

    private func execute(_ values: [SQLValue]) throws -> PostgresResult {
        switch form {
        case let .prepared(name): try connection.executePrepared(name, values)
        case let .text(sql): try connection.run(sql, values)
        }
    }

    @discardableResult
    func bind(_ values: [SQLValue]) throws -> Self {
        reset()
        self.values = values
        return self
    }

    func step() throws -> Bool {
        if result == nil { result = try execute(values) }
        row += 1
        return row < (result?.rowCount ?? 0)
    }

    func run(_ values: [SQLValue]) throws {
        try bind(values)
        _ = try execute(values)
        reset()
    }

    func reset() {
        result = nil
        row = -1
    }

    func text(_ index: Int) -> String? { result?.text(row, index) }
    func int(_ index: Int) -> Int64 { text(index).flatMap { Int64($0) } ?? 0 }
    func double(_ index: Int) -> Double { text(index).flatMap { Double($0) } ?? 0 }
    func isNull(_ index: Int) -> Bool { text(index) == nil }
}

extension PostgresRowStream: SQLRowStream {}
