import SQLiteDB

/// What the store needs of a database connection: SQLite's `Database` and the
/// PostgreSQL adapter both provide it, so the store's logic is written once.
/// SQL is written with `?` placeholders in the subset both engines share;
/// `SQLDialect` spells the few things they do not.
public protocol SQLConnection: AnyObject {
    associatedtype PreparedStatement: SQLStatement
    var dialect: SQLDialect { get }
    func execute(_ sql: String) throws
    func prepare(_ sql: String) throws -> PreparedStatement
    func rows(_ sql: String, _ values: [SQLValue]) throws -> [[String?]]
    func scalar(_ sql: String, _ values: [SQLValue]) throws -> String?
    /// Commits when `body` returns, rolls back when it throws; nested, a savepoint.
    func transaction<T>(immediate: Bool, _ body: () throws -> T) throws -> T
    /// Runs `body` in a transaction that is always rolled back (`--dry-run`).
    func rollingBack<T>(_ body: () throws -> T) throws -> T
    /// Rows the last INSERT, UPDATE or DELETE changed.
    var changes: Int { get }
    /// A query's rows one at a time, never the whole result in memory (copying a store).
    func stream(_ sql: String) throws -> any SQLRowStream
}

public protocol SQLRowStream: AnyObject {
    /// The next row's values as text, or nil at the end.
    func next() throws -> [String?]?
}

public protocol SQLStatement: AnyObject {
    @discardableResult func bind(_ values: [SQLValue]) throws -> Self
    /// Advances to the next row; false when there is none.
    func step() throws -> Bool
    func run(_ values: [SQLValue]) throws
    func reset()
    func text(_ index: Int) -> String?
    func int(_ index: Int) -> Int64
    func double(_ index: Int) -> Double
    func isNull(_ index: Int) -> Bool
}

extension SQLConnection {
    func rows(_ sql: String) throws -> [[String?]] { try rows(sql, []) }
    func scalar(_ sql: String) throws -> String? { try scalar(sql, []) }
    func transaction<T>(_ body: () throws -> T) throws -> T { try transaction(immediate: true, body) }
}

extension SQLStatement {
    func run() throws { try run([]) }
}

/// Placeholder lists for the store's SQL.
enum SQLText {
    /// `?, ?, ?`
    static func placeholders(_ count: Int) -> String { Array(repeating: "?", count: count).joined(separator: ", ") }

    /// `(?, ?), (?, ?)`: the rows of a multi-row VALUES.
    static func rows(_ count: Int, of width: Int) -> String {
        Array(repeating: "(" + placeholders(width) + ")", count: count).joined(separator: ", ")
    }
}

/// Where SQLite and PostgreSQL differ in the store's SQL.
public enum SQLDialect: Sendable {
    case sqlite
    case postgres

    /// A string member of a JSON object stored as text.
    func jsonText(_ column: String, _ member: String) -> String {
        let name = member.replacingOccurrences(of: "'", with: "")
        switch self {
        case .sqlite: return "json_extract(\(column), '$.\(name)')"
        case .postgres: return "(\(column)::jsonb ->> '\(name)')"
        }
    }

    /// A connection's own scratch table (SQLite: without rowid, keyed rows only).
    func temporaryTable(_ name: String, _ columns: String) -> String {
        "CREATE TEMP TABLE IF NOT EXISTS \(name) (\(columns))" + (self == .sqlite ? " WITHOUT ROWID" : "")
    }

    /// `column IN (?, ?, ...)` for `values`. PostgreSQL gets `column = ANY(?)` with one text array
    /// instead: one statement to prepare and a plan made in no time, whatever the count.
    func oneOf(_ column: String, _ values: some Collection<String>) -> (sql: String, values: [SQLValue]) {
        switch self {
        case .sqlite:
            return ("\(column) IN (\(SQLText.placeholders(values.count)))", values.map { .text($0) })
        case .postgres:
            return ("\(column) = ANY(CAST(? AS TEXT[]))", [.text(Self.textArray(values))])
        }
    }

    /// A PostgreSQL text array literal: each element quoted, its backslashes and quotes escaped.
    static func textArray(_ values: some Collection<String>) -> String {
        var bytes: [UInt8] = [UInt8(ascii: "{")]
        for (index, value) in values.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(UInt8(ascii: "\""))
            for byte in value.utf8 {
                if byte == UInt8(ascii: "\\") || byte == UInt8(ascii: "\"") { bytes.append(UInt8(ascii: "\\")) }
                bytes.append(byte)
            }
            bytes.append(UInt8(ascii: "\""))
        }
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An inner join the planner keeps in the written order (SQLite: CROSS JOIN; PostgreSQL plans by statistics).
    var joinInOrder: String { self == .sqlite ? "CROSS JOIN" : "JOIN" }

    /// Appended to a SELECT: lock the rows, skipping those another transaction holds (PostgreSQL;
    /// SQLite's write transaction holds the whole database already).
    var lockSkippingLocked: String { self == .postgres ? " FOR UPDATE SKIP LOCKED" : "" }

    /// An expression the planner must not use an index for (SQLite: unary `+`).
    func unindexed(_ expression: String) -> String {
        self == .sqlite ? "+" + expression : expression
    }
}

extension Database: SQLConnection {
    public var dialect: SQLDialect { .sqlite }

    public func stream(_ sql: String) throws -> any SQLRowStream { SQLiteRowStream(try prepare(sql)) }
}

/// A SQLite statement stepped row by row.
final class SQLiteRowStream: SQLRowStream {
    private let statement: Statement

    init(_ statement: Statement) { self.statement = statement }

    func next() throws -> [String?]? {
        guard try statement.step() else { return nil }
        return (0..<statement.columnCount).map { statement.text($0) }
    }
}

extension Statement: SQLStatement {}
