import HubCore
import SQLiteDB
import Workspace

/// The SQL both database sources run: the table or query, and for an
/// incremental read the rows after the committed (cursor column, key)
/// position, in that order — so rows sharing a timestamp are neither missed
/// nor read twice.
struct CursorQuery {
    let sql: String
    /// The cursor's value and key, to bind as parameters 1 and 2 (none without a position).
    let position: [SQLValue]

    /// `placeholders`: how the database spells parameters 1 and 2 ("?1"/"?2" or "$1"/"$2"; MySQL's "?"/"?"
    /// are positional, so its caller binds the value twice); `quote`: its identifier quote (MySQL's is a backtick);
    /// `nulls`: how the database is told to sort NULL first.
    ///
    /// Rows whose cursor value is NULL come first, by key. After a position whose value is NULL come
    /// the other NULL rows by key, then every row with a value: one parameter, the key (`column > NULL`
    /// would match nothing, for ever — and on PostgreSQL, which sorts NULL last, a row changed later
    /// would sort before the position and never be read).
    init(base: String, incremental: CursorSpec?, after: String?, placeholders: (String, String), quote: Character = "\"",
         nulls: NullsFirst = .clause) {
        guard let incremental else {
            sql = base
            position = []
            return
        }
        let column = Self.quoted(incremental.column, quote), key = Self.quoted(incremental.key, quote)
        // No AS before the alias: Oracle refuses it, the others take either.
        var sql = "SELECT * FROM (\(base)) source"
        var position: [SQLValue] = []
        if let after, let cursor = SourceCursor.parse(after) {
            let (value, tie) = placeholders
            if cursor.value == .null {
                sql += " WHERE (\(column) IS NULL AND \(key) > \(value)) OR \(column) IS NOT NULL"
                position = [cursor.key]
            } else {
                sql += " WHERE \(column) > \(value) OR (\(column) = \(value) AND \(key) > \(tie))"
                position = [cursor.value, cursor.key]
            }
        }
        switch nulls {
        case .clause: self.sql = sql + " ORDER BY \(column) NULLS FIRST, \(key)"
        case .byDefault: self.sql = sql + " ORDER BY \(column), \(key)"
        case .portable: self.sql = sql + " ORDER BY CASE WHEN \(column) IS NULL THEN 0 ELSE 1 END, \(column), \(key)"
        }
        self.position = position
    }

    /// How a database sorts NULL before every value.
    enum NullsFirst {
        /// `NULLS FIRST` (SQLite, PostgreSQL, Oracle, DM, Kingbase).
        case clause
        /// It does on its own and knows no clause (MySQL, MariaDB).
        case byDefault
        /// Any SQL database (ODBC, whose database may be SQL Server, which knows no clause, or Oracle, which sorts NULL last).
        case portable
    }

    static func quoted(_ name: String, _ quote: Character = "\"") -> String {
        String(quote) + name.replacingOccurrences(of: String(quote), with: String([quote, quote])) + String(quote)
    }

    /// `SELECT * FROM "schema"."table"` (MySQL: `` `database`.`table` ``).
    static func selectAll(_ table: String, quote: Character = "\"") -> String {
        "SELECT * FROM " + table.split(separator: ".").map { quoted(String($0), quote) }.joined(separator: ".")
    }

    /// The position just after a row of text values (a PostgreSQL or MySQL row), nil without a cursor.
    static func position(after values: [String?], columns: (value: Int, key: Int)?) -> String? {
        guard let (value, key) = columns else { return nil }
        return SourceCursor(value: .optional(values[value]), key: .optional(values[key])).text
    }

    /// Positions of the cursor columns among the columns read, for an incremental read.
    static func columns(_ incremental: CursorSpec?, in header: SourceHeader, origin: String) throws(HubError) -> (value: Int, key: Int)? {
        guard let incremental else { return nil }
        guard let value = header.index(of: incremental.column), let key = header.index(of: incremental.key) else {
            throw HubError.config("\(origin): the cursor columns \(incremental.column), \(incremental.key) are not among the columns read",
                                  fix: "name columns of the table or query in \"cursor\"")
        }
        return (value, key)
    }
}
